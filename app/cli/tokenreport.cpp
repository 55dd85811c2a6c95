#include "tokenreport.h"

#include "auth/signin/jwt.h"
#include "log/fingerprint.h"

#include <QDateTime>
#include <QStringList>

namespace Keyway::Cli {

namespace {

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

QString span(qint64 ms)
{
    const qint64 seconds = ms / 1000;
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return QStringLiteral("%1 min").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 48)
        return minutes % 60 ? QStringLiteral("%1 h %2 min").arg(hours).arg(minutes % 60)
                            : QStringLiteral("%1 h").arg(hours);
    return QStringLiteral("%1 days").arg(hours / 24);
}

// The JWTs among the tokens, decoded for the person who asked: claims, never the token itself.
QList<QPair<QString, DecodedJwt>> decodedJwts(const TokenSet &tokens)
{
    QList<QPair<QString, DecodedJwt>> decoded;
    const QList<QPair<QString, QString>> candidates {
        {QStringLiteral("id_token"), tokens.idToken},
        {QStringLiteral("access_token"), tokens.accessToken}};
    for (const auto &[name, token] : candidates) {
        QString notJwt;
        if (const auto jwt = token.isEmpty() ? std::nullopt : DecodedJwt::decode(token, &notJwt))
            decoded.append({name, *jwt});
    }
    return decoded;
}

} // namespace

QString relativeTime(qint64 deltaMs)
{
    return deltaMs >= 0 ? QStringLiteral("in ") + span(deltaMs)
                        : span(-deltaMs) + QStringLiteral(" ago");
}

QJsonObject TokenReport::toJson(qint64 nowMs) const
{
    QJsonObject json {
        {QStringLiteral("profile"), profile},
        {QStringLiteral("workspace"), workspace},
        {QStringLiteral("store"), store},
        {QStringLiteral("generation"), qint64(tokens.generation)},
        {QStringLiteral("access_token"), fingerprint(tokens.accessToken)},
        {QStringLiteral("refresh_token"),
         tokens.hasRefreshToken() ? QJsonValue(fingerprint(tokens.refreshToken))
                                  : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("token_type"), tokens.tokenType},
        {QStringLiteral("scope"), tokens.scope},
        {QStringLiteral("expired"), tokens.expiresAtMs != 0 && nowMs >= tokens.expiresAtMs},
    };
    if (tokens.obtainedAtMs)
        json.insert(QStringLiteral("obtained_at"), isoTime(tokens.obtainedAtMs));
    if (tokens.expiresAtMs) {
        json.insert(QStringLiteral("expires_at"), isoTime(tokens.expiresAtMs));
        json.insert(QStringLiteral("expires_in_s"), (tokens.expiresAtMs - nowMs) / 1000);
    }
    QJsonObject claims;
    for (const auto &[name, jwt] : decodedJwts(tokens))
        claims.insert(name, jwt.toDisplayJson());
    if (!claims.isEmpty())
        json.insert(QStringLiteral("decoded"), claims);
    return json;
}

QString TokenReport::toText(qint64 nowMs) const
{
    QString expiry = QStringLiteral("not given by the server");
    if (tokens.expiresAtMs) {
        const qint64 left = tokens.expiresAtMs - nowMs;
        expiry = QStringLiteral("%1 (%2%3)")
                     .arg(isoTime(tokens.expiresAtMs),
                          left <= 0 ? QStringLiteral("expired ") : QString(), relativeTime(left));
    }
    const QList<QPair<QString, QString>> rows {
        {QStringLiteral("profile"), QStringLiteral("%1 (workspace %2)").arg(profile, workspace)},
        {QStringLiteral("store"), store},
        {QStringLiteral("generation"), QString::number(tokens.generation)},
        {QStringLiteral("access token"),
         QStringLiteral("%1 (%2, SHA-256 fingerprint)")
             .arg(fingerprint(tokens.accessToken), tokens.tokenType)},
        {QStringLiteral("refresh token"),
         tokens.hasRefreshToken() ? fingerprint(tokens.refreshToken) : QStringLiteral("none")},
        {QStringLiteral("scope"),
         tokens.scope.isEmpty() ? QStringLiteral("(as granted)") : tokens.scope},
        {QStringLiteral("obtained"),
         tokens.obtainedAtMs ? QStringLiteral("%1 (%2)").arg(
             isoTime(tokens.obtainedAtMs), relativeTime(tokens.obtainedAtMs - nowMs))
                             : QStringLiteral("unknown")},
        {QStringLiteral("expires"), expiry},
    };
    QStringList lines;
    for (const auto &[name, value] : rows)
        lines.append(QStringLiteral("  %1 %2").arg(name + QLatin1Char(':'), -15).arg(value));
    for (const auto &[name, jwt] : decodedJwts(tokens)) {
        lines.append(QStringLiteral("  %1 claims (decoded, signature NOT verified):").arg(name));
        for (auto it = jwt.claims.constBegin(); it != jwt.claims.constEnd(); ++it) {
            const QJsonValue value = it.value();
            const QString shown = value.isString() ? value.toString()
                : value.isDouble()                 ? QString::number(qint64(value.toDouble()))
                : value.isBool()
                ? (value.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                : QStringLiteral("(structured)");
            lines.append(
                QStringLiteral("    %1 %2").arg(it.key() + QLatin1Char(':'), -13).arg(shown));
        }
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace Keyway::Cli
