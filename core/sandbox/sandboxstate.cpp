#include "sandbox/sandboxstate.h"

namespace Keyway {

QUrl SandboxState::baseUrl() const
{
    QUrl url;
    url.setScheme(config.https() ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(config.port);
    return url;
}

QString SandboxState::issuer() const
{
    return issuerOverride.isEmpty() ? baseUrl().toString() : issuerOverride;
}

} // namespace Keyway
