#include "sandbox/tokenresponse.h"

#include "sandbox/sandboxstate.h"
#include "sandbox/signedtokens.h"

#include <QJsonObject>

namespace Keyway {

HttpResponse tokenResponse(const SandboxState &state, const TokenRegistry::Grant &grant,
                           const QString &nonce)
{
    QJsonObject body {{QStringLiteral("access_token"), grant.accessToken},
                      {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                      {QStringLiteral("expires_in"), grant.expiresIn},
                      {QStringLiteral("scope"), grant.scope}};
    if (!grant.refreshToken.isEmpty())
        body.insert(QStringLiteral("refresh_token"), grant.refreshToken);
    if (grant.login.forUser && TokenRegistry::hasScope(grant.scope, QStringLiteral("openid")))
        body.insert(QStringLiteral("id_token"), makeIdToken(state, grant.login, nonce));
    HttpResponse response = HttpResponse::json(200, body);
    // RFC 6749 5.1: responses carrying tokens must not be cached.
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.addHeader(QByteArrayLiteral("Pragma"), QByteArrayLiteral("no-cache"));
    return response;
}

HttpResponse invalidRequest(const QString &description)
{
    return HttpResponse::error(400, QStringLiteral("invalid_request"), description);
}

HttpResponse invalidGrant(const QString &description)
{
    return HttpResponse::error(400, QStringLiteral("invalid_grant"), description);
}

HttpResponse invalidScope(const QString &description)
{
    return HttpResponse::error(400, QStringLiteral("invalid_scope"), description);
}

} // namespace Keyway
