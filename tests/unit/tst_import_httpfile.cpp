#include "importfixtures.h"

#include "collection/import/importer.h"

#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

class tst_ImportHttpFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jetbrainsAndVsCodeRequests_mappedPrecisely()
    {
        const QByteArray bytes = fixtureBytes(QStringLiteral("http/users.http"));
        QCOMPARE(detectImportFormat({bytes, QString(), {}}), ImportFormat::HttpFile);
        const ImportResult result = importFixture(QStringLiteral("http/users.http"));
        QVERIFY2(result.ok(), errorText(result).constData());
        QCOMPARE(result.workspace.collections.size(), 1);
        const FolderItem &c = result.workspace.collections.first();
        QCOMPARE(c.name, QStringLiteral("users"));
        QCOMPARE(c.variables, VariableList({{QStringLiteral("baseUrl"), QStringLiteral("https://api.example.com"), true, false},
                                            {QStringLiteral("token"), QStringLiteral("{{$dotenv TOKEN}}"), true, false}}));
        QCOMPARE(c.requests.size(), 6);

        const RequestItem &create = c.requests[0];
        QCOMPARE(create.name, QStringLiteral("Create user – ü"));
        QCOMPARE(create.method, QStringLiteral("POST"));
        QCOMPARE(create.url, QStringLiteral("{{baseUrl}}/users?notify=true"));
        QCOMPARE(create.headers, KeyValueList({{QStringLiteral("Content-Type"), QStringLiteral("application/json"), true, {}}}));
        QCOMPARE(create.auth.mode, RequestAuth::Mode::Bearer);
        QCOMPARE(create.auth.token, QStringLiteral("{{token}}"));
        QCOMPARE(create.body.mode, RequestBody::Mode::Raw);
        QCOMPARE(create.body.contentType, QStringLiteral("application/json"));
        QCOMPARE(create.body.text, QStringLiteral("{\n  \"name\": \"{{userName}}\",\n  \"größe\": 1\n}"));
        QVERIFY(create.variables.isEmpty());

        const RequestItem &get = c.requests[1];
        QCOMPARE(get.name, QStringLiteral("getUser"));
        QCOMPARE(get.method, QStringLiteral("GET"));
        QCOMPARE(get.url, QStringLiteral("{{baseUrl}}/users/{{id}}?fields=name&lang=de"));
        QCOMPARE(get.body.mode, RequestBody::Mode::None);

        const RequestItem &put = c.requests[2];
        QCOMPARE(put.name, QStringLiteral("PUT /files/1"));
        QCOMPARE(put.settings.followRedirects, false);
        QCOMPARE(put.body.mode, RequestBody::Mode::File);
        QCOMPARE(put.body.filePath, QStringLiteral("./firmware.bin"));
        QCOMPARE(put.body.contentType, QStringLiteral("application/octet-stream"));

        const RequestItem &upload = c.requests[3];
        QCOMPARE(upload.name, QStringLiteral("Upload"));
        QCOMPARE(upload.body.mode, RequestBody::Mode::Multipart);
        QCOMPARE(upload.body.parts, QList<MultipartPart>({{QStringLiteral("title"), QStringLiteral("Holiday"), {}, {}, true},
                                                          {QStringLiteral("photo"), {}, QStringLiteral("./photo.png"), QStringLiteral("image/png"), true}}));

        const RequestItem &login = c.requests[4];
        QCOMPARE(login.body.mode, RequestBody::Mode::FormUrlEncoded);
        QCOMPARE(login.body.formFields, KeyValueList({{QStringLiteral("user"), QStringLiteral("a b"), true, {}},
                                                      {QStringLiteral("remember"), QStringLiteral("1"), true, {}}}));
        QCOMPARE(login.auth.mode, RequestAuth::Mode::Basic);
        QCOMPARE(login.auth.username, QStringLiteral("admin"));
        QCOMPARE(login.auth.password, QStringLiteral("{{password}}"));
        QCOMPARE(login.variables, VariableList({{QStringLiteral("password"), QStringLiteral("s3cret"), true, true}}));

        const RequestItem &bare = c.requests[5];
        QCOMPARE(bare.name, QStringLiteral("Bare URL"));
        QCOMPARE(bare.method, QStringLiteral("GET"));
        QCOMPARE(bare.url, QStringLiteral("https://example.com/health"));

        QCOMPARE(issueTexts(result),
                 QStringList({QStringLiteral("Create user – ü: response handler script not imported"),
                              QStringLiteral("Login form: the Basic password was moved to the secret variable {{password}} (kept in the keychain, not in the collection files)")}));
    }

    void brokenFiles_failWithLine_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("place");
        QTest::addColumn<QString>("message");
        QTest::newRow("not a request line") << QByteArray("### a\nGET http://x\n\n### b\nthis is prose\n")
                                            << QStringLiteral("5:1") << QStringLiteral("expected a request line (METHOD URL), found \"this is prose\"");
        QTest::newRow("bad header") << QByteArray("POST http://x\nContent-Type: a\n{\"a\":1}\n")
                                    << QStringLiteral("3:1") << QStringLiteral("expected a header (Name: value) or an empty line before the body, found \"{\"a\":1}\"");
        QTest::newRow("no request") << QByteArray("# only a comment\n@a = 1\n") << QStringLiteral("1:1")
                                    << QStringLiteral("no request found (a line METHOD URL)");
    }

    void brokenFiles_failWithLine()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, place);
        QFETCH(QString, message);
        const ImportResult result = importSource({text, QStringLiteral("api.http"), {}}, ImportFormat::HttpFile);
        QVERIFY(!result.ok());
        QCOMPARE(result.error->file, QStringLiteral("api.http"));
        QCOMPARE(result.error->message, message);
        QCOMPARE(result.error->place, place);
    }
};

QTEST_GUILESS_MAIN(tst_ImportHttpFile)
#include "tst_import_httpfile.moc"
