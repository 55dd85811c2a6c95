#include "sandbox/tokenregistry.h"

#include "sandbox/randomtoken.h"

namespace Keyway {

void TokenRegistry::setAccessTokenMinter(AccessTokenMinter minter)
{
    m_minter = std::move(minter);
}

TokenRegistry::Grant TokenRegistry::startFamily(const Login &login, int accessLifetimeSec,
                                                bool withRefreshToken)
{
    m_families.append(Family {login, false});
    const int family = int(m_families.size()) - 1;
    Grant grant;
    grant.accessToken = issueAccess(family, login.scope, accessLifetimeSec);
    if (withRefreshToken)
        grant.refreshToken = issueRefresh(family);
    grant.scope = login.scope;
    grant.expiresIn = accessLifetimeSec;
    grant.family = family;
    grant.login = login;
    return grant;
}

TokenRegistry::RefreshResult TokenRegistry::refresh(const QString &refreshToken,
                                                    const QString &clientId,
                                                    const QString &requestedScope,
                                                    const RefreshPolicy &policy)
{
    const auto record = m_refresh.find(refreshToken);
    if (record == m_refresh.end())
        return {RefreshError::Unknown, {}};
    Family &family = m_families[record->family];
    // RFC 6749 10.4: a refresh token is bound to the client it was issued to.
    if (family.login.clientId != clientId)
        return {RefreshError::WrongClient, {}};
    if (family.revoked)
        return {RefreshError::Revoked, {}};
    if (record->used) {
        // OAuth 2.0 Security BCP 4.14.2: a rotated token coming back means two parties hold
        // the family (or a client replayed a lost response); revoke everything it issued.
        if (policy.reuseDetection)
            family.revoked = true;
        return {RefreshError::Reused, {}};
    }
    const QString scope = requestedScope.isEmpty() ? family.login.scope : requestedScope;
    if (!isSubsetScope(scope, family.login.scope))
        return {RefreshError::InvalidScope, {}};

    Grant grant;
    grant.scope = scope;
    grant.expiresIn = policy.accessLifetimeSec;
    grant.family = record->family;
    grant.login = family.login;
    grant.accessToken = issueAccess(record->family, scope, policy.accessLifetimeSec);
    if (policy.rotate) {
        // Before issueRefresh: its insert may rehash m_refresh and invalidate `record`.
        record->used = true;
        grant.refreshToken = issueRefresh(grant.family);
    } else {
        grant.refreshToken = refreshToken;
    }
    return {RefreshError::None, grant};
}

TokenRegistry::AccessCheck TokenRegistry::checkAccess(const QString &accessToken) const
{
    const auto record = m_access.constFind(accessToken);
    if (record == m_access.cend())
        return {AccessState::Unknown, {}};
    if (record->revoked || m_families.at(record->family).revoked)
        return {AccessState::Revoked, record->scope};
    if (record->expiry.hasExpired())
        return {AccessState::Expired, record->scope};
    return {AccessState::Valid, record->scope};
}

bool TokenRegistry::revokeFamily(int family)
{
    if (family < 0 || family >= m_families.size() || m_families.at(family).revoked)
        return false;
    m_families[family].revoked = true;
    return true;
}

TokenRegistry::Revocation TokenRegistry::revoke(const QString &token, const QString &tokenTypeHint,
                                                const QString &clientId)
{
    const bool refreshFirst = tokenTypeHint == QLatin1String("refresh_token");
    const Revocation first =
        refreshFirst ? revokeRefresh(token, clientId) : revokeAccess(token, clientId);
    if (first != Revocation::Unknown)
        return first;
    // RFC 7009 2.1: a wrong hint must not hide the token; search the other kind as well.
    return refreshFirst ? revokeAccess(token, clientId) : revokeRefresh(token, clientId);
}

TokenRegistry::Revocation TokenRegistry::revokeAccess(const QString &token, const QString &clientId)
{
    const auto record = m_access.find(token);
    if (record == m_access.end())
        return Revocation::Unknown;
    if (m_families.at(record->family).login.clientId != clientId)
        return Revocation::WrongClient;
    if (record->revoked || m_families.at(record->family).revoked)
        return Revocation::AlreadyRevoked;
    record->revoked = true;
    return Revocation::Revoked;
}

TokenRegistry::Revocation TokenRegistry::revokeRefresh(const QString &token,
                                                       const QString &clientId)
{
    const auto record = m_refresh.constFind(token);
    if (record == m_refresh.cend())
        return Revocation::Unknown;
    if (m_families.at(record->family).login.clientId != clientId)
        return Revocation::WrongClient;
    return revokeFamily(record->family) ? Revocation::Revoked : Revocation::AlreadyRevoked;
}

int TokenRegistry::expireAllAccessTokens()
{
    int expired = 0;
    for (AccessRecord &record : m_access) {
        if (!record.expiry.hasExpired())
            ++expired;
        record.expiry = QDeadlineTimer(0);
    }
    return expired;
}

QStringList TokenRegistry::issuedSecrets() const
{
    return m_issued;
}

bool TokenRegistry::isSubsetScope(const QString &requested, const QString &granted)
{
    const QStringList grantedScopes = granted.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const QStringList requestedScopes = requested.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &scope : requestedScopes) {
        if (!grantedScopes.contains(scope))
            return false;
    }
    return true;
}

bool TokenRegistry::hasScope(const QString &scopes, const QString &scope)
{
    return scopes.split(QLatin1Char(' '), Qt::SkipEmptyParts).contains(scope);
}

QString TokenRegistry::issueAccess(int family, const QString &scope, int lifetimeSec)
{
    QString token =
        m_minter ? m_minter(m_families.at(family).login, scope, lifetimeSec) : QString();
    // Opaque by default on purpose, so clients cannot start depending on token contents the
    // way they do with JWTs.
    if (token.isEmpty())
        token = randomToken();
    // A non-positive lifetime issues tokens that are expired on arrival (QDeadlineTimer would
    // read a negative interval as "forever").
    m_access.insert(
        token,
        AccessRecord {family, scope, QDeadlineTimer(qint64(qMax(lifetimeSec, 0)) * 1000), false});
    m_issued.append(token);
    return token;
}

QString TokenRegistry::issueRefresh(int family)
{
    const QString token = randomToken();
    m_refresh.insert(token, RefreshRecord {family, false});
    m_issued.append(token);
    return token;
}

} // namespace Keyway
