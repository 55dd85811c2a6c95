// Assertions: their form in a request file (written as a person types it, read strictly with the
// place of a mistake named), the JSON path subset, and what the checks decide about an answer.
#include "collection/assertionjson.h"
#include "collection/stablejson.h"
#include "collection/workspacejson.h"
#include "runner/assertioncheck.h"
#include "runner/jsonpath.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Keyway;

namespace {

QJsonObject object(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

ResponseSummary answer(int status, const QByteArray &body, HeaderList headers = {})
{
    ResponseSummary r;
    r.status = status;
    r.body = body;
    r.headers = std::move(headers);
    r.elapsedMs = 40;
    return r;
}

AssertionList read(const char *assertArray)
{
    QString error;
    const auto list =
        WorkspaceJson::toAssertions(QJsonDocument::fromJson(assertArray).array(), &error);
    if (!list)
        qWarning("%s", qPrintable(error));
    return list.value_or(AssertionList());
}

QStringList failures(const QList<AssertionResult> &results)
{
    QStringList out;
    for (const auto &r : results) {
        if (!r.passed)
            out.append(r.assertion + QStringLiteral(": ") + r.message);
    }
    return out;
}

} // namespace

class tst_Assertions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestFile_keepsAssertionsReadableAndRoundTrips()
    {
        const char *typed = R"({"name": "List", "method": "GET", "url": "{{base}}/api/items",
            "assert": [{"status": 200}, {"status": "2xx"}, {"status": [200, 204]},
                       {"header": "Content-Type", "equals": "application/json"},
                       {"header": "ETag"}, {"header": "X-Debug", "exists": false},
                       {"jsonPath": "$.items[0].id", "equals": 1},
                       {"jsonPath": "$.items[-1].name", "matches": "^char"},
                       {"jsonPath": "$.next", "exists": false},
                       {"jsonPath": "$.items", "equals": [{"id": 1}]},
                       {"responseTimeBelow": 500}]})";
        QString error;
        const auto request = WorkspaceJson::toRequest(object(typed), &error);
        QVERIFY2(request, qPrintable(error));
        QCOMPARE(request->assertions.size(), 11);
        QCOMPARE(request->assertions.at(1).check, Assertion::Check::InRange);
        QCOMPARE(request->assertions.at(1).low, 200);
        QCOMPARE(request->assertions.at(1).high, 299);
        QCOMPARE(request->assertions.at(2).high, 204);

        const QByteArray written = stableJson(WorkspaceJson::fromRequest(*request));
        // The subject comes first in each object, the way it was typed.
        QVERIFY2(written.contains("\"jsonPath\": \"$.items[0].id\",\n      \"equals\": 1"),
                 written.constData());
        QVERIFY2(written.contains("\"status\": \"2xx\""), written.constData());
        QVERIFY2(written.contains("{\n      \"header\": \"ETag\"\n    }"), written.constData());
        const auto again =
            WorkspaceJson::toRequest(QJsonDocument::fromJson(written).object(), &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(*again, *request);
        QCOMPARE(stableJson(WorkspaceJson::fromRequest(*again)), written);
    }

    void requestFile_withoutAssertionsWritesNoAssertKey()
    {
        RequestItem request;
        request.name = QStringLiteral("plain");
        request.url = QStringLiteral("http://x");
        QVERIFY(!WorkspaceJson::fromRequest(request).contains(QStringLiteral("assert")));
    }

    void badAssertion_namesElementAndField_data()
    {
        QTest::addColumn<QByteArray>("assertJson");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not a list")
            << QByteArray("{\"status\": 200}") << QStringLiteral("assert: expected a list");
        QTest::newRow("unknown key") << QByteArray("[{\"status\": 200}, {\"statuz\": 200}]")
                                     << QStringLiteral("assert[1].statuz: unknown key");
        QTest::newRow("two subjects") << QByteArray("[{\"status\": 200, \"header\": \"A\"}]")
                                      << QStringLiteral("assert[0]: checks");
        QTest::newRow("nothing") << QByteArray("[{\"equals\": 1}]")
                                 << QStringLiteral("assert[0]: says nothing to check");
        QTest::newRow("status text") << QByteArray("[{\"status\": \"ok\"}]")
                                     << QStringLiteral("assert[0].status: expected a status");
        QTest::newRow("status 999") << QByteArray("[{\"status\": 999}]")
                                    << QStringLiteral("assert[0].status: expected a status");
        QTest::newRow("reversed range")
            << QByteArray("[{\"status\": [299, 200]}]") << QStringLiteral("assert[0].status");
        QTest::newRow("bad regex") << QByteArray("[{\"jsonPath\": \"$.a\", \"matches\": \"(x\"}]")
                                   << QStringLiteral("assert[0].matches: not a valid regular");
        QTest::newRow("bad path") << QByteArray("[{\"jsonPath\": \"$.items[x]\"}]")
                                  << QStringLiteral("assert[0].jsonPath: JSON path '$.items[x]'");
        QTest::newRow("two tests")
            << QByteArray("[{\"header\": \"A\", \"equals\": \"x\", \"exists\": true}]")
            << QStringLiteral("assert[0]: give one of");
        QTest::newRow("header number")
            << QByteArray("[{\"header\": \"A\", \"equals\": 1}]")
            << QStringLiteral("assert[0].equals: a header value is text");
        QTest::newRow("time zero") << QByteArray("[{\"responseTimeBelow\": 0}]")
                                   << QStringLiteral("assert[0].responseTimeBelow");
        QTest::newRow("status test") << QByteArray("[{\"status\": 200, \"equals\": 1}]")
                                     << QStringLiteral("assert[0].equals: \"status\" takes no");
    }

    void badAssertion_namesElementAndField()
    {
        QFETCH(QByteArray, assertJson);
        QFETCH(QString, expected);
        QJsonObject file = object("{\"name\": \"r\", \"method\": \"GET\", \"url\": \"http://x\"}");
        QJsonParseError parse;
        const QJsonDocument document = QJsonDocument::fromJson(assertJson, &parse);
        QCOMPARE(parse.error, QJsonParseError::NoError);
        file.insert(QStringLiteral("assert"),
                    document.isArray() ? QJsonValue(document.array())
                                       : QJsonValue(document.object()));
        QString error;
        QVERIFY(!WorkspaceJson::toRequest(file, &error));
        QVERIFY2(error.startsWith(expected), qPrintable(error));
    }

    void jsonPath_findsValuesAndSaysWhatIsWrong()
    {
        const QJsonValue root =
            QJsonDocument::fromJson(R"({"items": [{"id": 1, "a b": true}, {"id": 2}], "n": null})")
                .object();
        QString error;
        const auto find = [&](const char *text) {
            const auto path = JsonPath::parse(QString::fromUtf8(text), &error);
            return path ? path->find(root) : std::nullopt;
        };
        QCOMPARE(find("$.items[1].id"), QJsonValue(2));
        QCOMPARE(find("items[0].id"), QJsonValue(1));
        QCOMPARE(find("$.items[-1].id"), QJsonValue(2));
        QCOMPARE(find("$['items'][0][\"a b\"]"), QJsonValue(true));
        QCOMPARE(find("$.n"), QJsonValue(QJsonValue::Null));
        QCOMPARE(find("$"), root);
        QVERIFY(!find("$.items[2]"));
        QVERIFY(!find("$.items.id"));
        QVERIFY(!find("$.n.x"));
        QVERIFY(!JsonPath::parse(QStringLiteral("$.items["), &error));
        QVERIFY2(error.contains(QStringLiteral("without ']'")), qPrintable(error));
        QVERIFY(!JsonPath::parse(QStringLiteral("$..x"), &error));
        QVERIFY2(error.contains(QStringLiteral("character 3")), qPrintable(error));
    }

    void checks_passAndFailOnTheAnswer()
    {
        const QByteArray body = R"({"items": [{"id": 1, "name": "alpha"}], "total": 3})";
        const HeaderList headers {{"Content-Type", "application/json"}, {"ETag", "\"v1\""}};
        const AssertionList passing = read(R"([{"status": 200}, {"status": "2xx"},
            {"header": "content-type", "equals": "application/json"}, {"header": "ETag"},
            {"header": "X-Nope", "exists": false}, {"jsonPath": "$.items[0].id", "equals": 1.0},
            {"jsonPath": "$.items[0].name", "matches": "^al"}, {"jsonPath": "$.total",
            "matches": "^3$"}, {"jsonPath": "$.next", "exists": false},
            {"responseTimeBelow": 1000}])");
        QCOMPARE(passing.size(), 10);
        QCOMPARE(failures(checkAssertions(passing, answer(200, body, headers))), QStringList());

        const AssertionList failing = read(R"([{"status": 201}, {"status": "4xx"},
            {"header": "Content-Type", "equals": "text/plain"}, {"header": "X-Nope"},
            {"jsonPath": "$.items[0].id", "equals": "1"}, {"jsonPath": "$.items[0].name",
            "matches": "^z"}, {"jsonPath": "$.total", "exists": false},
            {"responseTimeBelow": 10}])");
        const auto results = checkAssertions(failing, answer(200, body, headers));
        QCOMPARE(results.size(), 8);
        QCOMPARE(failures(results).size(), 8);
        QCOMPARE(results.at(0).message, QStringLiteral("expected status 201, got 200"));
        QCOMPARE(results.at(1).message, QStringLiteral("expected status 4xx, got 200"));
        QCOMPARE(results.at(3).message, QStringLiteral("expected it to exist, it is absent"));
        QCOMPARE(results.at(4).message, QStringLiteral("expected \"1\", got 1"));
        QCOMPARE(results.at(4).assertion, QStringLiteral("JSON $.items[0].id equals \"1\""));
        QCOMPARE(results.at(7).message, QStringLiteral("took 40 ms, expected below 10 ms"));
    }

    void noAssertions_passOnlyOn2xx()
    {
        QCOMPARE(failures(checkAssertions({}, answer(204, {}))), QStringList());
        const auto notFound = checkAssertions({}, answer(404, "{}"));
        QCOMPARE(notFound.size(), 1);
        QVERIFY(!notFound.first().passed);
        QCOMPARE(notFound.first().assertion, QStringLiteral("status is 2xx"));
        ResponseSummary none;
        none.error = QStringLiteral("nothing is listening on 127.0.0.1:1");
        const auto unanswered = checkAssertions(read(R"([{"responseTimeBelow": 5000}])"), none);
        QVERIFY(!unanswered.first().passed);
        QCOMPARE(unanswered.first().message, none.error);
    }

    void failedCheck_showsNoSecretFromTheAnswer()
    {
        const QByteArray body = R"({"access_token": "tok-SECRET-123", "token_type": "Bearer"})";
        const HeaderList headers {{"Set-Cookie", "session=COOKIE-SECRET"}};
        const auto results =
            checkAssertions(read(R"([{"jsonPath": "$.access_token", "equals": "other"},
                     {"jsonPath": "$.access_token", "matches": "^x"},
                     {"header": "Set-Cookie", "equals": "x"},
                     {"jsonPath": "$.access_token", "exists": false}])"),
                            answer(200, body, headers));
        QCOMPARE(failures(results).size(), 4);
        for (const auto &r : results) {
            QVERIFY2(!r.actual.contains(QStringLiteral("SECRET")), qPrintable(r.actual));
            QVERIFY2(!r.message.contains(QStringLiteral("SECRET")), qPrintable(r.message));
        }
    }

    void nonJsonBody_failsJsonChecksWithWhy()
    {
        const auto results = checkAssertions(read(R"([{"jsonPath": "$.a"}, {"status": 200}])"),
                                             answer(200, "<html>"));
        QVERIFY(!results.at(0).passed);
        QVERIFY2(results.at(0).message.startsWith(QStringLiteral("the answer is not JSON")),
                 qPrintable(results.at(0).message));
        QVERIFY(results.at(1).passed);
    }
};

QTEST_GUILESS_MAIN(tst_Assertions)
#include "tst_assertions.moc"
