#include "importfixtures.h"

#include "collection/assertionjson.h"
#include "collection/import/importer.h"
#include "testfiles.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

class tst_ImportBruno : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void collectionFolder_mappedPrecisely()
    {
        const QString folder = fixturePath(QStringLiteral("bruno/awkward"));
        QCOMPARE(detectImportFormat({{}, {}, folder}), ImportFormat::Bruno);
        const ImportResult result = importPath(folder);
        QVERIFY2(result.ok(), errorText(result).constData());
        QCOMPARE(result.workspace.collections.size(), 1);
        const FolderItem &c = result.workspace.collections.first();
        QCOMPARE(c.name, QStringLiteral("Awkward Bruno"));
        QCOMPARE(c.description, QStringLiteral("The whole collection."));
        QCOMPARE(
            c.headers,
            KeyValueList({{QStringLiteral("X-Client"), QStringLiteral("keyway-test"), true, {}}}));
        QCOMPARE(c.auth.mode, RequestAuth::Mode::Bearer);
        QCOMPARE(c.auth.token, QStringLiteral("{{token}}"));
        QCOMPARE(result.workspace.environments,
                 QList<Environment>({{QStringLiteral("Local"),
                                      {{QStringLiteral("baseUrl"),
                                        QStringLiteral("http://localhost:8080"), true, false},
                                       {QStringLiteral("old"), QStringLiteral("1"), false, false},
                                       {QStringLiteral("token"), QString(), true, true},
                                       {QStringLiteral("unused"), QString(), false, true}}}}));

        // Root requests by seq: Form (1), Binary (2).
        QCOMPARE(c.requests.size(), 2);
        const RequestItem &form = c.requests[0];
        QCOMPARE(form.name, QStringLiteral("Form"));
        QCOMPARE(form.method, QStringLiteral("PATCH"));
        QCOMPARE(form.body.mode, RequestBody::Mode::FormUrlEncoded);
        QCOMPARE(form.body.formFields,
                 KeyValueList({{QStringLiteral("a"), QStringLiteral("1 2"), true, {}},
                               {QStringLiteral("b"), QStringLiteral("off"), false, {}}}));
        QCOMPARE(form.auth.mode, RequestAuth::Mode::None);
        const RequestItem &binary = c.requests[1];
        QCOMPARE(binary.body.mode, RequestBody::Mode::File);
        QCOMPARE(binary.body.filePath, QStringLiteral("firmware.bin"));
        QCOMPARE(binary.body.contentType, QStringLiteral("application/octet-stream"));

        QCOMPARE(c.folders.size(), 1);
        const FolderItem &users = c.folders.first();
        QCOMPARE(users.name, QStringLiteral("Users – ü"));
        QCOMPARE(users.headers,
                 KeyValueList({{QStringLiteral("X-Folder"), QStringLiteral("users"), true, {}}}));
        QCOMPARE(users.auth.mode, RequestAuth::Mode::Basic);
        QCOMPARE(users.auth.username, QStringLiteral("admin"));
        QCOMPARE(users.auth.password, QStringLiteral("{{password}}"));
        QCOMPARE(users.variables,
                 VariableList({{QStringLiteral("password"),
                                QStringLiteral("folder-literal-password"), true, true}}));

        QCOMPARE(users.requests.size(), 2);
        const RequestItem &get = users.requests[0];
        QCOMPARE(get.name, QStringLiteral("Get user"));
        QCOMPARE(get.url, QStringLiteral("{{baseUrl}}/users/{{id}}"));
        QCOMPARE(get.variables,
                 VariableList({{QStringLiteral("id"), QStringLiteral("42"), true, false}}));
        QCOMPARE(get.auth.mode, RequestAuth::Mode::None);
        QString error;
        const auto expected = WorkspaceJson::toAssertions(
            QJsonDocument::fromJson(
                "[{\"status\": 200}, {\"jsonPath\": \"$.items[0].name\", \"equals\": \"alpha\"},"
                " {\"jsonPath\": \"$.next\", \"exists\": false},"
                " {\"header\": \"content-type\", \"matches\": \"json\"}, {\"responseTimeBelow\": "
                "500}]")
                .array(),
            &error);
        QVERIFY2(expected, qPrintable(error));
        QCOMPARE(get.assertions, *expected);
        const RequestItem &create = users.requests[1];
        QCOMPARE(create.name, QStringLiteral("Create user"));
        QCOMPARE(create.method, QStringLiteral("POST"));
        QCOMPARE(create.url, QStringLiteral("{{baseUrl}}/users?notify=true"));
        QCOMPARE(create.disabledQuery,
                 KeyValueList({{QStringLiteral("dryRun"), QStringLiteral("1"), false, {}}}));
        QCOMPARE(
            create.headers,
            KeyValueList(
                {{QStringLiteral("Content-Type"), QStringLiteral("application/json"), true, {}},
                 {QStringLiteral("X-Debug"), QStringLiteral("1"), false, {}}}));
        QCOMPARE(create.body.mode, RequestBody::Mode::Raw);
        QCOMPARE(create.body.contentType, QStringLiteral("application/json"));
        QCOMPARE(create.body.text,
                 QStringLiteral("{\n  \"name\": \"{{userName}}\",\n  \"größe\": 1\n}"));
        // A multi-line value ('''...''') keeps its lines, less the four spaces Bruno indents
        // them by, and a "}" of its own does not end the block.
        QCOMPARE(create.variables,
                 VariableList(
                     {{QStringLiteral("userName"), QStringLiteral("Ada"), true, false},
                      {QStringLiteral("greeting"),
                       QStringLiteral("Dear {{userName}},\n  welcome: }\nKeyway"), true, false},
                      {QStringLiteral("oneLine"), QStringLiteral("kept as it is"), false, false}}));
        QCOMPARE(create.auth.mode, RequestAuth::Mode::Inherit);
        QCOMPARE(create.description, QStringLiteral("Creates a user."));

        const RequestItem &deep = users.folders.first().requests.first();
        QCOMPARE(deep.name, QStringLiteral("日本語 upload"));
        QCOMPARE(deep.body.parts,
                 QList<MultipartPart>(
                     {{QStringLiteral("title"), QStringLiteral("Holiday"), {}, {}, true},
                      {QStringLiteral("photo"),
                       {},
                       QStringLiteral("/tmp/photo.png"),
                       QStringLiteral("image/png"),
                       true},
                      {QStringLiteral("skip"), QStringLiteral("no"), {}, {}, false}}));
        QCOMPARE(deep.auth.token, QStringLiteral("{{token}}"));
        QCOMPARE(deep.variables.first().value, QStringLiteral("literal-bearer-value"));

        const QStringList issues = issueTexts(result);
        QVERIFY(issues.contains(QStringLiteral(
            "Awkward Bruno/Users – ü/Create user: pre-request script not imported")));
        QVERIFY(issues.contains(
            QStringLiteral("Awkward Bruno/Users – ü/Create user: tests not imported")));
        QVERIFY(issues.contains(QStringLiteral(
            "Awkward Bruno/Users – ü: the Basic password was moved to the secret variable "
            "{{password}} (kept in the keychain, not in the collection files)")));
        QVERIFY(issues.contains(QStringLiteral(
            "Awkward Bruno/Users – ü/Get user: assertion \"res.body.count: gt 2\" not imported")));
        QVERIFY(issues.contains(QStringLiteral(
            "Awkward Bruno/Form: auth type \"digest\" is not supported; imported without auth")));
    }

    void brokenFile_isNamedWithItsLine()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("bruno.json")),
                          "{\"version\":\"1\",\"name\":\"B\",\"type\":\"collection\"}"));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("ok.bru")),
                          "meta {\n  name: ok\n}\nget {\n  url: http://x/\n}\n"));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("sub/bad.bru")),
                          "meta {\n  name: bad\n}\nheaders {\n  no colon here\n}\n"));
        ImportResult result = importPath(dir.path());
        QVERIFY(!result.ok());
        QCOMPARE(result.error->file, dir.filePath(QStringLiteral("sub/bad.bru")));
        QCOMPARE(result.error->place, QStringLiteral("5:3"));
        QCOMPARE(
            result.error->message,
            QStringLiteral("expected \"name: value\" in block headers, found \"no colon here\""));
        QVERIFY(result.workspace.collections.isEmpty());

        QVERIFY(writeFile(dir.filePath(QStringLiteral("sub/bad.bru")), "meta {\n  name: bad\n"));
        result = importPath(dir.path());
        QCOMPARE(result.error->place, QStringLiteral("1:1"));
        QCOMPARE(result.error->message, QStringLiteral("block meta is never closed with }"));

        QVERIFY(writeFile(dir.filePath(QStringLiteral("sub/bad.bru")),
                          "meta {\n  name: bad\n}\nvars:pre-request {\n  a: '''\n    x\n}\n"));
        result = importPath(dir.path());
        QCOMPARE(result.error->place, QStringLiteral("5:1"));
        QCOMPARE(result.error->message,
                 QStringLiteral("the multi-line value opened with ''' is never closed with '''"));

        QVERIFY(
            writeFile(dir.filePath(QStringLiteral("sub/bad.bru")),
                      "meta {\n  name: bad\n}\nvars:pre-request {\n  a: '''\n    x\n  ''' y\n}\n"));
        result = importPath(dir.path());
        QCOMPARE(result.error->place, QStringLiteral("7:1"));
        QCOMPARE(result.error->message,
                 QStringLiteral("unexpected text after the ''' that closes the multi-line value "
                                "of line 5"));

        QVERIFY(
            writeFile(dir.filePath(QStringLiteral("sub/bad.bru")), "meta {\n  name: b\xff\n}\n"));
        result = importPath(dir.path());
        QCOMPARE(result.error->place, QStringLiteral("2:10"));
        QVERIFY(result.error->message.startsWith(QLatin1String("the file is not valid UTF-8")));
    }

    void deepFolders_stopAtTheLimitWithAnError()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("bruno.json")), "{\"name\":\"Deep\"}"));
        QString path = dir.path();
        for (int i = 0; i < 300; ++i)
            path += QStringLiteral("/d");
        QVERIFY(QDir().mkpath(path));
        const ImportResult result = importPath(dir.path());
        QVERIFY(!result.ok());
        QCOMPARE(result.error->message, QStringLiteral("folders nest deeper than 256 levels"));
    }
};

QTEST_GUILESS_MAIN(tst_ImportBruno)
#include "tst_import_bruno.moc"
