#include "auth/tokenset.h"

#include "log/fingerprint.h"

#include <QDateTime>
#include <QJsonDocument>

namespace Keyway {

static constexpr int StoredFormatVersion = 1;
static const QLatin1String StoredKind("keyway.tokenset");

QJsonObject TokenSet::toStoredJson() const
{
    return {
        {QStringLiteral("kind"), StoredKind},
        {QStringLiteral("version"), StoredFormatVersion},
        {QStringLiteral("generation"), QString::number(generation)},
        {QStringLiteral("access_token"), accessToken},
        {QStringLiteral("refresh_token"), refreshToken},
        {QStringLiteral("id_token"), idToken},
        {QStringLiteral("token_type"), tokenType},
        {QStringLiteral("scope"), scope},
        {QStringLiteral("obtained_at_ms"), QString::number(obtainedAtMs)},
        {QStringLiteral("expires_at_ms"), QString::number(expiresAtMs)},
        {QStringLiteral("refresh_expires_at_ms"), QString::number(refreshExpiresAtMs)},
    };
}

std::optional<TokenSet> TokenSet::fromStoredJson(const QJsonObject &json, QString *error)
{
    if (json.value(QStringLiteral("kind")).toString() != StoredKind) {
        *error = QStringLiteral("the stored value is not a Keyway token set");
        return std::nullopt;
    }
    const int version = json.value(QStringLiteral("version")).toInt();
    if (version != StoredFormatVersion) {
        *error = QStringLiteral("the stored token set has format version %1; this Keyway reads "
                                "version %2")
                     .arg(version)
                     .arg(StoredFormatVersion);
        return std::nullopt;
    }
    bool ok = false;
    TokenSet set;
    set.generation = json.value(QStringLiteral("generation")).toString().toULongLong(&ok);
    set.accessToken = json.value(QStringLiteral("access_token")).toString();
    if (!ok || set.accessToken.isEmpty()) {
        *error =
            QStringLiteral("the stored token set is incomplete (no generation or access token)");
        return std::nullopt;
    }
    set.refreshToken = json.value(QStringLiteral("refresh_token")).toString();
    set.idToken = json.value(QStringLiteral("id_token")).toString();
    set.tokenType = json.value(QStringLiteral("token_type")).toString(QStringLiteral("Bearer"));
    set.scope = json.value(QStringLiteral("scope")).toString();
    set.obtainedAtMs = json.value(QStringLiteral("obtained_at_ms")).toString().toLongLong();
    set.expiresAtMs = json.value(QStringLiteral("expires_at_ms")).toString().toLongLong();
    set.refreshExpiresAtMs =
        json.value(QStringLiteral("refresh_expires_at_ms")).toString().toLongLong();
    return set;
}

QJsonObject TokenSet::describe() const
{
    QJsonObject json {
        {QStringLiteral("generation"), QString::number(generation)},
        {QStringLiteral("access_token"), fingerprint(accessToken)},
        {QStringLiteral("refresh_token"), fingerprint(refreshToken)},
        {QStringLiteral("token_type"), tokenType},
        {QStringLiteral("scope"), scope},
    };
    if (expiresAtMs) {
        json.insert(QStringLiteral("expires_at"),
                    QDateTime::fromMSecsSinceEpoch(expiresAtMs, Qt::UTC).toString(Qt::ISODate));
    }
    return json;
}

// Some servers send durations as strings; both forms are seen in the wild.
static qint64 seconds(const QJsonValue &value)
{
    const qint64 n = value.isString() ? value.toString().toLongLong() : qint64(value.toDouble());
    return qMax<qint64>(0, n);
}

std::optional<TokenResponse> TokenResponse::parse(const QByteArray &body, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("the token response is not a JSON object (%1)")
                     .arg(parseError.error != QJsonParseError::NoError
                              ? parseError.errorString()
                              : QStringLiteral("not an object"));
        return std::nullopt;
    }
    const QJsonObject json = doc.object();
    TokenResponse response;
    response.accessToken = json.value(QStringLiteral("access_token")).toString();
    if (response.accessToken.isEmpty()) {
        *error = QStringLiteral("the token response has no access_token");
        return std::nullopt;
    }
    response.tokenType =
        json.value(QStringLiteral("token_type")).toString(QStringLiteral("Bearer"));
    // RFC 6750 only defines Bearer; anything else would be sent in a form the API does not expect.
    if (response.tokenType.compare(QLatin1String("Bearer"), Qt::CaseInsensitive) != 0) {
        *error = QStringLiteral("the token response is for a '%1' token; Keyway sends Bearer "
                                "tokens only")
                     .arg(response.tokenType);
        return std::nullopt;
    }
    response.tokenType = QStringLiteral("Bearer");
    response.refreshToken = json.value(QStringLiteral("refresh_token")).toString();
    response.idToken = json.value(QStringLiteral("id_token")).toString();
    response.scope = json.value(QStringLiteral("scope")).toString();
    response.expiresInSec = seconds(json.value(QStringLiteral("expires_in")));
    response.refreshExpiresInSec = seconds(json.value(QStringLiteral("refresh_expires_in")));
    return response;
}

TokenSet TokenResponse::toTokenSet(const TokenSet &previous, qint64 nowMs) const
{
    TokenSet next;
    next.accessToken = accessToken;
    next.tokenType = tokenType;
    next.refreshToken = refreshToken.isEmpty() ? previous.refreshToken : refreshToken;
    next.idToken = idToken.isEmpty() ? previous.idToken : idToken;
    next.scope = scope.isEmpty() ? previous.scope : scope;
    next.obtainedAtMs = nowMs;
    next.expiresAtMs = expiresInSec > 0 ? nowMs + expiresInSec * 1000 : 0;
    if (refreshExpiresInSec > 0)
        next.refreshExpiresAtMs = nowMs + refreshExpiresInSec * 1000;
    else if (next.refreshToken == previous.refreshToken)
        next.refreshExpiresAtMs = previous.refreshExpiresAtMs; // the same token, the same end
    next.generation = previous.generation + 1;
    return next;
}

} // namespace Keyway
