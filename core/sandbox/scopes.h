#pragma once

#include <QString>

namespace Keyway {

// The scopes the sandbox knows (RFC 6749 3.3, space-separated), as advertised by discovery.
inline QString supportedScopes()
{
    return QStringLiteral("openid profile read write admin");
}

// What a user grant gets when it asks for no scope.
inline QString defaultScope()
{
    return QStringLiteral("read write");
}

// client_credentials acts for no user, so the OpenID Connect scopes mean nothing there.
inline QString clientCredentialsScopes()
{
    return QStringLiteral("read write admin");
}

} // namespace Keyway
