#pragma once

#include <QDeadlineTimer>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace Keyway {

// Every token the sandbox issued: access tokens with their expiry, refresh tokens grouped in
// families (one per login), rotation and reuse detection. Tokens are opaque random strings.
class TokenRegistry final
{
public:
    struct Grant
    {
        QString accessToken;
        QString refreshToken; // empty for client_credentials
        QString scope;
        int expiresIn = 0;
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

    TokenRegistry() = default;
    Q_DISABLE_COPY_MOVE(TokenRegistry)

    // A login: starts a new family.
    Grant startFamily(const QString &clientId, const QString &scope, int accessLifetimeSec,
                      bool withRefreshToken);
    // requestedScope empty means "the scope originally granted" (RFC 6749 6).
    RefreshResult refresh(const QString &refreshToken, const QString &clientId,
                          const QString &requestedScope, const RefreshPolicy &policy);
    AccessCheck checkAccess(const QString &accessToken) const;
    // Refresh tokens stay valid; returns how many access tokens were still live.
    int expireAllAccessTokens();
    QStringList issuedSecrets() const;

    // Whether every scope in `requested` is in `granted` (space-separated, RFC 6749 3.3).
    static bool isSubsetScope(const QString &requested, const QString &granted);

private:
    struct Family
    {
        QString clientId;
        QString scope;
        bool revoked = false;
    };
    struct AccessRecord
    {
        int family = -1;
        QString scope;
        QDeadlineTimer expiry;
    };
    struct RefreshRecord
    {
        int family = -1;
        bool used = false;
    };

    QString mint();
    QString issueAccess(int family, const QString &scope, int lifetimeSec);
    QString issueRefresh(int family);

    QList<Family> m_families;
    QHash<QString, AccessRecord> m_access;
    QHash<QString, RefreshRecord> m_refresh;
    QStringList m_issued;
};

} // namespace Keyway
