#include "log/harexport.h"

#include "log/httpstatustext.h"
#include "log/redaction.h"

#include <QDateTime>
#include <QJsonArray>
#include <QStringDecoder>
#include <QUrlQuery>

namespace Keyway {

namespace {

QJsonArray harHeaders(const HeaderList &headers)
{
    QJsonArray array;
    for (const auto &[name, value] : headers) {
        array.append(QJsonObject {
            {QStringLiteral("name"), QString::fromLatin1(name)},
            {QStringLiteral("value"), QString::fromUtf8(redactedHeaderValue(name, value))}});
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

QJsonObject harRequest(const Exchange &exchange)
{
    HeaderList headers = exchange.requestHeaders;
    const bool ownAuthorization = !exchange.requestHeader("Authorization").isEmpty();
    if (!exchange.summary.tokenFingerprint.isEmpty() && !ownAuthorization)
        headers.append({QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ***")});

    const QUrl shown(redactedUrl(exchange.url));
    QJsonArray query;
    const auto items = QUrlQuery(shown).queryItems(QUrl::FullyDecoded);
    for (const auto &[name, value] : items)
        query.append(
            QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});

    QJsonObject request {
        {QStringLiteral("method"), QString::fromLatin1(exchange.method)},
        {QStringLiteral("url"), shown.toString()},
        {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
        {QStringLiteral("cookies"), QJsonArray {}},
        {QStringLiteral("headers"), harHeaders(headers)},
        {QStringLiteral("queryString"), query},
        {QStringLiteral("headersSize"), -1},
        {QStringLiteral("bodySize"), exchange.requestBodySize},
    };
    if (exchange.requestBodySize != 0) {
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

QJsonObject harResponse(const Exchange &exchange)
{
    const QByteArray type = exchange.responseHeader("Content-Type");
    QJsonObject content {{QStringLiteral("size"), exchange.responseBodySize},
                         {QStringLiteral("mimeType"), QString::fromLatin1(type)}};
    putBody(content, redactedBody(exchange.responseBody, type), true);
    const QByteArray location = exchange.responseHeader("Location");
    QJsonObject response {
        {QStringLiteral("status"), exchange.status},
        {QStringLiteral("statusText"), httpReasonPhrase(exchange.status)},
        {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
        {QStringLiteral("cookies"), QJsonArray {}},
        {QStringLiteral("headers"), harHeaders(exchange.responseHeaders)},
        {QStringLiteral("content"), content},
        {QStringLiteral("redirectURL"),
         location.isEmpty() ? QString() : redactedUrl(QUrl::fromEncoded(location))},
        {QStringLiteral("headersSize"), -1},
        {QStringLiteral("bodySize"), exchange.responseBodySize},
    };
    if (!exchange.error.isEmpty())
        response.insert(QStringLiteral("_error"), exchange.error);
    return response;
}

QJsonObject keywayFields(const Exchange &exchange)
{
    const CallSummary &summary = exchange.summary;
    QJsonObject fields {{QStringLiteral("call"), QString::number(exchange.callId)},
                        {QStringLiteral("profile"), exchange.profile},
                        {QStringLiteral("attempts"), exchange.attempts},
                        {QStringLiteral("replays"), exchange.authReplays},
                        {QStringLiteral("chain"), summary.chainText()}};
    if (!summary.tokenFingerprint.isEmpty()) {
        fields.insert(QStringLiteral("access_token_sha256"), summary.tokenFingerprint);
        fields.insert(QStringLiteral("generation"), QString::number(summary.generation));
    }
    return fields;
}

} // namespace

QJsonObject harDocument(const QList<Exchange> &exchanges, const QString &creatorVersion)
{
    QJsonArray entries;
    for (const Exchange &exchange : exchanges) {
        if (!exchange.finished)
            continue; // HAR has no way to say "no answer yet"
        const qint64 started =
            exchange.summary.startedMs ? exchange.summary.startedMs : exchange.startedMs;
        entries.append(QJsonObject {
            {QStringLiteral("startedDateTime"),
             QDateTime::fromMSecsSinceEpoch(started, Qt::UTC).toString(Qt::ISODateWithMs)},
            {QStringLiteral("time"), exchange.elapsedMs},
            {QStringLiteral("request"), harRequest(exchange)},
            {QStringLiteral("response"), harResponse(exchange)},
            {QStringLiteral("cache"), QJsonObject {}},
            // Keyway sees a call, not its phases: all of it is counted as waiting.
            {QStringLiteral("timings"),
             QJsonObject {{QStringLiteral("send"), 0},
                          {QStringLiteral("wait"), exchange.elapsedMs},
                          {QStringLiteral("receive"), 0}}},
            {QStringLiteral("_keyway"), keywayFields(exchange)},
        });
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
