// The HAR 1.2 export: an entry per attempt (a rejection replayed after a refresh, each redirect
// hop, the answer), linked through "_keyway"; every field HAR 1.2 requires, with its type; and
// nothing secret in the file.
#include "log/harexport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Keyway;

namespace {

constexpr qint64 T0 = 1765000000000; // 2025-12-06, any fixed instant

Attempt attempt(int number, const char *method, const char *url, const char *fingerprint,
                quint64 generation)
{
    Attempt a;
    a.number = number;
    a.method = method;
    a.url = QUrl(QString::fromLatin1(url));
    a.startedMs = T0 + number * 100;
    a.elapsedMs = 40;
    a.tokenFingerprint = QString::fromLatin1(fingerprint);
    a.generation = generation;
    return a;
}

Attempt step(Attempt a, Attempt::Outcome outcome, int status, HeaderList headers, QByteArray body)
{
    a.outcome = outcome;
    a.status = status;
    a.responseHeaders = std::move(headers);
    a.responseBodySize = body.size();
    a.responseBody = std::move(body);
    return a;
}

Exchange exchange(quint64 callId, const char *method, const char *url)
{
    Exchange e;
    e.profile = QStringLiteral("sandbox");
    e.callId = callId;
    e.startedMs = T0;
    e.method = method;
    e.url = QUrl(QString::fromLatin1(url));
    e.requestHeaders = {{"X-Api-Key", "my-own-secret"}, {"Accept", "application/json"}};
    e.finished = true;
    e.status = 200;
    e.responseHeaders = {{"Content-Type", "application/json"}};
    e.responseBody = R"({"items": [], "refresh_token": "rt-secret"})";
    e.responseBodySize = e.responseBody.size();
    e.elapsedMs = 120;
    return e;
}

QJsonArray entriesOf(const QList<Exchange> &exchanges, QByteArray *bytes = nullptr)
{
    const QByteArray json = QJsonDocument(harDocument(exchanges, QStringLiteral("0.1.0"))).toJson();
    if (bytes)
        *bytes = json;
    QJsonParseError error;
    const QJsonDocument parsed = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return {};
    return parsed.object()
        .value(QStringLiteral("log"))
        .toObject()
        .value(QStringLiteral("entries"))
        .toArray();
}

// The request, response or _keyway object of entry `i`.
QJsonObject part(const QJsonArray &entries, qsizetype i, const char *name)
{
    return entries.at(i).toObject().value(QLatin1String(name)).toObject();
}

QString headerValue(const QJsonObject &message, const QString &name)
{
    for (const QJsonValue &header : message.value(QStringLiteral("headers")).toArray()) {
        if (header[QStringLiteral("name")].toString().compare(name, Qt::CaseInsensitive) == 0)
            return header[QStringLiteral("value")].toString();
    }
    return QString();
}

// Every field HAR 1.2 requires of an entry, its request and its response, with its JSON type.
void checkHar12Entry(const QJsonObject &entry)
{
    QVERIFY(entry.value(QStringLiteral("startedDateTime")).isString());
    QVERIFY(QDateTime::fromString(entry.value(QStringLiteral("startedDateTime")).toString(),
                                  Qt::ISODateWithMs)
                .isValid());
    QVERIFY(entry.value(QStringLiteral("time")).isDouble());
    QVERIFY(entry.value(QStringLiteral("cache")).isObject());
    const QJsonObject timings = entry.value(QStringLiteral("timings")).toObject();
    for (const char *field : {"send", "wait", "receive"})
        QVERIFY2(timings.value(QLatin1String(field)).isDouble(), field);
    const QJsonObject request = entry.value(QStringLiteral("request")).toObject();
    for (const char *field : {"method", "url", "httpVersion"})
        QVERIFY2(request.value(QLatin1String(field)).isString(), field);
    for (const char *field : {"cookies", "headers", "queryString"})
        QVERIFY2(request.value(QLatin1String(field)).isArray(), field);
    for (const char *field : {"headersSize", "bodySize"})
        QVERIFY2(request.value(QLatin1String(field)).isDouble(), field);
    const QJsonObject response = entry.value(QStringLiteral("response")).toObject();
    for (const char *field : {"statusText", "httpVersion", "redirectURL"})
        QVERIFY2(response.value(QLatin1String(field)).isString(), field);
    for (const char *field : {"status", "headersSize", "bodySize"})
        QVERIFY2(response.value(QLatin1String(field)).isDouble(), field);
    for (const char *field : {"cookies", "headers"})
        QVERIFY2(response.value(QLatin1String(field)).isArray(), field);
    const QJsonObject content = response.value(QStringLiteral("content")).toObject();
    QVERIFY(content.value(QStringLiteral("size")).isDouble());
    QVERIFY(content.value(QStringLiteral("mimeType")).isString());
}

} // namespace

class tst_HarExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replayAndRedirect_anEntryPerAttemptLinkedByTheCall()
    {
        Exchange e = exchange(7, "GET", "http://127.0.0.1:8080/api/redirect?api_key=k3y");
        e.attempts = 3;
        e.authReplays = 1;
        e.attemptLog = {
            step(attempt(1, "GET", "http://127.0.0.1:8080/api/redirect?api_key=k3y", "fp-one", 1),
                 Attempt::Outcome::Redirected, 302,
                 {{"Location", "http://127.0.0.1:8080/api/items?api_key=k3y"}}, "{}"),
            step(attempt(2, "GET", "http://127.0.0.1:8080/api/items?api_key=k3y", "fp-one", 1),
                 Attempt::Outcome::Rejected, 401,
                 {{"WWW-Authenticate", "Bearer error=\"invalid_token\""},
                  {"Content-Type", "application/json"}},
                 R"({"error": "invalid_token"})"),
            attempt(3, "GET", "http://127.0.0.1:8080/api/items?api_key=k3y", "fp-two", 2),
        };
        e.attemptLog.last().status = 200;
        QByteArray bytes;
        const QJsonArray entries = entriesOf({e}, &bytes);
        QCOMPARE(entries.size(), 3);
        for (const QJsonValue &value : entries)
            checkHar12Entry(value.toObject());

        const auto keyway = [&](int i) {
            return part(entries, i, "_keyway");
        };
        const auto response = [&](int i) {
            return part(entries, i, "response");
        };
        const auto request = [&](int i) {
            return part(entries, i, "request");
        };
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(keyway(i).value(QStringLiteral("call")).toString(), QStringLiteral("7"));
            QCOMPARE(keyway(i).value(QStringLiteral("attempt")).toInt(), i + 1);
            QCOMPARE(keyway(i).contains(QStringLiteral("follows")), i > 0);
            if (i > 0)
                QCOMPARE(keyway(i).value(QStringLiteral("follows")).toInt(), i);
            QCOMPARE(headerValue(request(i), QStringLiteral("Authorization")),
                     QStringLiteral("Bearer ***"));
            QCOMPARE(headerValue(request(i), QStringLiteral("X-Api-Key")), QStringLiteral("***"));
            QVERIFY(request(i)
                        .value(QStringLiteral("url"))
                        .toString()
                        .contains(QLatin1String("api_key=***")));
        }
        QCOMPARE(keyway(0).value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("redirected"));
        QCOMPARE(keyway(0).value(QStringLiteral("redirectedTo")).toInt(), 2);
        QCOMPARE(response(0).value(QStringLiteral("status")).toInt(), 302);
        QVERIFY(response(0)
                    .value(QStringLiteral("redirectURL"))
                    .toString()
                    .endsWith(QLatin1String("/api/items?api_key=***")));
        QCOMPARE(keyway(1).value(QStringLiteral("outcome")).toString(), QStringLiteral("rejected"));
        QCOMPARE(keyway(1).value(QStringLiteral("replayedBy")).toInt(), 3);
        QCOMPARE(response(1).value(QStringLiteral("status")).toInt(), 401);
        QCOMPARE(headerValue(response(1), QStringLiteral("WWW-Authenticate")),
                 QStringLiteral("Bearer error=\"invalid_token\""));
        QCOMPARE(keyway(1).value(QStringLiteral("access_token_sha256")).toString(),
                 QStringLiteral("fp-one"));
        QCOMPARE(keyway(2).value(QStringLiteral("outcome")).toString(), QStringLiteral("answer"));
        QVERIFY(!keyway(2).contains(QStringLiteral("replayedBy")));
        QCOMPARE(keyway(2).value(QStringLiteral("access_token_sha256")).toString(),
                 QStringLiteral("fp-two"));
        QCOMPARE(keyway(2).value(QStringLiteral("generation")).toString(), QStringLiteral("2"));
        QCOMPARE(response(2).value(QStringLiteral("status")).toInt(), 200);
        QVERIFY(response(2)
                    .value(QStringLiteral("content"))
                    .toObject()
                    .value(QStringLiteral("text"))
                    .toString()
                    .contains(QLatin1String("\"refresh_token\": \"***\"")));
        QCOMPARE(entries.at(1).toObject().value(QStringLiteral("startedDateTime")).toString(),
                 QDateTime::fromMSecsSinceEpoch(T0 + 200, Qt::UTC).toString(Qt::ISODateWithMs));
        for (const char *secret : {"my-own-secret", "k3y", "rt-secret"})
            QVERIFY2(!bytes.contains(secret), secret);
    }

    void crossOriginHop_carriesNeitherTheTokenNorTheCallersCredentials()
    {
        Exchange e = exchange(8, "GET", "http://127.0.0.1:8080/api/redirect");
        e.attemptLog = {
            step(attempt(1, "GET", "http://127.0.0.1:8080/api/redirect", "fp-one", 1),
                 Attempt::Outcome::Redirected, 302, {{"Location", "http://127.0.0.1:9090/landing"}},
                 {}),
            attempt(2, "GET", "http://127.0.0.1:9090/landing", "", 0),
        };
        e.attemptLog.last().ownCredentialsSent = false;
        const QJsonArray entries = entriesOf({e});
        QCOMPARE(entries.size(), 2);
        const QJsonObject hop = part(entries, 1, "request");
        QCOMPARE(headerValue(hop, QStringLiteral("Authorization")), QString());
        QCOMPARE(headerValue(hop, QStringLiteral("X-Api-Key")), QString());
        QCOMPARE(headerValue(hop, QStringLiteral("Accept")), QStringLiteral("application/json"));
        QVERIFY(!part(entries, 1, "_keyway").contains(QStringLiteral("access_token_sha256")));
    }

    void seeOther_theFollowingGetCarriesNoBody()
    {
        Exchange e = exchange(9, "POST", "http://127.0.0.1:8080/api/form");
        e.requestHeaders.append(
            {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
        e.requestBody = R"({"n": 1})";
        e.requestBodySize = e.requestBody.size();
        e.attemptLog = {
            step(attempt(1, "POST", "http://127.0.0.1:8080/api/form", "fp", 1),
                 Attempt::Outcome::Redirected, 303, {{"Location", "/api/items"}}, {}),
            attempt(2, "GET", "http://127.0.0.1:8080/api/items", "fp", 1),
        };
        e.attemptLog.last().bodySent = false;
        const QJsonArray entries = entriesOf({e});
        QCOMPARE(entries.size(), 2);
        const QJsonObject post = part(entries, 0, "request");
        const QJsonObject get = part(entries, 1, "request");
        QCOMPARE(post.value(QStringLiteral("bodySize")).toInt(), e.requestBody.size());
        QVERIFY(post.contains(QStringLiteral("postData")));
        QCOMPARE(get.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
        QCOMPARE(get.value(QStringLiteral("bodySize")).toInt(), 0);
        QVERIFY(!get.contains(QStringLiteral("postData")));
    }

    void failedCall_theErrorIsOnTheLastEntry()
    {
        Exchange e = exchange(10, "GET", "http://127.0.0.1:8080/api/items");
        e.status = 401;
        e.error = QStringLiteral("the refresh failed");
        e.attemptLog = {step(attempt(1, "GET", "http://127.0.0.1:8080/api/items", "fp", 1),
                             Attempt::Outcome::Rejected, 401, {}, {})};
        const QJsonArray entries = entriesOf({e});
        QCOMPARE(entries.size(), 1);
        const QJsonObject response = part(entries, 0, "response");
        QCOMPARE(response.value(QStringLiteral("status")).toInt(), 401);
        QCOMPARE(response.value(QStringLiteral("_error")).toString(), e.error);
        QVERIFY(!part(entries, 0, "_keyway").contains(QStringLiteral("replayedBy")));
    }

    void withoutAttempts_oneEntryPerCall_andUnfinishedCallsLeftOut()
    {
        Exchange done = exchange(11, "GET", "http://127.0.0.1:8080/api/items");
        Exchange pending = exchange(12, "GET", "http://127.0.0.1:8080/api/items");
        pending.finished = false;
        const QJsonArray entries = entriesOf({done, pending});
        QCOMPARE(entries.size(), 1);
        checkHar12Entry(entries.at(0).toObject());
        QVERIFY(!part(entries, 0, "_keyway").contains(QStringLiteral("attempt")));
    }
};

QTEST_GUILESS_MAIN(tst_HarExport)
#include "tst_harexport.moc"
