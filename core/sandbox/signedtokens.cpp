#include "sandbox/signedtokens.h"

#include "sandbox/jwt.h"
#include "sandbox/randomtoken.h"
#include "sandbox/sandboxstate.h"

#include <QDateTime>
#include <QJsonObject>

namespace Keyway {

namespace {

// Independent of the access token lifetime, which tests set to 0 or a few seconds: an
// id_token is checked once at sign-in, and one that arrives expired would fail every client.
constexpr qint64 idTokenLifetimeSec = 3600;

qint64 now()
{
    return QDateTime::currentSecsSinceEpoch();
}

} // namespace

QString makeIdToken(const SandboxState &state, const TokenRegistry::Login &login,
                    const QString &nonce)
{
    const qint64 issuedAt = now();
    QJsonObject claims {{QStringLiteral("iss"), state.issuer()},
                        {QStringLiteral("sub"), login.subject},
                        {QStringLiteral("aud"), login.clientId},
                        {QStringLiteral("iat"), issuedAt},
                        {QStringLiteral("exp"), issuedAt + idTokenLifetimeSec},
                        {QStringLiteral("name"), state.config.userDisplayName}};
    if (!nonce.isEmpty())
        claims.insert(QStringLiteral("nonce"), nonce);
    return signJwtHs256(claims, state.jwtKey);
}

QString makeJwtAccessToken(const SandboxState &state, const TokenRegistry::Login &login,
                           const QString &scope, int lifetimeSec)
{
    const qint64 issuedAt = now();
    return signJwtHs256(QJsonObject {{QStringLiteral("iss"), state.issuer()},
                                     {QStringLiteral("sub"), login.subject},
                                     {QStringLiteral("aud"),
                                      login.audience.isEmpty() ? login.clientId : login.audience},
                                     {QStringLiteral("scope"), scope},
                                     {QStringLiteral("iat"), issuedAt},
                                     {QStringLiteral("exp"), issuedAt + qMax(lifetimeSec, 0)},
                                     // Also what makes two tokens minted in the same second differ.
                                     {QStringLiteral("jti"), randomToken(16)}},
                        state.jwtKey);
}

} // namespace Keyway
