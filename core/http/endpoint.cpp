#include "http/endpoint.h"

namespace Keyway {

quint16 portOf(const QUrl &url)
{
    return quint16(url.port(
        url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 ? 443 : 80));
}

QString endpointOf(const QUrl &url)
{
    return QStringLiteral("%1:%2").arg(url.host()).arg(portOf(url));
}

} // namespace Keyway
