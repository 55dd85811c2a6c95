#include "collection/historyentry.h"

#include "collection/secretvariables.h"
#include "http/apicall.h"
#include "log/redaction.h"

#include <QDateTime>
#include <QJsonArray>

namespace Keyway {

namespace {

// Short values are not scrubbed: "1" or "abc" would turn every URL into asterisks, and so short
// a secret is no secret.
constexpr qsizetype MinSecretLength = 4;

QString scrub(QString text, const QStringList &secrets)
{
    for (const QString &secret : secrets) {
        if (secret.size() >= MinSecretLength)
            text.replace(secret, QStringLiteral("***"));
    }
    return text;
}

} // namespace

QJsonObject HistoryEntry::toJson() const
{
    QJsonArray headers;
    for (const auto &[name, value] : requestHeaders)
        headers.append(QJsonArray {QString::fromUtf8(name), QString::fromUtf8(value)});
    QJsonObject o {{QStringLiteral("at"), sentAtMs},
                   {QStringLiteral("method"), method},
                   {QStringLiteral("url"), url},
                   {QStringLiteral("status"), status},
                   {QStringLiteral("bytes"), responseBytes},
                   {QStringLiteral("ms"), durationMs},
                   {QStringLiteral("attempts"), attempts},
                   {QStringLiteral("replays"), authReplays}};
    const auto put = [&o](const char *key, const QString &value) {
        if (!value.isEmpty())
            o.insert(QLatin1String(key), value);
    };
    put("request", requestPath);
    put("environment", environment);
    put("profile", profile);
    put("error", error);
    put("contentType", contentType);
    if (!headers.isEmpty())
        o.insert(QStringLiteral("headers"), headers);
    return o;
}

std::optional<HistoryEntry> HistoryEntry::fromJson(const QJsonObject &o)
{
    if (!o.value(QStringLiteral("at")).isDouble() || !o.value(QStringLiteral("method")).isString()
        || !o.value(QStringLiteral("url")).isString())
        return std::nullopt;
    HistoryEntry e;
    e.sentAtMs = qint64(o.value(QStringLiteral("at")).toDouble());
    e.method = o.value(QStringLiteral("method")).toString();
    e.url = o.value(QStringLiteral("url")).toString();
    e.status = o.value(QStringLiteral("status")).toInt();
    e.responseBytes = qint64(o.value(QStringLiteral("bytes")).toDouble());
    e.durationMs = qint64(o.value(QStringLiteral("ms")).toDouble());
    e.attempts = o.value(QStringLiteral("attempts")).toInt();
    e.authReplays = o.value(QStringLiteral("replays")).toInt();
    e.requestPath = o.value(QStringLiteral("request")).toString();
    e.environment = o.value(QStringLiteral("environment")).toString();
    e.profile = o.value(QStringLiteral("profile")).toString();
    e.error = o.value(QStringLiteral("error")).toString();
    e.contentType = o.value(QStringLiteral("contentType")).toString();
    for (const QJsonValue &h : o.value(QStringLiteral("headers")).toArray()) {
        const QJsonArray pair = h.toArray();
        if (pair.size() == 2)
            e.requestHeaders.append(
                {pair.at(0).toString().toUtf8(), pair.at(1).toString().toUtf8()});
    }
    return e;
}

HistoryEntry HistoryEntry::fromCall(const ApiCall &call, const QString &requestPath,
                                    const QString &environment, const QString &profile,
                                    const QStringList &secrets)
{
    HistoryEntry e;
    e.sentAtMs = QDateTime::currentMSecsSinceEpoch() - call.elapsedMs();
    e.requestPath = requestPath;
    e.environment = environment;
    e.profile = profile;
    e.method = QString::fromUtf8(call.request().method);
    e.url = scrub(redactedUrl(call.request().url), secrets);
    for (const auto &[name, value] : call.request().headers)
        e.requestHeaders.append(
            {name, scrub(QString::fromUtf8(redactedHeaderValue(name, value)), secrets).toUtf8()});
    e.status = call.httpStatus();
    if (call.error() != ApiCall::Error::None)
        e.error = scrub(call.errorString(), secrets);
    e.contentType = QString::fromUtf8(call.responseHeader("Content-Type"));
    e.responseBytes = call.bodyBytes();
    e.durationMs = call.elapsedMs();
    e.attempts = call.attempts();
    e.authReplays = call.authReplays();
    return e;
}

QStringList secretValues(const WorkspaceData &workspace)
{
    QStringList values;
    forEachSecret(const_cast<WorkspaceData &>(workspace), [&values](const QString &, Variable &v) {
        if (!v.value.isEmpty())
            values.append(v.value);
    });
    // Longest first, so that a secret containing another is hidden whole.
    std::sort(values.begin(), values.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
    return values;
}

} // namespace Keyway
