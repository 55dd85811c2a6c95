#include "importfixtures.h"

#include "collection/import/importer.h"

#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

class tst_ImportInsomnia : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void export_mappedPrecisely_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::newRow("json") << QStringLiteral("insomnia/awkward.insomnia.json");
        QTest::newRow("yaml") << QStringLiteral("insomnia/awkward.insomnia.yaml");
    }

    void export_mappedPrecisely()
    {
        QFETCH(QString, fixture);
        QCOMPARE(detectImportFormat({fixtureBytes(fixture), fixture, {}}), ImportFormat::Insomnia);
        const ImportResult result = importFixture(fixture);
        QVERIFY2(result.ok(), errorText(result).constData());
        QCOMPARE(result.workspace.collections.size(), 1);
        const FolderItem &c = result.workspace.collections.first();
        QCOMPARE(c.name, QStringLiteral("Awkward Insomnia"));
        QCOMPARE(c.description, QStringLiteral("An export"));
        QCOMPARE(c.variables, VariableList({{QStringLiteral("baseUrl"), QStringLiteral("https://api.example.com"), true, false},
                                            {QStringLiteral("user"), QStringLiteral("demo"), true, false}}));
        QCOMPARE(result.workspace.environments,
                 QList<Environment>({{QStringLiteral("Production"), {{QStringLiteral("baseUrl"), QStringLiteral("https://prod.example.com"), true, false}}},
                                     {QStringLiteral("Mine"), {{QStringLiteral("pass"), QStringLiteral("hunter2"), true, true}}}}));
        // Sorted by metaSortKey: Form (-100), Binary (10); the folder.
        QCOMPARE(c.requests.size(), 2);
        QCOMPARE(c.requests[0].name, QStringLiteral("Form"));
        QCOMPARE(c.requests[0].body.mode, RequestBody::Mode::FormUrlEncoded);
        QCOMPARE(c.requests[0].body.formFields, KeyValueList({{QStringLiteral("a"), QStringLiteral("1"), true, {}},
                                                              {QStringLiteral("b"), QStringLiteral("2"), false, {}}}));
        QCOMPARE(c.requests[0].auth.mode, RequestAuth::Mode::None);
        QCOMPARE(c.requests[1].name, QStringLiteral("Binary"));
        QCOMPARE(c.requests[1].body.mode, RequestBody::Mode::File);
        QCOMPARE(c.requests[1].body.filePath, QStringLiteral("/tmp/blob.bin"));
        QCOMPARE(c.requests[1].body.contentType, QStringLiteral("application/octet-stream"));

        QCOMPARE(c.folders.size(), 1);
        const FolderItem &users = c.folders.first();
        QCOMPARE(users.name, QStringLiteral("Users"));
        QCOMPARE(users.variables, VariableList({{QStringLiteral("page"), QStringLiteral("1"), true, false}}));
        QCOMPARE(users.auth.mode, RequestAuth::Mode::Profile);
        QCOMPARE(users.auth.profile, QStringLiteral("Awkward Insomnia"));
        QCOMPARE(result.profiles.size(), 1);
        QCOMPARE(result.profiles.first().profile.grant, GrantType::Password);
        QCOMPARE(result.profiles.first().profile.clientId, QStringLiteral("insomnia-cli"));
        QCOMPARE(result.profiles.first().profile.clientAuth, ClientAuthMethod::Body);
        QVERIFY(result.profiles.first().profile.clientSecret.isEmpty());
        QVERIFY(result.profiles.first().profile.password.isEmpty());
        QVERIFY(result.profiles.first().needsSecret);

        QCOMPARE(users.requests.size(), 2);
        const RequestItem &create = users.requests[0];
        QCOMPARE(create.name, QStringLiteral("Create user – 日本語"));
        QCOMPARE(create.url, QStringLiteral("{{baseUrl}}/users"));
        QCOMPARE(create.body.text, QStringLiteral("{\"id\": \"{% uuid 'v4' %}\"}"));
        QCOMPARE(create.settings.followRedirects, false);
        QCOMPARE(create.auth.token, QStringLiteral("{{token}}"));
        QCOMPARE(create.variables, VariableList({{QStringLiteral("token"), QStringLiteral("literal-insomnia-token"), true, true}}));
        const RequestItem &list = users.requests[1];
        QCOMPARE(list.url, QStringLiteral("{{baseUrl}}/users?page={{page}}"));
        QCOMPARE(list.disabledQuery, KeyValueList({{QStringLiteral("debug"), QStringLiteral("1"), false, {}}}));
        QCOMPARE(list.headers, KeyValueList({{QStringLiteral("Accept"), QStringLiteral("application/json"), true, {}},
                                             {QStringLiteral("X-Off"), QStringLiteral("x"), false, {}}}));
        QCOMPARE(list.auth.mode, RequestAuth::Mode::Inherit);
        QCOMPARE(list.description, QStringLiteral("All of them"));

        const FolderItem &nested = users.folders.first();
        QCOMPARE(nested.name, QStringLiteral("Nested"));
        const RequestItem &upload = nested.requests.first();
        QCOMPARE(upload.body.parts, QList<MultipartPart>({{QStringLiteral("meta"), QStringLiteral("{\"a\":1}"), {}, {}, true},
                                                          {QStringLiteral("file"), {}, QStringLiteral("/home/me/a.bin"), {}, true},
                                                          {QStringLiteral("off"), QStringLiteral("x"), {}, {}, false}}));
        QCOMPARE(upload.auth.username, QStringLiteral("{{user}}"));
        QCOMPARE(upload.auth.password, QStringLiteral("{{pass}}"));

        const QStringList issues = issueTexts(result);
        QVERIFY(issues.contains(QStringLiteral("Awkward Insomnia/Users/Create user – 日本語: template tag {% uuid 'v4' %} not imported; left as text")));
        QVERIFY(issues.contains(QStringLiteral("Awkward Insomnia/Users/Nested/Upload: pre-request script not imported")));
        QVERIFY(issues.contains(QStringLiteral("Awkward Insomnia/Form: auth type \"digest\" is not supported; imported without auth")));
        QVERIFY(issues.contains(QStringLiteral("1 request(s) or folder(s) whose parent is missing not imported")));
    }

    void yamlErrors_nameLineAndColumn()
    {
        const QByteArray bad = "_type: export\n__export_format: 4\nresources:\n  - _id: r1\n    _type: request\n    parentId: w\n    headers: nope\n  - _id: w\n    _type: workspace\n";
        const ImportResult result = importSource({bad, QStringLiteral("i.yaml"), {}});
        QVERIFY(!result.ok());
        QCOMPARE(result.error->file, QStringLiteral("i.yaml"));
        QCOMPARE(result.error->place, QStringLiteral("7:14 (resources[0].headers) (in /)"));
        QCOMPARE(result.error->message, QStringLiteral("expected an array, found a string"));

        const ImportResult syntax = importSource({QByteArray("_type: export\nresources: [a, b\n"), QStringLiteral("s.yaml"), {}});
        QVERIFY(!syntax.ok());
        QVERIFY(syntax.error->message.startsWith(QLatin1String("not valid YAML")));
        QCOMPARE(syntax.error->place, QStringLiteral("3:1"));

        const ImportResult alias = importSource({QByteArray("_type: export\n__export_format: 4\na: &x [1]\nb: *x\n"), QStringLiteral("a.yaml"), {}});
        QVERIFY(!alias.ok());
        QCOMPARE(alias.error->place, QStringLiteral("4:4"));
    }

    void otherFormatVersions_refusedWithWhatToDo()
    {
        const ImportResult result = importSource({QByteArray("{\"_type\":\"export\",\"__export_format\":3,\"resources\":[]}"), QStringLiteral("old.json"), {}});
        QVERIFY(!result.ok());
        QCOMPARE(result.error->place, QStringLiteral("__export_format"));
        QVERIFY(result.error->message.contains(QLatin1String("export as \"Insomnia v4\"")));
    }
};

QTEST_GUILESS_MAIN(tst_ImportInsomnia)
#include "tst_import_insomnia.moc"
