#include "importfixtures.h"

#include "collection/import/importer.h"

#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

class tst_ImportPostman : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void detectsCollectionsAndEnvironments()
    {
        QCOMPARE(detectImportFormat({fixtureBytes(QStringLiteral("postman/awkward.postman_collection.json")), {}, {}}),
                 ImportFormat::PostmanCollection);
        QCOMPARE(detectImportFormat({fixtureBytes(QStringLiteral("postman/legacy.postman_collection_v2.0.json")), {}, {}}),
                 ImportFormat::PostmanCollection);
        QCOMPARE(detectImportFormat({fixtureBytes(QStringLiteral("postman/staging.postman_environment.json")), {}, {}}),
                 ImportFormat::PostmanEnvironment);
    }

    void v21_collectionLevel_variablesAuthAndScripts()
    {
        const ImportResult result = importFixture(QStringLiteral("postman/awkward.postman_collection.json"));
        QVERIFY2(result.ok(), errorText(result).constData());
        QCOMPARE(result.workspace.collections.size(), 1);
        const FolderItem &c = result.workspace.collections.first();
        QCOMPARE(c.name, QStringLiteral("Awkward API"));
        QCOMPARE(c.description, QStringLiteral("Every case an importer gets wrong."));
        QCOMPARE(c.auth.mode, RequestAuth::Mode::Bearer);
        QCOMPARE(c.auth.token, QStringLiteral("{{apiToken}}"));
        const VariableList expected {
            {QStringLiteral("baseUrl"), QStringLiteral("https://api.example.com"), true, false},
            {QStringLiteral("apiToken"), QString(), true, true},
            {QStringLiteral("pageSize"), QStringLiteral("50"), true, false},
            {QStringLiteral("old"), QStringLiteral("x"), false, false},
        };
        QCOMPARE(c.variables, expected);
        QCOMPARE(c.folders.size(), 2);
        QCOMPARE(c.requests.size(), 1);
        QCOMPARE(c.requests[0].name, QStringLiteral("Bare URL"));
        QCOMPARE(c.requests[0].method, QStringLiteral("GET"));
        QCOMPARE(c.requests[0].url, QStringLiteral("https://example.com/health"));
        QVERIFY(issueTexts(result).contains(QStringLiteral("Awkward API: pre-request script not imported")));
    }

    void v21_requestWithDisabledHeadersQueryAndJsonBody()
    {
        const ImportResult result = importFixture(QStringLiteral("postman/awkward.postman_collection.json"));
        QVERIFY(result.ok());
        const FolderItem *users = folderAt(result.workspace.collections.first(), {QStringLiteral("Users")});
        QVERIFY(users);
        QCOMPARE(users->description, QStringLiteral("User **management**"));
        QCOMPARE(users->requests.size(), 3);
        const RequestItem &create = users->requests[0];
        QCOMPARE(create.name, QStringLiteral("Create user"));
        QCOMPARE(create.method, QStringLiteral("POST"));
        QCOMPARE(create.url, QStringLiteral("{{baseUrl}}/users?notify=true"));
        QCOMPARE(create.disabledQuery,
                 KeyValueList({{QStringLiteral("dryRun"), QStringLiteral("1"), false, QStringLiteral("off")}}));
        const KeyValueList headers {
            {QStringLiteral("Content-Type"), QStringLiteral("application/json"), true, {}},
            {QStringLiteral("X-{{headerName}}"), QStringLiteral("{{headerValue}}"), true,
             QStringLiteral("variable name and value")},
            {QStringLiteral("X-Debug"), QStringLiteral("1"), false, {}},
        };
        QCOMPARE(create.headers, headers);
        QCOMPARE(create.body.mode, RequestBody::Mode::Raw);
        QCOMPARE(create.body.contentType, QStringLiteral("application/json"));
        QCOMPARE(create.body.text, QStringLiteral("{\"name\": \"{{userName}}\", \"größe\": 1}"));
        QCOMPARE(create.auth.mode, RequestAuth::Mode::Inherit);
        QCOMPARE(create.description, QStringLiteral("Creates a user."));
        const QStringList issues = issueTexts(result);
        QVERIFY(issues.contains(QStringLiteral("Users/Create user: pre-request script not imported")));
        // An empty test script is nothing lost.
        QVERIFY(!issues.contains(QStringLiteral("Users/Create user: test script not imported")));
        QVERIFY(issues.contains(QStringLiteral("Users/Create user: 1 saved example response(s) not imported")));
    }

    void v21_duplicateNamesPathVariablesAndSettings()
    {
        const ImportResult result = importFixture(QStringLiteral("postman/awkward.postman_collection.json"));
        const FolderItem *users = folderAt(result.workspace.collections.first(), {QStringLiteral("Users")});
        QVERIFY(users);
        const RequestItem &byId = users->requests[1];
        const RequestItem &me = users->requests[2];
        QCOMPARE(byId.name, QStringLiteral("Get user"));
        QCOMPARE(me.name, QStringLiteral("Get user"));
        QCOMPARE(byId.url, QStringLiteral("{{baseUrl}}/users/{{id}}"));
        QCOMPARE(byId.variables, VariableList({{QStringLiteral("id"), QStringLiteral("42"), true, false}}));
        QCOMPARE(me.url, QStringLiteral("{{baseUrl}}/users/me"));
        QCOMPARE(me.auth.mode, RequestAuth::Mode::None);
        QCOMPARE(me.settings.followRedirects, false);
        QCOMPARE(byId.settings.followRedirects, true);
    }

    void v21_oauth2FolderBecomesProfileWithoutItsSecret()
    {
        const ImportResult result = importFixture(QStringLiteral("postman/awkward.postman_collection.json"));
        const FolderItem *admin = folderAt(result.workspace.collections.first(),
                                           {QStringLiteral("Users"), QStringLiteral("Admin")});
        QVERIFY(admin);
        QCOMPARE(admin->auth.mode, RequestAuth::Mode::Profile);
        QCOMPARE(admin->auth.profile, QStringLiteral("Admin login"));
        QCOMPARE(result.profiles.size(), 1);
        const ImportedProfile &imported = result.profiles.first();
        QCOMPARE(imported.profile.name, QStringLiteral("Admin login"));
        QCOMPARE(imported.profile.grant, GrantType::ClientCredentials);
        QCOMPARE(imported.profile.tokenUrl, QUrl(QStringLiteral("https://auth.example.com/oauth/token")));
        QCOMPARE(imported.profile.clientId, QStringLiteral("admin-cli"));
        QCOMPARE(imported.profile.scope, QStringLiteral("admin read"));
        QCOMPARE(imported.profile.clientAuth, ClientAuthMethod::Body);
        QVERIFY(imported.profile.clientSecret.isEmpty());
        QVERIFY(imported.needsSecret);
        QCOMPARE(imported.sourcePath, QStringLiteral("Users/Admin"));
        // The secret is nowhere in the result.
        for (const ImportIssue &issue : result.issues)
            QVERIFY(!issue.toString().contains(QLatin1String("s3cr3t")));
        QVERIFY(issueTexts(result).contains(
            QStringLiteral("Users/Admin: the client secret of profile \"Admin login\" was not imported: "
                           "enter it when signing in (Keyway keeps it in the keychain, never in files)")));
    }

    void v21_nonAsciiNamesAndUrlEncodedBodyInDeepFolders()
    {
        const ImportResult result = importFixture(QStringLiteral("postman/awkward.postman_collection.json"));
        const FolderItem *deep = folderAt(result.workspace.collections.first(),
                                          {QStringLiteral("Users"), QStringLiteral("Admin"), QStringLiteral("Deep")});
        QVERIFY(deep);
        QCOMPARE(deep->requests.size(), 1);
        const RequestItem &r = deep->requests.first();
        QCOMPARE(r.name, QStringLiteral("Größe ändern – 日本語"));
        QCOMPARE(r.method, QStringLiteral("PATCH"));
        QCOMPARE(r.url, QStringLiteral("{{baseUrl}}/größe/{{id}}"));
        QCOMPARE(r.body.mode, RequestBody::Mode::FormUrlEncoded);
        const KeyValueList fields {
            {QStringLiteral("a"), QStringLiteral("1 2"), true, {}},
            {QStringLiteral("{{fieldName}}"), QStringLiteral("{{fieldValue}}"), true, {}},
            {QStringLiteral("off"), QStringLiteral("x"), false, {}},
        };
        QCOMPARE(r.body.formFields, fields);
    }

    void v21_multipartBinaryAndLiteralPassword()
    {
        const ImportResult result = importFixture(QStringLiteral("postman/awkward.postman_collection.json"));
        const FolderItem *uploads = folderAt(result.workspace.collections.first(), {QStringLiteral("Uploads")});
        QVERIFY(uploads);
        const RequestItem &multipart = uploads->requests[0];
        QCOMPARE(multipart.body.mode, RequestBody::Mode::Multipart);
        const QList<MultipartPart> parts {
            {QStringLiteral("title"), QStringLiteral("Holiday {{year}}"), {}, {}, true},
            {QStringLiteral("photo"), {}, QStringLiteral("/home/me/photo.png"), QStringLiteral("image/png"), true},
            {QStringLiteral("more"), {}, QStringLiteral("a.txt"), {}, true},
            {QStringLiteral("more"), {}, QStringLiteral("b.txt"), {}, true},
            {QStringLiteral("skip"), QStringLiteral("no"), {}, {}, false},
        };
        QCOMPARE(multipart.body.parts, parts);
        // The literal password went into a secret variable of the request.
        QCOMPARE(multipart.auth.mode, RequestAuth::Mode::Basic);
        QCOMPARE(multipart.auth.username, QStringLiteral("uploader"));
        QCOMPARE(multipart.auth.password, QStringLiteral("{{password}}"));
        QCOMPARE(multipart.variables,
                 VariableList({{QStringLiteral("password"), QStringLiteral("hunter2"), true, true}}));
        const QStringList issues = issueTexts(result);
        QVERIFY(issues.contains(QStringLiteral("Uploads/Multipart: form-data file \"none\" has no file chosen; left out")));
        QVERIFY(issues.contains(QStringLiteral("Uploads/Multipart: the Basic password was moved to the secret "
                                               "variable {{password}} (kept in the keychain, not in the collection files)")));

        const RequestItem &binary = uploads->requests[1];
        QCOMPARE(binary.method, QStringLiteral("PUT"));
        QCOMPARE(binary.body.mode, RequestBody::Mode::File);
        QCOMPARE(binary.body.filePath, QStringLiteral("firmware.bin"));
        QCOMPARE(binary.auth.mode, RequestAuth::Mode::None);
        QVERIFY(issues.contains(QStringLiteral("Uploads/Binary: auth type \"digest\" is not supported; imported without auth")));
    }

    void v20_objectAuthStringHeadersAndUrlParts()
    {
        const ImportResult result = importFixture(QStringLiteral("postman/legacy.postman_collection_v2.0.json"));
        QVERIFY2(result.ok(), errorText(result).constData());
        const FolderItem &c = result.workspace.collections.first();
        QCOMPARE(c.name, QStringLiteral("Legacy v2.0"));
        QCOMPARE(c.requests.size(), 2);
        const RequestItem &token = c.requests[0];
        QCOMPARE(token.headers, KeyValueList({{QStringLiteral("Accept"), QStringLiteral("application/json"), true, {}},
                                              {QStringLiteral("X-Trace"), QStringLiteral("abc"), true, {}}}));
        QCOMPARE(token.auth.mode, RequestAuth::Mode::Bearer);
        QCOMPARE(token.auth.token, QStringLiteral("{{token}}"));
        QCOMPARE(token.variables, VariableList({{QStringLiteral("token"), QStringLiteral("literal-token-value"), true, true}}));
        const RequestItem &built = c.requests[1];
        QCOMPARE(built.method, QStringLiteral("DELETE"));
        QCOMPARE(built.url, QStringLiteral("https://api.example.com:8443/v1/items?q=a b"));
        QCOMPARE(built.disabledQuery, KeyValueList({{QStringLiteral("off"), QStringLiteral("1"), false, {}}}));
        QCOMPARE(built.auth.mode, RequestAuth::Mode::Basic);
        QCOMPARE(built.auth.username, QStringLiteral("{{user}}"));
        QCOMPARE(built.auth.password, QStringLiteral("{{pass}}"));
        QVERIFY(built.variables.isEmpty());
    }

    void environment_secretAndDisabledValues()
    {
        const ImportResult result = importFixture(QStringLiteral("postman/staging.postman_environment.json"));
        QVERIFY2(result.ok(), errorText(result).constData());
        QCOMPARE(result.workspace.environments.size(), 1);
        const Environment &env = result.workspace.environments.first();
        QCOMPARE(env.name, QStringLiteral("Staging – ü"));
        const VariableList expected {
            {QStringLiteral("baseUrl"), QStringLiteral("https://staging.example.com"), true, false},
            {QStringLiteral("apiToken"), QStringLiteral("staging-secret"), true, true},
            {QStringLiteral("retries"), QStringLiteral("3"), false, false},
        };
        QCOMPARE(env.variables, expected);
        QVERIFY(result.workspace.collections.isEmpty());
    }

    void v1Collection_isRefusedWithWhatToDo()
    {
        const QByteArray v1 = "{\"info\":{\"name\":\"x\",\"schema\":\"https://schema.getpostman.com/json/collection/v1.0.0/collection.json\"},\"item\":[]}";
        const ImportResult result = importSource({v1, QStringLiteral("old.json"), {}});
        QVERIFY(!result.ok());
        QCOMPARE(result.error->file, QStringLiteral("old.json"));
        QCOMPARE(result.error->place, QStringLiteral("info.schema"));
        QVERIFY(result.error->message.contains(QLatin1String("export the collection from Postman as v2.1")));
    }

    void wrongType_namesJsonPathAndItem()
    {
        const QByteArray bad = "{\"info\":{\"name\":\"C\",\"schema\":\"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"},"
            "\"item\":[{\"name\":\"F\",\"item\":[{\"name\":\"R\",\"request\":{\"url\":\"x\",\"header\":[{\"key\":5}]}}]}]}";
        const ImportResult result = importSource({bad, QStringLiteral("c.json"), {}});
        QVERIFY(!result.ok());
        QCOMPARE(result.error->toString(),
                 QStringLiteral("c.json:item[0].item[0].request.header[0].key (in F/R): expected a string, found a number"));
    }
};

QTEST_GUILESS_MAIN(tst_ImportPostman)
#include "tst_import_postman.moc"
