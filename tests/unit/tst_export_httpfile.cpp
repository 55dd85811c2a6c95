#include "importfixtures.h"

#include "collection/export/httpfileexporter.h"
#include "collection/import/importer.h"

#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

class tst_ExportHttpFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void importedFixture_exportedAndImportedBack_keepsEveryRequest()
    {
        const ImportResult first = importFixture(QStringLiteral("http/users.http"));
        QVERIFY(first.ok());
        const FolderItem &original = first.workspace.collections.first();
        const ExportResult exported = exportHttpFile(original);
        const ImportResult back = importSource({exported.data, QStringLiteral("users.http"), {}});
        QVERIFY2(back.ok(), errorText(back).constData());
        const FolderItem &again = back.workspace.collections.first();
        QCOMPARE(again.variables, original.variables);
        QCOMPARE(again.requests.size(), original.requests.size());
        for (qsizetype i = 0; i < original.requests.size(); ++i) {
            const RequestItem &a = original.requests[i];
            const RequestItem &b = again.requests[i];
            QCOMPARE(b.name, a.name);
            QCOMPARE(b.method, a.method);
            QCOMPARE(b.url, a.url);
            QCOMPARE(b.body, a.body);
            QCOMPARE(b.settings, a.settings);
            QCOMPARE(b.auth.mode, a.auth.mode);
            QCOMPARE(b.auth.token, a.auth.token);
            QCOMPARE(b.auth.username, a.auth.username);
            QCOMPARE(b.auth.password, a.auth.password);
        }
        // The Basic password was a secret variable of the request: never written.
        QVERIFY(!exported.data.contains("s3cret"));
        QVERIFY(exported.warnings.contains(QStringLiteral("Login form: {{password}} is secret; left as it is")));
    }

    void foldersFlattenedAndTheirVariablesResolved()
    {
        FolderItem c;
        c.name = QStringLiteral("API");
        c.variables = {{QStringLiteral("baseUrl"), QStringLiteral("https://api.example.com"), true, false},
                       {QStringLiteral("apiKey"), QStringLiteral("k-123"), true, true}};
        FolderItem f;
        f.name = QStringLiteral("Users");
        f.variables = {{QStringLiteral("id"), QStringLiteral("7"), true, false}};
        f.headers = {{QStringLiteral("X-Api-Key"), QStringLiteral("{{apiKey}}"), true, {}}};
        RequestItem r;
        r.name = QStringLiteral("Get");
        r.url = QStringLiteral("{{baseUrl}}/users/{{id}}");
        f.requests.append(r);
        c.folders.append(f);
        const ExportResult exported = exportHttpFile(c);
        const QString text = QString::fromUtf8(exported.data);
        QVERIFY(text.contains(QStringLiteral("@baseUrl = https://api.example.com\n")));
        QVERIFY(text.contains(QStringLiteral("# Secret variables, to be set in http-client.private.env.json: apiKey\n")));
        QVERIFY(text.contains(QStringLiteral("### Users / Get\nGET {{baseUrl}}/users/7\nX-Api-Key: {{apiKey}}\n")));
        QVERIFY(!text.contains(QStringLiteral("k-123")));
    }
};

QTEST_GUILESS_MAIN(tst_ExportHttpFile)
#include "tst_export_httpfile.moc"
