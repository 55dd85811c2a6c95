#include "importfixtures.h"

#include "collection/import/importer.h"

#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

ImportResult importCurlText(const QByteArray &text)
{
    return importSource({text, QStringLiteral("pasted"), {}});
}

} // namespace

class tst_ImportCurl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void chromeBash_quotingAuthCookiesAndJson()
    {
        const QByteArray bytes = fixtureBytes(QStringLiteral("curl/chrome-bash.sh"));
        QCOMPARE(detectImportFormat({bytes, {}, {}}), ImportFormat::Curl);
        const ImportResult result = importFixture(QStringLiteral("curl/chrome-bash.sh"));
        QVERIFY2(result.ok(), errorText(result).constData());
        QCOMPARE(result.workspace.requests.size(), 1);
        const RequestItem &r = result.workspace.requests.first();
        QCOMPARE(r.method, QStringLiteral("POST"));
        QCOMPARE(r.url, QStringLiteral("https://api.example.com/v1/users?page=2"));
        QCOMPARE(r.name, QStringLiteral("POST api.example.com/v1/users"));
        const KeyValueList headers {
            {QStringLiteral("accept"), QStringLiteral("application/json"), true, {}},
            {QStringLiteral("accept-language"), QStringLiteral("de-DE,de;q=0.9"), true, {}},
            {QStringLiteral("content-type"), QStringLiteral("application/json"), true, {}},
            {QStringLiteral("Cookie"), QStringLiteral("{{cookie}}"), true, {}},
            {QStringLiteral("user-agent"), QStringLiteral("Mozilla/5.0 (X11; Linux x86_64)"), true, {}},
        };
        QCOMPARE(r.headers, headers);
        QCOMPARE(r.body.mode, RequestBody::Mode::Raw);
        QCOMPARE(r.body.contentType, QStringLiteral("application/json"));
        QCOMPARE(r.body.text, QStringLiteral("{\"name\":\"O'Brien\",\"city\":\"Zürich\",\"note\":\"line1\\nline2\"}"));
        QCOMPARE(r.auth.mode, RequestAuth::Mode::Bearer);
        QCOMPARE(r.auth.token, QStringLiteral("{{token}}"));
        const VariableList secrets {
            {QStringLiteral("token"), QStringLiteral("eyJhbGciOiJIUzI1NiJ9.cGF5bG9hZA.c2ln"), true, true},
            {QStringLiteral("cookie"), QStringLiteral("session=abc123; theme=dark"), true, true},
        };
        QCOMPARE(r.variables, secrets);
        QCOMPARE(issueTexts(result),
                 QStringList({QStringLiteral("POST api.example.com/v1/users: the bearer token was moved to the secret variable {{token}} (kept in the keychain, not in the collection files)"),
                              QStringLiteral("POST api.example.com/v1/users: the Cookie header was moved to the secret variable {{cookie}} (kept in the keychain, not in the collection files)")}));
    }

    void chromeCmd_caretsEscapedQuotesBackslashesAndPercent()
    {
        const QByteArray bytes = fixtureBytes(QStringLiteral("curl/chrome-cmd.cmd"));
        QCOMPARE(detectImportFormat({bytes, {}, {}}), ImportFormat::Curl);
        const ImportResult result = importFixture(QStringLiteral("curl/chrome-cmd.cmd"));
        QVERIFY2(result.ok(), errorText(result).constData());
        QCOMPARE(result.workspace.requests.size(), 1);
        const RequestItem &r = result.workspace.requests.first();
        QCOMPARE(r.url, QStringLiteral("https://api.example.com/v1/users?page=2&sort=name"));
        QCOMPARE(r.method, QStringLiteral("POST"));
        QCOMPARE(r.headers.size(), 2);
        QCOMPARE(r.headers[1].value, QStringLiteral("application/json"));
        QCOMPARE(r.body.text, QStringLiteral("{\"name\":\"O'Brien\",\"path\":\"C:\\\\temp\",\"pct\":\"100% done\"}"));
        QVERIFY(result.issues.isEmpty());
    }

    void chromeCmd_newlineInsideAValue()
    {
        const ImportResult result = importFixture(QStringLiteral("curl/chrome-cmd-multiline.cmd"));
        QVERIFY2(result.ok(), errorText(result).constData());
        QCOMPARE(result.workspace.requests.size(), 1);
        QCOMPARE(result.workspace.requests.first().body.text, QStringLiteral("first line\nsecond line"));
        QCOMPARE(result.workspace.requests.first().body.contentType, QStringLiteral("text/plain"));
    }

    void firefox_binaryMultipartBodyKeptAsSent()
    {
        const ImportResult result = importFixture(QStringLiteral("curl/firefox-multipart.sh"));
        QVERIFY2(result.ok(), errorText(result).constData());
        const RequestItem &r = result.workspace.requests.first();
        QCOMPARE(r.method, QStringLiteral("POST"));
        QCOMPARE(r.body.mode, RequestBody::Mode::Raw);
        QCOMPARE(r.body.contentType, QStringLiteral("multipart/form-data; boundary=---------------------------1234"));
        QCOMPARE(r.body.text, QStringLiteral("-----------------------------1234\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n-----------------------------1234--\r\n"));
    }

    void handwritten_severalCommandsFormsUserAndReportedOptions()
    {
        const ImportResult result = importFixture(QStringLiteral("curl/handwritten.sh"));
        QVERIFY2(result.ok(), errorText(result).constData());
        QCOMPARE(result.workspace.requests.size(), 3);

        const RequestItem &put = result.workspace.requests[0];
        QCOMPARE(put.method, QStringLiteral("PUT"));
        QCOMPARE(put.url, QStringLiteral("https://{{host}}/items/{{id}}?v=\"1\""));
        QCOMPARE(put.auth.mode, RequestAuth::Mode::Basic);
        QCOMPARE(put.auth.username, QStringLiteral("admin"));
        QCOMPARE(put.auth.password, QStringLiteral("{{password}}"));
        QCOMPARE(put.variables, VariableList({{QStringLiteral("password"), QStringLiteral("p@ss w0rd"), true, true}}));
        QCOMPARE(put.headers, KeyValueList({{QStringLiteral("X-Request-Id"), QStringLiteral("{{requestId}}"), true, {}},
                                            {QStringLiteral("X-Empty"), QString(), true, {}}}));
        QCOMPARE(put.body.mode, RequestBody::Mode::Multipart);
        const QList<MultipartPart> parts {
            {QStringLiteral("photo"), {}, QStringLiteral("/tmp/photo 1.png"), QStringLiteral("image/png"), true},
            {QStringLiteral("title"), QStringLiteral("Hello; world"), {}, {}, true},
            {QStringLiteral("literal"), QStringLiteral("@not-a-file"), {}, {}, true},
        };
        QCOMPARE(put.body.parts, parts);
        QCOMPARE(put.settings.timeoutMs, 2500);
        const QStringList issues = issueTexts(result);
        QCOMPARE(issues.filter(QStringLiteral("-k/--insecure")).size(), 1);
        QCOMPARE(issues.filter(QStringLiteral("removes a header curl would send")).size(), 1);

        const RequestItem &search = result.workspace.requests[1];
        QCOMPARE(search.method, QStringLiteral("GET"));
        QCOMPARE(search.url, QStringLiteral("https://search.example.com/find?q=hello&name=a%20b%26c&lang=de"));
        QCOMPARE(search.body.mode, RequestBody::Mode::None);
        QVERIFY(issues.contains(QStringLiteral("the command \"jq\" is not curl; left out")));

        const RequestItem &post = result.workspace.requests[2];
        QCOMPARE(post.url, QStringLiteral("http://search.example.com/post"));
        QCOMPARE(post.method, QStringLiteral("POST"));
        QCOMPARE(post.body.mode, RequestBody::Mode::File);
        QCOMPARE(post.body.filePath, QStringLiteral("payload.bin"));
    }

    void severalData_joinedWithAmpersandIntoFormFields()
    {
        const ImportResult result = importCurlText("curl https://x.example/f -d a=1 -d 'b=x+y%21' --data-raw 'c=@raw'");
        QVERIFY2(result.ok(), errorText(result).constData());
        const RequestItem &r = result.workspace.requests.first();
        QCOMPARE(r.body.mode, RequestBody::Mode::FormUrlEncoded);
        QCOMPARE(r.body.formFields, KeyValueList({{QStringLiteral("a"), QStringLiteral("1"), true, {}},
                                                  {QStringLiteral("b"), QStringLiteral("x y!"), true, {}},
                                                  {QStringLiteral("c"), QStringLiteral("@raw"), true, {}}}));
    }

    void ansiCQuoting_escapesAndInvalidBytesAreSaid()
    {
        const ImportResult result = importCurlText("curl 'https://x.example/b' -H $'X-Tab: a\\tb' --data-binary $'\\x41\\u00e9\\101\\xff'");
        QVERIFY2(result.ok(), errorText(result).constData());
        const RequestItem &r = result.workspace.requests.first();
        QCOMPARE(r.headers.first().value, QStringLiteral("a\tb"));
        QVERIFY(r.body.text.startsWith(QStringLiteral("AéA")));
        QCOMPARE(issueTexts(result).filter(QStringLiteral("not UTF-8 text")).size(), 1);
    }

    void basicAuthorizationHeader_becomesBasicAuth()
    {
        const ImportResult result = importCurlText("curl https://x.example/ -H 'Authorization: Basic dXNlcjpwYXNz'");
        QVERIFY(result.ok());
        const RequestItem &r = result.workspace.requests.first();
        QCOMPARE(r.auth.mode, RequestAuth::Mode::Basic);
        QCOMPARE(r.auth.username, QStringLiteral("user"));
        QCOMPARE(r.auth.password, QStringLiteral("{{password}}"));
        QVERIFY(r.headers.isEmpty());
        QCOMPARE(r.variables.first().value, QStringLiteral("pass"));
    }

    void brokenCommands_failWithPlace_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("place");
        QTest::addColumn<QString>("message");
        QTest::newRow("unterminated single") << QByteArray("curl -X GET \\\n  'https://x -H \"a: b\"") << QStringLiteral("2:3") << QStringLiteral("unterminated ' quote");
        QTest::newRow("unterminated double") << QByteArray("curl \"https://x") << QStringLiteral("1:6") << QStringLiteral("unterminated \" quote");
        QTest::newRow("unterminated ansi-c") << QByteArray("curl x --data $'abc") << QStringLiteral("1:15") << QStringLiteral("unterminated $'...' quote");
        QTest::newRow("missing value") << QByteArray("curl https://x -H") << QStringLiteral("1:16") << QStringLiteral("-H needs a value");
        QTest::newRow("no url") << QByteArray("curl -X POST") << QStringLiteral("1:1") << QStringLiteral("the curl command has no URL");
        QTest::newRow("bad header") << QByteArray("curl https://x -H nocolon") << QStringLiteral("1:19") << QStringLiteral("-H \"nocolon\" is not a header (Name: value)");
        QTest::newRow("cmd unterminated") << QByteArray("curl ^\"https://x ^\n -H a") << QStringLiteral("1:7") << QStringLiteral("unterminated \" quote");
    }

    void brokenCommands_failWithPlace()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, place);
        QFETCH(QString, message);
        const ImportResult result = importSource({text, QStringLiteral("pasted.sh"), {}}, ImportFormat::Curl);
        QVERIFY(!result.ok());
        QCOMPARE(result.error->file, QStringLiteral("pasted.sh"));
        QCOMPARE(result.error->message, message);
        QCOMPARE(result.error->place, place);
    }
};

QTEST_GUILESS_MAIN(tst_ImportCurl)
#include "tst_import_curl.moc"
