#include "log/harexport.h"

#include "log/httpstatustext.h"
#include "log/redaction.h"

#include <QDateTime>
#include <QJsonArray>
#include <QStringDecoder>
#include <QUrlQuery>

#include <algorithm>

namespace Keyway {

namespace {

QJsonArray harHeaders(const HeaderList &headers)
{
    QJsonArray array;
    for (const auto &[name, value] : headers) {
        // A redirect's target may carry a secret in its query, as any URL may.
        const bool isUrl = name.compare("Location", Qt::CaseInsensitive) == 0
            || name.compare("Content-Location", Qt::CaseInsensitive) == 0;
        const QString shown = isUrl ? redactedUrl(QUrl::fromEncoded(value))
                                    : QString::fromUtf8(redactedHeaderValue(name, value));
        array.append(QJsonObject {{QStringLiteral("name"), QString::fromLatin1(name)},
                                  {QStringLiteral("value"), shown}});
    }
    return array;
}

// Text when the bytes are UTF-8, else base64 as HAR 1.2 allows for content.
void putBody(QJsonObject &target, const QByteArray &body, bool allowBase64)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(body);
    if (!decoder.hasError() && !body.contains('\0')) {
        target.insert(QStringLiteral("text"), text);
    } else if (allowBase64) {
        target.insert(QStringLiteral("text"), QString::fromLatin1(body.toBase64()));
        target.insert(QStringLiteral("encoding"), QStringLiteral("base64"));
    }
}

// The request of one attempt (null: the call as a whole): the caller's headers, less their own
// credentials once the call left its origin, plus the profile's token as "Bearer ***".
QJsonObject harRequest(const Exchange &exchange, const Attempt *attempt)
{
    HeaderList headers;
    for (const auto &header : exchange.requestHeaders) {
        if (!attempt || attempt->ownCredentialsSent || !isSecretHeader(header.first))
            headers.append(header);
    }
    const QString fingerprint =
        attempt ? attempt->tokenFingerprint : exchange.summary.tokenFingerprint;
    const bool ownAuthorization = std::any_of(headers.cbegin(), headers.cend(), [](const auto &h) {
        return h.first.compare("Authorization", Qt::CaseInsensitive) == 0;
    });
    if (!fingerprint.isEmpty() && !ownAuthorization)
        headers.append({QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ***")});

    const QUrl shown(redactedUrl(attempt ? attempt->url : exchange.url));
    QJsonArray query;
    const auto items = QUrlQuery(shown).queryItems(QUrl::FullyDecoded);
    for (const auto &[name, value] : items)
        query.append(
            QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});

    const bool bodySent = !attempt || attempt->bodySent;
    const qint64 bodySize = bodySent ? exchange.requestBodySize : 0;
    QJsonObject request {
        {QStringLiteral("method"),
         QString::fromLatin1(attempt ? attempt->method : exchange.method)},
        {QStringLiteral("url"), shown.toString()},
        {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
        {QStringLiteral("cookies"), QJsonArray {}},
        {QStringLiteral("headers"), harHeaders(headers)},
        {QStringLiteral("queryString"), query},
        {QStringLiteral("headersSize"), -1},
        {QStringLiteral("bodySize"), bodySize},
    };
    if (bodySize != 0) {
        const QByteArray type = exchange.requestHeader("Content-Type");
        QJsonObject postData {{QStringLiteral("mimeType"), QString::fromLatin1(type)}};
        if (!exchange.requestBody.isEmpty())
            putBody(postData, redactedBody(exchange.requestBody, type), false);
        else
            postData.insert(QStringLiteral("text"), QString());
        if (!exchange.requestBodyNote.isEmpty())
            postData.insert(QStringLiteral("comment"), exchange.requestBodyNote);
        request.insert(QStringLiteral("postData"), postData);
    }
    return request;
}

// One answer as HAR has it: the call's final one, or a step an attempt kept.
struct Answer
{
    int status = 0;
    const HeaderList &headers;
    const QByteArray &body;
    qint64 bodySize = 0;
    QString error;
};

QByteArray headerOf(const HeaderList &headers, const QByteArray &name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonObject harResponse(const Answer &answer)
{
    const QByteArray type = headerOf(answer.headers, "Content-Type");
    QJsonObject content {{QStringLiteral("size"), answer.bodySize},
                         {QStringLiteral("mimeType"), QString::fromLatin1(type)}};
    putBody(content, redactedBody(answer.body, type), true);
    const QByteArray location = headerOf(answer.headers, "Location");
    QJsonObject response {
        {QStringLiteral("status"), answer.status},
        {QStringLiteral("statusText"), httpReasonPhrase(answer.status)},
        {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
        {QStringLiteral("cookies"), QJsonArray {}},
        {QStringLiteral("headers"), harHeaders(answer.headers)},
        {QStringLiteral("content"), content},
        {QStringLiteral("redirectURL"),
         location.isEmpty() ? QString() : redactedUrl(QUrl::fromEncoded(location))},
        {QStringLiteral("headersSize"), -1},
        {QStringLiteral("bodySize"), answer.bodySize},
    };
    if (!answer.error.isEmpty())
        response.insert(QStringLiteral("_error"), answer.error);
    return response;
}

QString outcomeName(Attempt::Outcome outcome)
{
    switch (outcome) {
    case Attempt::Outcome::Answer: return QStringLiteral("answer");
    case Attempt::Outcome::Rejected: return QStringLiteral("rejected");
    case Attempt::Outcome::Redirected: return QStringLiteral("redirected");
    }
    return QString();
}

// `index`: of the attempt in the exchange's log; -1 for the call as a whole.
QJsonObject keywayFields(const Exchange &exchange, qsizetype index)
{
    const CallSummary &summary = exchange.summary;
    QJsonObject fields {{QStringLiteral("call"), QString::number(exchange.callId)},
                        {QStringLiteral("profile"), exchange.profile},
                        {QStringLiteral("attempts"), exchange.attempts},
                        {QStringLiteral("replays"), exchange.authReplays},
                        {QStringLiteral("chain"), summary.chainText()}};
    QString fingerprint = summary.tokenFingerprint;
    quint64 generation = summary.generation;
    if (index >= 0) {
        // Entries of one call link up through these: attempt n follows n - 1, and a rejected
        // or redirected attempt names the one that came of it.
        const Attempt *attempt = &exchange.attemptLog.at(index);
        const bool hasNext = index + 1 < exchange.attemptLog.size();
        fields.insert(QStringLiteral("attempt"), attempt->number);
        fields.insert(QStringLiteral("outcome"), outcomeName(attempt->outcome));
        if (index > 0)
            fields.insert(QStringLiteral("follows"), exchange.attemptLog.at(index - 1).number);
        if (hasNext && attempt->outcome == Attempt::Outcome::Rejected)
            fields.insert(QStringLiteral("replayedBy"), exchange.attemptLog.at(index + 1).number);
        if (hasNext && attempt->outcome == Attempt::Outcome::Redirected)
            fields.insert(QStringLiteral("redirectedTo"), exchange.attemptLog.at(index + 1).number);
        fingerprint = attempt->tokenFingerprint;
        generation = attempt->generation;
    }
    if (!fingerprint.isEmpty()) {
        fields.insert(QStringLiteral("access_token_sha256"), fingerprint);
        fields.insert(QStringLiteral("generation"), QString::number(generation));
    }
    return fields;
}

QJsonObject harEntry(qint64 startedMs, qint64 timeMs, const QJsonObject &request,
                     const QJsonObject &response, const QJsonObject &keyway)
{
    return QJsonObject {
        {QStringLiteral("startedDateTime"),
         QDateTime::fromMSecsSinceEpoch(startedMs, Qt::UTC).toString(Qt::ISODateWithMs)},
        {QStringLiteral("time"), timeMs},
        {QStringLiteral("request"), request},
        {QStringLiteral("response"), response},
        {QStringLiteral("cache"), QJsonObject {}},
        // Keyway sees an attempt, not its phases: all of it is counted as waiting.
        {QStringLiteral("timings"),
         QJsonObject {{QStringLiteral("send"), 0},
                      {QStringLiteral("wait"), timeMs},
                      {QStringLiteral("receive"), 0}}},
        {QStringLiteral("_keyway"), keyway},
    };
}

} // namespace

QJsonObject harDocument(const QList<Exchange> &exchanges, const QString &creatorVersion)
{
    QJsonArray entries;
    for (const Exchange &exchange : exchanges) {
        if (!exchange.finished)
            continue; // HAR has no way to say "no answer yet"
        const Answer callAnswer {exchange.status, exchange.responseHeaders, exchange.responseBody,
                                 exchange.responseBodySize, exchange.error};
        if (exchange.attemptLog.isEmpty()) {
            const qint64 started =
                exchange.summary.startedMs ? exchange.summary.startedMs : exchange.startedMs;
            entries.append(harEntry(started, exchange.elapsedMs, harRequest(exchange, nullptr),
                                    harResponse(callAnswer), keywayFields(exchange, -1)));
            continue;
        }
        // An entry per attempt: the rejection that was replayed and each redirect hop are
        // exchanges of their own on the wire.
        for (qsizetype i = 0; i < exchange.attemptLog.size(); ++i) {
            const Attempt &attempt = exchange.attemptLog.at(i);
            const bool last = i + 1 == exchange.attemptLog.size();
            const Answer step {attempt.status, attempt.responseHeaders, attempt.responseBody,
                               attempt.responseBodySize, last ? exchange.error : QString()};
            const bool isCallAnswer = last && attempt.outcome == Attempt::Outcome::Answer;
            entries.append(
                harEntry(attempt.startedMs, attempt.elapsedMs, harRequest(exchange, &attempt),
                         harResponse(isCallAnswer ? callAnswer : step), keywayFields(exchange, i)));
        }
    }
    const QJsonObject log {
        {QStringLiteral("version"), QStringLiteral("1.2")},
        {QStringLiteral("creator"),
         QJsonObject {{QStringLiteral("name"), QStringLiteral("Keyway")},
                      {QStringLiteral("version"), creatorVersion}}},
        {QStringLiteral("pages"), QJsonArray {}},
        {QStringLiteral("entries"), entries},
    };
    return QJsonObject {{QStringLiteral("log"), log}};
}

} // namespace Keyway
