#include "importfixtures.h"

#include "collection/import/importer.h"

#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

// "List users", alike in the v4 and v5 fixtures: templates, a disabled parameter and header, an
// inherited auth.
RequestItem listUsers()
{
    RequestItem list;
    list.name = QStringLiteral("List users");
    list.url = QStringLiteral("{{baseUrl}}/users?page={{page}}");
    list.disabledQuery = {{QStringLiteral("debug"), QStringLiteral("1"), false, {}}};
    list.headers = {{QStringLiteral("Accept"), QStringLiteral("application/json"), true, {}},
                    {QStringLiteral("X-Off"), QStringLiteral("x"), false, {}}};
    list.description = QStringLiteral("All of them");
    return list;
}

} // namespace

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
        QCOMPARE(users.requests[1], listUsers());

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
        QVERIFY(result.error->message.contains(QLatin1String("export it again from a current Insomnia (v5 YAML) or as \"Insomnia v4\"")));
    }

    void v5Collection_mappedPrecisely()
    {
        const QString fixture = QStringLiteral("insomnia/awkward.insomnia-v5.yaml");
        QCOMPARE(detectImportFormat({fixtureBytes(fixture), fixture, {}}), ImportFormat::Insomnia);
        const ImportResult result = importFixture(fixture);
        QVERIFY2(result.ok(), errorText(result).constData());
        const QString root = QStringLiteral("Awkward v5 – Ωmega");
        // A whole body, so that a field set by mistake shows too.
        const auto body = [](RequestBody::Mode mode, const QString &contentType, const QString &text, const QString &filePath = {}) {
            RequestBody b;
            b.mode = mode;
            b.contentType = contentType;
            b.text = text;
            b.filePath = filePath;
            return b;
        };
        QCOMPARE(result.workspace.collections.size(), 1);
        QVERIFY(result.workspace.variables.isEmpty());
        const FolderItem &c = result.workspace.collections.first();
        QCOMPARE(c.name, root);
        QCOMPARE(c.description, QStringLiteral("A v5 export"));
        // dataPropertyOrder, not the file's key order; the nested object as JSON text.
        QCOMPARE(c.variables, VariableList({{QStringLiteral("baseUrl"), QStringLiteral("https://api.example.com"), true, false},
                                            {QStringLiteral("user"), QStringLiteral("demo"), true, false},
                                            {QStringLiteral("nested"), QStringLiteral("{\"region\":\"eu\"}"), true, false}}));
        // By meta.sortKey (the file lists the private one first); the private one's values are secrets.
        QCOMPARE(result.workspace.environments,
                 QList<Environment>({{QStringLiteral("Production"), {{QStringLiteral("baseUrl"), QStringLiteral("https://prod.example.com"), true, false}}},
                                     {QStringLiteral("Mine 🔒"), {{QStringLiteral("pass"), QStringLiteral("hunter2"), true, true}}}}));

        // Sorted by meta.sortKey: Form (-100), Binary (10), Query (20), Basic literal (30); the
        // WebSocket (40) and gRPC (50) requests are reported, not imported.
        QCOMPARE(c.requests.size(), 4);
        const RequestItem &form = c.requests[0];
        QCOMPARE(form.name, QStringLiteral("Form"));
        QCOMPARE(form.method, QStringLiteral("POST"));
        QCOMPARE(form.body.mode, RequestBody::Mode::FormUrlEncoded);
        QCOMPARE(form.body.formFields, KeyValueList({{QStringLiteral("a"), QStringLiteral("1"), true, {}},
                                                     {QStringLiteral("b"), QStringLiteral("2"), false, {}}}));
        QCOMPARE(form.auth.mode, RequestAuth::Mode::None);
        const RequestItem &binary = c.requests[1];
        QCOMPARE(binary.name, QStringLiteral("Binary"));
        QCOMPARE(binary.body, body(RequestBody::Mode::File, QStringLiteral("application/octet-stream"), {}, QStringLiteral("/tmp/blob.bin")));
        QCOMPARE(binary.settings.followRedirects, true);
        QCOMPARE(binary.auth.mode, RequestAuth::Mode::None);
        const RequestItem &query = c.requests[2];
        QCOMPARE(query.name, QStringLiteral("Query"));
        QCOMPARE(query.body, body(RequestBody::Mode::Raw, QStringLiteral("application/json"), QStringLiteral("{\"query\":\"{ me { id } }\"}")));
        QCOMPARE(query.auth.mode, RequestAuth::Mode::None); // a disabled bearer
        QVERIFY(query.variables.isEmpty());
        const RequestItem &basic = c.requests[3];
        QCOMPARE(basic.name, QStringLiteral("Basic literal"));
        QCOMPARE(basic.method, QStringLiteral("DELETE"));
        QCOMPARE(basic.body.mode, RequestBody::Mode::None);
        QCOMPARE(basic.auth.mode, RequestAuth::Mode::Basic);
        QCOMPARE(basic.auth.username, QStringLiteral("admin"));
        QCOMPARE(basic.auth.password, QStringLiteral("{{password}}"));
        QCOMPARE(basic.variables, VariableList({{QStringLiteral("password"), QStringLiteral("s3cret-v5"), true, true}}));

        QCOMPARE(c.folders.size(), 1);
        const FolderItem &users = c.folders.first();
        QCOMPARE(users.name, QStringLiteral("Users"));
        QCOMPARE(users.description, QStringLiteral("Everything about users"));
        // environmentPropertyOrder, not the file's key order.
        QCOMPARE(users.variables, VariableList({{QStringLiteral("page"), QStringLiteral("1"), true, false},
                                                {QStringLiteral("limit"), QStringLiteral("50"), true, false}}));
        QCOMPARE(users.headers, KeyValueList({{QStringLiteral("X-Folder"), QStringLiteral("{{tenant}}"), true, {}},
                                              {QStringLiteral("X-Folder-Off"), QStringLiteral("no"), false, {}}}));
        QCOMPARE(users.auth.mode, RequestAuth::Mode::Profile);
        QCOMPARE(users.auth.profile, root);
        QCOMPARE(result.profiles.size(), 1);
        const ImportedProfile &profile = result.profiles.first();
        QCOMPARE(profile.profile.name, root);
        QCOMPARE(profile.profile.grant, GrantType::Password);
        QCOMPARE(profile.profile.tokenUrl, QUrl(QStringLiteral("https://auth.example.com/token")));
        QCOMPARE(profile.profile.clientId, QStringLiteral("insomnia-v5-cli"));
        QCOMPARE(profile.profile.username, QStringLiteral("demo"));
        QCOMPARE(profile.profile.scope, QStringLiteral("read write"));
        QCOMPARE(profile.profile.clientAuth, ClientAuthMethod::Body);
        QVERIFY(profile.profile.clientSecret.isEmpty());
        QVERIFY(profile.profile.password.isEmpty());
        QVERIFY(profile.needsSecret);
        QCOMPARE(profile.sourcePath, root + QStringLiteral("/Users"));

        // Create (-30), List (-20), Get post (-15); the folders Nested (-5) and Empty folder (1).
        QCOMPARE(users.requests.size(), 3);
        const RequestItem &create = users.requests[0];
        QCOMPARE(create.name, QStringLiteral("Create user – 日本語"));
        QCOMPARE(create.method, QStringLiteral("POST"));
        QCOMPARE(create.url, QStringLiteral("{{baseUrl}}/users?source=v5&notify=true"));
        QCOMPARE(create.headers, KeyValueList({{QStringLiteral("Content-Type"), QStringLiteral("application/json"), true, {}}}));
        QCOMPARE(create.body, body(RequestBody::Mode::Raw, QStringLiteral("application/json"),
                                   QStringLiteral("{\"id\": \"{% uuid 'v4' %}\", \"name\": \"Zoë\"}")));
        QCOMPARE(create.settings.followRedirects, false);
        QCOMPARE(create.auth.mode, RequestAuth::Mode::Bearer);
        QCOMPARE(create.auth.token, QStringLiteral("{{token}}"));
        QCOMPARE(create.variables, VariableList({{QStringLiteral("token"), QStringLiteral("literal-v5-token"), true, true}}));
        // The same request as in the v4 fixture, with followRedirects "on" where v4 says "global".
        QCOMPARE(users.requests[1], listUsers());

        // A path parameter's value goes into the URL; one without a value is said; ":id" in the
        // query is not a path segment.
        QCOMPARE(users.requests[2].name, QStringLiteral("Get post"));
        QCOMPARE(users.requests[2].url, QStringLiteral("{{baseUrl}}/users/{{userId}}/posts/:postId?full=:id"));
        // An API key auth has no Keyway auth: left out (its key is in no imported field).
        QCOMPARE(users.requests[2].auth.mode, RequestAuth::Mode::None);
        QVERIFY(users.requests[2].headers.isEmpty() && users.requests[2].variables.isEmpty());

        QCOMPARE(users.folders.size(), 2);
        QCOMPARE(users.folders[0].name, QStringLiteral("Nested"));
        QVERIFY(users.folders[0].requests.isEmpty());
        const FolderItem *deeper = folderAt(c, {QStringLiteral("Users"), QStringLiteral("Nested"), QStringLiteral("Deeper")});
        QVERIFY(deeper);
        QCOMPARE(deeper->requests.size(), 1);
        const RequestItem &upload = deeper->requests.first();
        QCOMPARE(upload.name, QStringLiteral("Upload"));
        QCOMPARE(upload.method, QStringLiteral("PUT"));
        QCOMPARE(upload.body.mode, RequestBody::Mode::Multipart);
        QCOMPARE(upload.body.parts, QList<MultipartPart>({{QStringLiteral("meta"), QStringLiteral("{\"a\":1}"), {}, {}, true},
                                                          {QStringLiteral("file"), {}, QStringLiteral("/home/me/a.bin"), {}, true},
                                                          {QStringLiteral("off"), QStringLiteral("x"), {}, {}, false}}));
        QCOMPARE(upload.auth.mode, RequestAuth::Mode::Basic);
        QCOMPARE(upload.auth.username, QStringLiteral("{{user}}"));
        QCOMPARE(upload.auth.password, QStringLiteral("{{pass}}"));
        QVERIFY(upload.variables.isEmpty());
        // Insomnia leaves an empty folder's children out.
        const FolderItem &empty = users.folders[1];
        QCOMPARE(empty.name, QStringLiteral("Empty folder"));
        QVERIFY(empty.folders.isEmpty() && empty.requests.isEmpty());

        const QString users_ = root + QStringLiteral("/Users");
        QCOMPARE(issueTexts(result), QStringList({
            root + QStringLiteral(": the nested variable \"nested\" was imported as JSON text"),
            root + QStringLiteral("/Form: auth type \"digest\" is not supported; imported without auth"),
            users_ + QStringLiteral(": the client secret of profile \"") + root
                + QStringLiteral("\" was not imported: enter it when signing in (Keyway keeps it in the keychain, never in files)"),
            users_ + QStringLiteral(": pre-request script not imported"),
            users_ + QStringLiteral("/Create user – 日本語: template tag {% uuid 'v4' %} not imported; left as text"),
            users_ + QStringLiteral("/Create user – 日本語: the bearer token was moved to the secret variable {{token}} (kept in the keychain, not in the collection files)"),
            users_ + QStringLiteral("/Create user – 日本語: the token prefix \"Token\" is not imported; Keyway sends Bearer"),
            users_ + QStringLiteral("/Create user – 日本語: after-response script not imported"),
            users_ + QStringLiteral("/Get post: the path parameter :postId has no value; the URL keeps :postId"),
            users_ + QStringLiteral("/Get post: auth type \"apikey\" is not supported; imported without auth"),
            users_ + QStringLiteral("/Nested/Deeper/Upload: form-data file \"missing\" has no file chosen; left out"),
            users_ + QStringLiteral("/Nested/Deeper/Upload: pre-request script not imported"),
            root + QStringLiteral("/Query: the GraphQL body was imported as the JSON body it sends"),
            root + QStringLiteral("/Basic literal: the Basic password was moved to the secret variable {{password}} (kept in the keychain, not in the collection files)"),
            root + QStringLiteral("/Live feed: WebSocket request not imported (HTTP requests only)"),
            root + QStringLiteral("/Greeter: gRPC request not imported (HTTP requests only)"),
            root + QStringLiteral(": 1 cookie(s) of the cookie jar not imported"),
        }));
        // The literal secrets are in secret variables only, never in a field written to files.
        for (const QString &secret : {QStringLiteral("literal-v5-token"), QStringLiteral("s3cret-v5"), QStringLiteral("shh-v5"), QStringLiteral("literal-api-key")}) {
            for (const QString &issue : issueTexts(result))
                QVERIFY2(!issue.contains(secret), qPrintable(issue));
        }
    }

    // Insomnia 10+ also exports a design document (a collection with its OpenAPI spec) and
    // global environments; the parts with a place in a workspace are imported.
    void v5DesignDocumentAndEnvironments_importWhatFits()
    {
        const QByteArray spec = "type: spec.insomnia.rest/5.0\nname: Petstore\nmeta:\n  id: wrk_1\n"
                                "collection:\n  - url: https://pets.example/pets\n    name: List pets\n    method: GET\n"
                                "spec:\n  contents:\n    openapi: 3.0.0\n"
                                "testSuites:\n  - name: Smoke\n    tests:\n      - name: ok\n        code: expect(1).to.equal(1)\n";
        QCOMPARE(detectImportFormat({spec, QStringLiteral("petstore.yaml"), {}}), ImportFormat::Insomnia);
        const ImportResult design = importSource({spec, QStringLiteral("petstore.yaml"), {}});
        QVERIFY2(design.ok(), errorText(design).constData());
        QCOMPARE(design.workspace.collections.size(), 1);
        QCOMPARE(design.workspace.collections.first().name, QStringLiteral("Petstore"));
        QCOMPARE(design.workspace.collections.first().requests.size(), 1);
        QCOMPARE(design.workspace.collections.first().requests.first().url, QStringLiteral("https://pets.example/pets"));
        QCOMPARE(issueTexts(design), QStringList({QStringLiteral("Petstore: the API spec of the design document not imported (its requests and environments are)"),
                                                  QStringLiteral("Petstore: 1 test suite(s) not imported")}));

        // `type` need not be the first key for the file to be recognised.
        const QByteArray environments = "# shared\nname: Globals\ntype: environment.insomnia.rest/5.0\n"
                                        "environments:\n  name: Base\n  data:\n    host: example.com\n"
                                        "  subEnvironments:\n    - name: Staging\n      data:\n        host: staging.example.com\n";
        QCOMPARE(detectImportFormat({environments, QStringLiteral("globals.yaml"), {}}), ImportFormat::Insomnia);
        const ImportResult globals = importSource({environments, QStringLiteral("globals.yaml"), {}});
        QVERIFY2(globals.ok(), errorText(globals).constData());
        QVERIFY(globals.workspace.collections.isEmpty());
        QCOMPARE(globals.workspace.variables, VariableList({{QStringLiteral("host"), QStringLiteral("example.com"), true, false}}));
        QCOMPARE(globals.workspace.environments,
                 QList<Environment>({{QStringLiteral("Staging"), {{QStringLiteral("host"), QStringLiteral("staging.example.com"), true, false}}}}));
        QCOMPARE(issueTexts(globals), QStringList({QStringLiteral("Globals: the base environment was imported as workspace variables")}));

        // YAML is a superset of JSON: a v5 file written as JSON reads the same.
        const QByteArray json = R"({"type": "collection.insomnia.rest/5.0", "name": "J", "collection": [{"name": "R", "method": "GET", "url": "https://j.example"}]})";
        QCOMPARE(detectImportFormat({json, QStringLiteral("j.json"), {}}), ImportFormat::Insomnia);
        const ImportResult fromJson = importSource({json, QStringLiteral("j.json"), {}});
        QVERIFY2(fromJson.ok(), errorText(fromJson).constData());
        QCOMPARE(fromJson.workspace.collections.first().requests.first().url, QStringLiteral("https://j.example"));
    }

    void v5Errors_refusedWholeWithThePlace_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("place");
        QTest::addColumn<QString>("message");
        const QByteArray head = "type: collection.insomnia.rest/5.0\nname: Broken\n";
        QTest::newRow("header name a list")
            << head + "collection:\n  - name: F\n    children:\n      - name: R\n        method: GET\n        headers:\n          - name: [a, b]\n            value: x\n"
            << QStringLiteral("9:19 (collection[0].children[0].headers[0].name) (in Broken/F/R)")
            << QStringLiteral("expected a string, number or boolean, found an array");
        QTest::newRow("neither request nor folder")
            << head + "collection:\n  - name: Lost\n    url: https://x.example\n"
            << QStringLiteral("4:5 (collection[0]) (in Broken/Lost)")
            << QStringLiteral("neither a request (it has no \"method\") nor a folder (it has no \"children\")");
        QTest::newRow("item a string")
            << head + "collection:\n  - just text\n"
            << QStringLiteral("4:5 (collection[0]) (in Broken)")
            << QStringLiteral("expected a request or folder object, found a string");
        QTest::newRow("sort key not a number")
            << head + "collection:\n  - name: R\n    method: GET\n    meta:\n      sortKey: first\n"
            << QStringLiteral("7:16 (collection[0].meta.sortKey) (in Broken)")
            << QStringLiteral("expected a number, found a string");
        QTest::newRow("environments a list")
            << head + "environments:\n  - name: Base\n"
            << QStringLiteral("4:3 (environments) (in Broken)")
            << QStringLiteral("expected an environment object, found an array");
        QTest::newRow("mock server")
            << QByteArray("type: mock.insomnia.rest/5.0\nname: Mocks\nroutes: []\n")
            << QStringLiteral("1:7 (type)")
            << QStringLiteral("an Insomnia mock server holds canned responses, not requests: Keyway imports Insomnia collections, design documents and environments");
        QTest::newRow("mcp client")
            << QByteArray("type: mcpClient.insomnia/5.0\nname: MCP\n")
            << QStringLiteral("1:7 (type)")
            << QStringLiteral("an Insomnia MCP client is not an HTTP collection: Keyway imports Insomnia collections, design documents and environments");
        QTest::newRow("newer format")
            << QByteArray("type: collection.insomnia.rest/6.0\nname: Future\n")
            << QStringLiteral("1:7 (type)")
            << QStringLiteral("Insomnia file format 6.0 is not one Keyway reads (5.x)");
        QTest::newRow("newer schema")
            << QByteArray("type: collection.insomnia.rest/5.0\nschema_version: \"6.1\"\nname: Future\n")
            << QStringLiteral("2:17 (schema_version)")
            << QStringLiteral("Insomnia schema version 6.1 is not one Keyway reads (5.x)");
        QTest::newRow("type not a string")
            << QByteArray("type: [collection]\nname: X\n")
            << QStringLiteral("1:7 (type)")
            << QStringLiteral("expected a string, found an array");
    }

    void v5Errors_refusedWholeWithThePlace()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, place);
        QFETCH(QString, message);
        const ImportResult result = importSource({yaml, QStringLiteral("broken.yaml"), {}}, ImportFormat::Insomnia);
        QVERIFY(!result.ok());
        QCOMPARE(result.error->file, QStringLiteral("broken.yaml"));
        QCOMPARE(result.error->message, message);
        QCOMPARE(result.error->place, place);
        QVERIFY(result.workspace.collections.isEmpty() && result.workspace.environments.isEmpty());
    }

    // A v5 file nests folders as YAML does, so the bound on folder depth holds there too.
    void v5DeepFolders_refused()
    {
        QByteArray yaml = "type: collection.insomnia.rest/5.0\nname: Deep\ncollection:\n";
        QByteArray indent = "  ";
        for (int i = 0; i < 300; ++i) {
            yaml += indent + "- name: f\n" + indent + "  children:\n";
            indent += "    ";
        }
        yaml += indent + "- {name: r, method: GET}\n";
        const ImportResult result = importSource({yaml, QStringLiteral("deep.yaml"), {}});
        QVERIFY(!result.ok());
        QCOMPARE(result.error->message, QStringLiteral("folders nest deeper than 256 levels"));
    }
};

QTEST_GUILESS_MAIN(tst_ImportInsomnia)
#include "tst_import_insomnia.moc"
