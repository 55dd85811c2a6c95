#pragma once

#include <QDeadlineTimer>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace Keyway {

// Every token the sandbox issued: access tokens with their expiry, refresh tokens grouped in
// families (one per login), rotation, reuse detection and revocation. Tokens are opaque random
// strings unless an access token minter says otherwise.
class TokenRegistry final
{
public:
    // Who a family's tokens speak for.
    struct Login
    {
        QString clientId;
        QString subject; // the user, or the client itself for client_credentials
        QString scope;
        QString audience; // requested audience, if any
        bool forUser = true; // false for client_credentials: no user, no id_token
    };

    struct Grant
    {
        QString accessToken;
        QString refreshToken; // empty for client_credentials
        QString scope;
        int expiresIn = 0;
        int family = -1;
        Login login;
    };

    enum class RefreshError { None, Unknown, WrongClient, Revoked, Reused, InvalidScope };
    struct RefreshResult
    {
        RefreshError error = RefreshError::None;
        Grant grant;
    };

    enum class AccessState { Valid, Unknown, Expired, Revoked };
    struct AccessCheck
    {
        AccessState state = AccessState::Unknown;
        QString scope;
    };

    struct RefreshPolicy
    {
        int accessLifetimeSec = 3600;
        bool rotate = true;
        bool reuseDetection = true;
    };

    // What a revocation request (RFC 7009) did.
    enum class Revocation { Revoked, AlreadyRevoked, Unknown, WrongClient };

    // Makes the string of a new access token; an empty result means "opaque".
    using AccessTokenMinter =
        std::function<QString(const Login &login, const QString &scope, int lifetimeSec)>;

    TokenRegistry() = default;
    Q_DISABLE_COPY_MOVE(TokenRegistry)

    void setAccessTokenMinter(AccessTokenMinter minter);

    // A login: starts a new family with login.scope.
    Grant startFamily(const Login &login, int accessLifetimeSec, bool withRefreshToken);
    // requestedScope empty means "the scope originally granted" (RFC 6749 6).
    RefreshResult refresh(const QString &refreshToken, const QString &clientId,
                          const QString &requestedScope, const RefreshPolicy &policy);
    AccessCheck checkAccess(const QString &accessToken) const;
    // Every access and refresh token of the family stops working. False if it already had.
    bool revokeFamily(int family);
    // RFC 7009 2.1: a refresh token takes its whole family with it, an access token only itself.
    // The hint ("access_token" / "refresh_token") only says where to look first.
    Revocation revoke(const QString &token, const QString &tokenTypeHint, const QString &clientId);
    // Refresh tokens stay valid; returns how many access tokens were still live.
    int expireAllAccessTokens();
    QStringList issuedSecrets() const;

    // Whether every scope in `requested` is in `granted` (space-separated, RFC 6749 3.3).
    static bool isSubsetScope(const QString &requested, const QString &granted);
    static bool hasScope(const QString &scopes, const QString &scope);

private:
    struct Family
    {
        Login login;
        bool revoked = false;
    };
    struct AccessRecord
    {
        int family = -1;
        QString scope;
        QDeadlineTimer expiry;
        bool revoked = false;
    };
    struct RefreshRecord
    {
        int family = -1;
        bool used = false;
    };

    QString issueAccess(int family, const QString &scope, int lifetimeSec);
    QString issueRefresh(int family);
    Revocation revokeAccess(const QString &token, const QString &clientId);
    Revocation revokeRefresh(const QString &token, const QString &clientId);

    AccessTokenMinter m_minter;
    QList<Family> m_families;
    QHash<QString, AccessRecord> m_access;
    QHash<QString, RefreshRecord> m_refresh;
    QStringList m_issued;
};

} // namespace Keyway
