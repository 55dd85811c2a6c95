#include "sandbox/tokenregistry.h"

#include <QByteArray>
#include <QRandomGenerator>

#include <array>

namespace Keyway {

TokenRegistry::Grant TokenRegistry::startFamily(const QString &clientId, const QString &scope,
                                                int accessLifetimeSec, bool withRefreshToken)
{
    m_families.append(Family {clientId, scope, false});
    const int family = int(m_families.size()) - 1;
    Grant grant;
    grant.accessToken = issueAccess(family, scope, accessLifetimeSec);
    if (withRefreshToken)
        grant.refreshToken = issueRefresh(family);
    grant.scope = scope;
    grant.expiresIn = accessLifetimeSec;
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
    if (family.clientId != clientId)
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
    const QString scope = requestedScope.isEmpty() ? family.scope : requestedScope;
    if (!isSubsetScope(scope, family.scope))
        return {RefreshError::InvalidScope, {}};

    Grant grant;
    grant.scope = scope;
    grant.expiresIn = policy.accessLifetimeSec;
    grant.accessToken = issueAccess(record->family, scope, policy.accessLifetimeSec);
    if (policy.rotate) {
        record->used = true;
        grant.refreshToken = issueRefresh(record->family);
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
    if (m_families.at(record->family).revoked)
        return {AccessState::Revoked, record->scope};
    if (record->expiry.hasExpired())
        return {AccessState::Expired, record->scope};
    return {AccessState::Valid, record->scope};
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

QString TokenRegistry::mint()
{
    // 256 bits from the system CSPRNG, base64url without padding: opaque on purpose, so
    // clients cannot start depending on token contents the way they do with JWTs.
    std::array<quint32, 8> words;
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), sizeof words);
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString TokenRegistry::issueAccess(int family, const QString &scope, int lifetimeSec)
{
    const QString token = mint();
    // A non-positive lifetime issues tokens that are expired on arrival (QDeadlineTimer would
    // read a negative interval as "forever").
    m_access.insert(
        token, AccessRecord {family, scope, QDeadlineTimer(qint64(qMax(lifetimeSec, 0)) * 1000)});
    m_issued.append(token);
    return token;
}

QString TokenRegistry::issueRefresh(int family)
{
    const QString token = mint();
    m_refresh.insert(token, RefreshRecord {family, false});
    m_issued.append(token);
    return token;
}

} // namespace Keyway
