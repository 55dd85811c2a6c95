#include "http/apicall.h"

#include "http/calldriver.h"

namespace Keyway {

ApiCall::ApiCall(quint64 id, Request request, QObject *parent)
    : QObject(parent), m_id(id), m_request(std::move(request))
{
}

void ApiCall::abort()
{
    if (m_driver && !m_finished)
        m_driver->cancel();
}

QByteArray ApiCall::responseHeader(const QByteArray &name) const
{
    for (const auto &[key, value] : m_responseHeaders) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace Keyway
