#include "importfixtures.h"

#include "collection/assertionjson.h"
#include "collection/export/postmanexporter.h"
#include "collection/import/importer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

// What the export is expected to do to secrets: keep the variable, drop its value.
void blankSecrets(VariableList &variables)
{
    for (Variable &v : variables) {
        if (v.secret)
            v.value.clear();
    }
}

void blankSecrets(FolderItem &folder)
{
    blankSecrets(folder.variables);
    for (FolderItem &child : folder.folders)
        blankSecrets(child);
    for (RequestItem &request : folder.requests)
        blankSecrets(request.variables);
}

QList<Profile> profilesOf(const ImportResult &result)
{
    QList<Profile> profiles;
    for (const ImportedProfile &p : result.profiles)
        profiles.append(p.profile);
    return profiles;
}

ImportResult reimport(const QByteArray &json)
{
    return importSource({json, QStringLiteral("exported.postman_collection.json"), {}},
                        ImportFormat::Unknown);
}

// Everything Keyway keeps that the collection format can say.
FolderItem expressibleCollection()
{
    FolderItem c;
    c.name = QStringLiteral("Round trip – ü");
    c.description = QStringLiteral("All that Postman can express");
    c.variables = {{QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:1234"), true, false},
                   {QStringLiteral("token"), QString(), true, true},
                   {QStringLiteral("off"), QStringLiteral("v"), false, false}};
    c.auth.mode = RequestAuth::Mode::Bearer;
    c.auth.token = QStringLiteral("{{token}}");

    FolderItem folder;
    folder.name = QStringLiteral("Folder");
    folder.description = QStringLiteral("A folder");
    folder.variables = {{QStringLiteral("folderVar"), QStringLiteral("f"), true, false}};
    folder.auth.mode = RequestAuth::Mode::Basic;
    folder.auth.username = QStringLiteral("{{user}}");
    folder.auth.password = QStringLiteral("{{pass}}");

    RequestItem get;
    get.name = QStringLiteral("Get");
    get.url = QStringLiteral("{{baseUrl}}/items/{{id}}?a=1&b=&c#frag");
    get.disabledQuery = {{QStringLiteral("d"), QStringLiteral("4"), false, QStringLiteral("off")}};
    get.headers = {{QStringLiteral("Accept"), QStringLiteral("application/json"), true, {}},
                   {QStringLiteral("X-{{name}}"), QStringLiteral("{{value}}"), false, QStringLiteral("why")}};
    get.variables = {{QStringLiteral("id"), QStringLiteral("7"), true, false}};
    get.description = QStringLiteral("Gets one");
    get.settings.followRedirects = false;
    QString error;
    get.assertions = *WorkspaceJson::toAssertions(
        QJsonDocument::fromJson("[{\"status\": 200}, {\"status\": \"2xx\"}, {\"status\": [200, 204]},"
                                " {\"header\": \"ETag\"}, {\"header\": \"Content-Type\", \"matches\": \"json\"},"
                                " {\"jsonPath\": \"$.items[0].id\", \"equals\": 1}, {\"jsonPath\": \"$.next\", \"exists\": false},"
                                " {\"responseTimeBelow\": 500}]").array(),
        &error);
    folder.requests.append(get);

    RequestItem post = get;
    post.assertions.clear();
    post.name = QStringLiteral("Get"); // a duplicate name
    post.method = QStringLiteral("POST");
    post.url = QStringLiteral("https://api.example.com:8443/v1/größe");
    post.disabledQuery.clear();
    post.variables.clear();
    post.settings = {};
    post.auth.mode = RequestAuth::Mode::None;
    post.body.mode = RequestBody::Mode::Raw;
    post.body.contentType = QStringLiteral("application/json");
    post.body.text = QStringLiteral("{\"a\": \"{{value}}\"}");
    folder.requests.append(post);

    FolderItem inner;
    inner.name = QStringLiteral("日本語");
    RequestItem form;
    form.name = QStringLiteral("Form");
    form.method = QStringLiteral("PUT");
    form.url = QStringLiteral("{{baseUrl}}/form");
    form.body.mode = RequestBody::Mode::FormUrlEncoded;
    form.body.formFields = {{QStringLiteral("a"), QStringLiteral("1 2"), true, QStringLiteral("desc")},
                            {QStringLiteral("b"), QStringLiteral("x"), false, {}}};
    inner.requests.append(form);
    RequestItem multipart = form;
    multipart.name = QStringLiteral("Multipart");
    multipart.body = {};
    multipart.body.mode = RequestBody::Mode::Multipart;
    multipart.body.parts = {{QStringLiteral("t"), QStringLiteral("text"), {}, {}, true},
                            {QStringLiteral("f"), {}, QStringLiteral("files/a.png"), QStringLiteral("image/png"), true},
                            {QStringLiteral("g"), {}, QStringLiteral("b.bin"), {}, false}};
    inner.requests.append(multipart);
    RequestItem binary = form;
    binary.name = QStringLiteral("Binary");
    binary.body = {};
    binary.body.mode = RequestBody::Mode::File;
    binary.body.filePath = QStringLiteral("firmware.bin");
    binary.auth.mode = RequestAuth::Mode::Profile;
    binary.auth.profile = QStringLiteral("sandbox");
    inner.requests.append(binary);
    folder.folders.append(inner);
    c.folders.append(folder);

    RequestItem plain;
    plain.name = QStringLiteral("Plain text");
    plain.method = QStringLiteral("PATCH");
    plain.url = QStringLiteral("http://localhost/x");
    plain.body.mode = RequestBody::Mode::Raw;
    plain.body.text = QStringLiteral("no type");
    c.requests.append(plain);
    return c;
}

Profile sandboxProfile()
{
    Profile p;
    p.name = QStringLiteral("sandbox");
    p.tokenUrl = QUrl(QStringLiteral("http://127.0.0.1:9/oauth/token"));
    p.clientId = QStringLiteral("keyway-demo");
    p.grant = GrantType::Password;
    p.username = QStringLiteral("demo");
    p.scope = QStringLiteral("read");
    return p;
}

} // namespace

class tst_ExportPostman : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void expressibleCollection_roundTripsEqual()
    {
        const FolderItem original = expressibleCollection();
        PostmanExportContext context;
        context.profiles = {sandboxProfile()};
        const ExportResult exported = exportPostmanCollection(original, context);
        const ImportResult back = reimport(exported.data);
        QVERIFY2(back.ok(), errorText(back).constData());
        QCOMPARE(back.workspace.collections.size(), 1);
        QCOMPARE(back.workspace.collections.first().folders.first().requests.first().assertions.size(), 8);
        QCOMPARE(back.workspace.collections.first(), original);
        QVERIFY2(back.issues.isEmpty(), qPrintable(issueTexts(back).join(QLatin1Char('\n'))));
        QCOMPARE(back.profiles.size(), 1);
        const Profile &p = back.profiles.first().profile;
        QCOMPARE(p.name, QStringLiteral("sandbox"));
        QCOMPARE(p.tokenUrl, sandboxProfile().tokenUrl);
        QCOMPARE(p.grant, GrantType::Password);
        QCOMPARE(p.username, QStringLiteral("demo"));
        QCOMPARE(p.scope, QStringLiteral("read"));
        QCOMPARE(p.clientId, QStringLiteral("keyway-demo"));
    }

    void importedFixture_exportedAndImportedBack_isEqual()
    {
        const ImportResult first = importFixture(QStringLiteral("postman/awkward.postman_collection.json"));
        QVERIFY(first.ok());
        PostmanExportContext context;
        context.profiles = profilesOf(first);
        const ExportResult exported = exportPostmanCollection(first.workspace.collections.first(), context);
        const ImportResult back = reimport(exported.data);
        QVERIFY2(back.ok(), errorText(back).constData());
        FolderItem expected = first.workspace.collections.first();
        blankSecrets(expected);
        QCOMPARE(back.workspace.collections.first(), expected);
    }

    void export_writesNoSecretValue()
    {
        const ImportResult first = importFixture(QStringLiteral("postman/awkward.postman_collection.json"));
        FolderItem collection = first.workspace.collections.first();
        collection.variables.append({QStringLiteral("apiKey"), QStringLiteral("very-secret-key"), true, true});
        Profile withSecret = first.profiles.first().profile;
        withSecret.clientSecret = QStringLiteral("client-secret-value");
        PostmanExportContext context;
        context.profiles = {withSecret};
        const ExportResult exported = exportPostmanCollection(collection, context);
        QVERIFY(!exported.data.contains("hunter2"));
        QVERIFY(!exported.data.contains("very-secret-key"));
        QVERIFY(!exported.data.contains("client-secret-value"));
        QVERIFY(!exported.data.contains("s3cr3t"));
        QVERIFY(exported.data.contains("\"apiKey\""));
        QVERIFY(exported.warnings.contains(QStringLiteral("Awkward API/Users/Admin: the secret of profile \"Admin login\" was left out")));

        Environment env {QStringLiteral("Prod"),
                         {{QStringLiteral("host"), QStringLiteral("prod.example.com"), true, false},
                          {QStringLiteral("password"), QStringLiteral("env-secret"), false, true}}};
        const ExportResult envExport = exportPostmanEnvironment(env);
        QVERIFY(!envExport.data.contains("env-secret"));
        const ImportResult envBack = importSource({envExport.data, QStringLiteral("prod.json"), {}});
        QVERIFY2(envBack.ok(), errorText(envBack).constData());
        env.variables[1].value.clear();
        QCOMPARE(envBack.workspace.environments, QList<Environment>({env}));
    }

    void literalCredentials_areLeftOutWithAWarning()
    {
        FolderItem c;
        c.name = QStringLiteral("C");
        RequestItem r;
        r.name = QStringLiteral("R");
        r.url = QStringLiteral("http://x/");
        r.auth.mode = RequestAuth::Mode::Bearer;
        r.auth.token = QStringLiteral("eyJ-literal-token");
        c.requests.append(r);
        const ExportResult exported = exportPostmanCollection(c);
        QVERIFY(!exported.data.contains("eyJ-literal-token"));
        QCOMPARE(exported.warnings, QStringList({QStringLiteral("C/R: the literal bearer token was left out; use a secret variable")}));
    }

    void folderAndWorkspaceHeaders_goIntoEachRequest()
    {
        FolderItem c;
        c.name = QStringLiteral("C");
        c.headers = {{QStringLiteral("X-Collection"), QStringLiteral("1"), true, {}}};
        FolderItem f;
        f.name = QStringLiteral("F");
        f.headers = {{QStringLiteral("X-Folder"), QStringLiteral("2"), true, {}}};
        RequestItem r;
        r.name = QStringLiteral("R");
        r.url = QStringLiteral("http://x/");
        r.headers = {{QStringLiteral("X-Own"), QStringLiteral("3"), true, {}}};
        f.requests.append(r);
        c.folders.append(f);
        PostmanExportContext context;
        context.workspaceHeaders = {{QStringLiteral("X-Workspace"), QStringLiteral("0"), true, {}}};
        const ExportResult exported = exportPostmanCollection(c, context);
        const ImportResult back = reimport(exported.data);
        QVERIFY(back.ok());
        const RequestItem &got = back.workspace.collections.first().folders.first().requests.first();
        QStringList names;
        for (const KeyValue &h : got.headers)
            names.append(h.name);
        QCOMPARE(names, QStringList({QStringLiteral("X-Workspace"), QStringLiteral("X-Collection"),
                                     QStringLiteral("X-Folder"), QStringLiteral("X-Own")}));
        QCOMPARE(exported.warnings, QStringList({QStringLiteral("C/F: Postman has no folder headers; they were written into each request inside")}));
    }

    void url_isSplitIntoThePartsNewmanReads()
    {
        FolderItem c;
        c.name = QStringLiteral("C");
        RequestItem r;
        r.name = QStringLiteral("R");
        r.url = QStringLiteral("{{baseUrl}}/api/items?x={{v}}&flag#top");
        r.disabledQuery = {{QStringLiteral("off"), QStringLiteral("1"), false, {}}};
        c.requests.append(r);
        const QJsonObject url = QJsonDocument::fromJson(exportPostmanCollection(c).data)
                                    .object()[QLatin1String("item")][0][QLatin1String("request")]
                                        [QLatin1String("url")].toObject();
        QCOMPARE(url[QLatin1String("raw")].toString(), r.url);
        QCOMPARE(url[QLatin1String("host")].toArray().toVariantList(), QVariantList({QStringLiteral("{{baseUrl}}")}));
        QCOMPARE(url[QLatin1String("path")].toArray().toVariantList(),
                 QVariantList({QStringLiteral("api"), QStringLiteral("items")}));
        const QJsonArray query = url[QLatin1String("query")].toArray();
        QCOMPARE(query.size(), 3);
        QCOMPARE(query[0].toObject()[QLatin1String("value")].toString(), QStringLiteral("{{v}}"));
        QVERIFY(query[1].toObject()[QLatin1String("value")].isNull());
        QCOMPARE(query[2].toObject()[QLatin1String("disabled")].toBool(), true);
        QCOMPARE(url[QLatin1String("hash")].toString(), QStringLiteral("top"));
    }
};

QTEST_GUILESS_MAIN(tst_ExportPostman)
#include "tst_export_postman.moc"
