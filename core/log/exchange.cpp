#include "log/exchange.h"

namespace Keyway {

static QByteArray headerValue(const HeaderList &headers, const QByteArray &name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray Exchange::responseHeader(const QByteArray &name) const
{
    return headerValue(responseHeaders, name);
}

QByteArray Exchange::requestHeader(const QByteArray &name) const
{
    return headerValue(requestHeaders, name);
}

} // namespace Keyway
