#include "clirun.h"
#include "sandboxprocess.h"

#include "collection/assertionjson.h"
#include "collection/export/postmanexporter.h"
#include "collection/requestresolver.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

RequestItem request(const QString &name, const QString &method, const QString &url)
{
    RequestItem r;
    r.name = name;
    r.method = method;
    r.url = url;
    return r;
}

// A small collection that uses what an export has to carry for newman: collection variables
// and bearer auth, folder and request variables, auth switched off in a folder, disabled
// headers, JSON and form bodies, and answers other than 200.
WorkspaceData collectionFor(const QString &baseUrl, const QString &token)
{
    FolderItem c;
    c.name = QStringLiteral("Sandbox");
    c.variables = {{QStringLiteral("baseUrl"), baseUrl, true, false},
                   {QStringLiteral("token"), token, true, true}};
    c.auth.mode = RequestAuth::Mode::Bearer;
    c.auth.token = QStringLiteral("{{token}}");

    // Assertions go to newman as test scripts: these hold against the sandbox...
    RequestItem items = request(QStringLiteral("Items"), QStringLiteral("GET"),
                                QStringLiteral("{{baseUrl}}/api/items"));
    QString error;
    items.assertions = *WorkspaceJson::toAssertions(
        QJsonDocument::fromJson(
            "[{\"status\": 200}, {\"header\": \"Content-Type\", \"matches\": \"json\"},"
            " {\"jsonPath\": \"$.items[1].name\", \"equals\": \"bravo\"},"
            " {\"jsonPath\": \"$.next\", \"exists\": false}]")
            .array(),
        &error);
    c.requests.append(items);
    RequestItem disabled =
        request(QStringLiteral("Items with a disabled header"), QStringLiteral("GET"),
                QStringLiteral("{{baseUrl}}/api/items?page=1"));
    disabled.headers = {
        {QStringLiteral("Authorization"), QStringLiteral("Bearer not-a-token"), false, {}}};
    disabled.disabledQuery = {{QStringLiteral("debug"), QStringLiteral("1"), false, {}}};
    c.requests.append(disabled);
    RequestItem json = request(QStringLiteral("Echo JSON"), QStringLiteral("POST"),
                               QStringLiteral("{{baseUrl}}/api/echo"));
    json.body.mode = RequestBody::Mode::Raw;
    json.body.contentType = QStringLiteral("application/json");
    json.body.text = QStringLiteral("{\"trace\": \"{{trace}}\", \"name\": \"größe\"}");
    json.headers = {{QStringLiteral("X-Trace"), QStringLiteral("{{trace}}"), true, {}}};
    json.variables = {{QStringLiteral("trace"), QStringLiteral("t-42"), true, false}};
    c.requests.append(json);
    RequestItem form = request(QStringLiteral("Echo form"), QStringLiteral("PUT"),
                               QStringLiteral("{{baseUrl}}/api/echo"));
    form.body.mode = RequestBody::Mode::FormUrlEncoded;
    form.body.formFields = {{QStringLiteral("a"), QStringLiteral("1 2"), true, {}},
                            {QStringLiteral("b"), QStringLiteral("x"), false, {}}};
    c.requests.append(form);
    // ...and this one does not, so that a check that runs nothing would be seen.
    RequestItem missing = request(QStringLiteral("Missing route"), QStringLiteral("GET"),
                                  QStringLiteral("{{baseUrl}}/api/nope"));
    missing.assertions = *WorkspaceJson::toAssertions(
        QJsonDocument::fromJson("[{\"status\": 200}]").array(), &error);
    c.requests.append(missing);
    c.requests.append(request(QStringLiteral("Wrong method"), QStringLiteral("DELETE"),
                              QStringLiteral("{{baseUrl}}/api/items")));

    FolderItem anonymous;
    anonymous.name = QStringLiteral("Without a token");
    anonymous.auth.mode = RequestAuth::Mode::None;
    anonymous.requests.append(request(QStringLiteral("Items"), QStringLiteral("GET"),
                                      QStringLiteral("{{baseUrl}}/api/items")));
    c.folders.append(anonymous);

    FolderItem scoped;
    scoped.name = QStringLiteral("Folder variables");
    scoped.variables = {{QStringLiteral("route"), QStringLiteral("items"), true, false}};
    scoped.requests.append(request(QStringLiteral("Items by variable"), QStringLiteral("GET"),
                                   QStringLiteral("{{baseUrl}}/api/{{route}}")));
    c.folders.append(scoped);

    WorkspaceData w;
    w.name = QStringLiteral("newman");
    w.collections.append(c);
    return w;
}

// Every request of the collection in the order newman runs the export: depth first, a folder's
// folders before its requests (the order of the workspace tree).
void requestPaths(const FolderItem &folder, ItemPath path, QList<ItemPath> &out)
{
    for (int i = 0; i < folder.folders.size(); ++i)
        requestPaths(folder.folders[i], path + ItemPath {i}, out);
    for (int i = 0; i < folder.requests.size(); ++i)
        out.append(path + ItemPath {int(folder.folders.size()) + i});
}

} // namespace

class tst_Newman : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void exportedCollection_runsInNewmanWithKeywaysStatuses()
    {
        QString error;
        const QString newman = newmanProgram(&error);
        QVERIFY2(!newman.isEmpty(), qPrintable(error));
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({}, &error), qPrintable(error));

        // A token from the sandbox's password grant, given to Keyway as the secret variable's
        // value and to newman on its command line (the export never holds it).
        const QString token = sandbox.accessToken();
        QVERIFY(!token.isEmpty());

        const QString base = sandbox.url(QStringLiteral("/")).toString().chopped(1);
        const WorkspaceData workspace = collectionFor(base, token);

        // What Keyway sends: each request resolved by the app's own resolver.
        QList<ItemPath> paths;
        requestPaths(workspace.collections.first(), {0}, paths);
        QNetworkAccessManager network;
        QMap<QString, int> keyway;
        for (const ItemPath &path : std::as_const(paths)) {
            const ResolvedRequest resolved = resolveRequest(workspace, path);
            QVERIFY2(resolved.ok(), qPrintable(resolved.errors.join(QLatin1Char('\n'))));
            QNetworkRequest wire(resolved.request.url);
            for (const auto &[name, value] : resolved.request.headers)
                wire.setRawHeader(name, value);
            std::unique_ptr<QIODevice> body;
            if (!resolved.request.body.isEmpty())
                body = resolved.request.body.openForAttempt(&error);
            QNetworkReply *reply =
                network.sendCustomRequest(wire, resolved.request.method, body.get());
            QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 30000);
            keyway.insert(resolved.displayName.section(QLatin1Char('/'), 1),
                          reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
            reply->deleteLater();
        }
        QCOMPARE(keyway.size(), 8);
        QCOMPARE(keyway.value(QStringLiteral("Items")), 200);
        QCOMPARE(keyway.value(QStringLiteral("Without a token/Items")), 401);
        QCOMPARE(keyway.value(QStringLiteral("Missing route")), 404);
        QCOMPARE(keyway.value(QStringLiteral("Wrong method")), 405);
        QCOMPARE(keyway.value(QStringLiteral("Items with a disabled header")), 200);
        QCOMPARE(keyway.value(QStringLiteral("Folder variables/Items by variable")), 200);
        QCOMPARE(keyway.value(QStringLiteral("Echo JSON")), 200);
        QCOMPARE(keyway.value(QStringLiteral("Echo form")), 200);

        const ExportResult exported = exportPostmanCollection(workspace.collections.first());
        QVERIFY(!exported.data.contains(token.toUtf8()));
        QTemporaryDir dir;
        const QString collectionFile =
            dir.filePath(QStringLiteral("sandbox.postman_collection.json"));
        const QString reportFile = dir.filePath(QStringLiteral("report.json"));
        QFile file(collectionFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(exported.data);
        file.close();

        QProcess run;
        run.setProcessChannelMode(QProcess::MergedChannels);
        run.start(newman,
                  {QStringLiteral("run"), collectionFile, QStringLiteral("--env-var"),
                   QStringLiteral("token=") + token, QStringLiteral("--reporters"),
                   QStringLiteral("json"), QStringLiteral("--reporter-json-export"), reportFile,
                   QStringLiteral("--timeout-request"), QStringLiteral("30000")});
        QVERIFY(run.waitForFinished(180000));
        const QByteArray output = run.readAll();
        QFile report(reportFile);
        QVERIFY2(report.open(QIODevice::ReadOnly), output.constData());
        const QJsonObject summary = QJsonDocument::fromJson(report.readAll()).object();
        QMap<QString, int> newmanStatuses;
        const QJsonArray executions =
            summary[QLatin1String("run")][QLatin1String("executions")].toArray();
        // newman names items without their folder; the folder comes from the order it runs them.
        QStringList expectedOrder;
        for (const ItemPath &path : std::as_const(paths))
            expectedOrder.append(
                resolveRequest(workspace, path).displayName.section(QLatin1Char('/'), 1));
        QCOMPARE(executions.size(), expectedOrder.size());
        for (qsizetype i = 0; i < executions.size(); ++i) {
            const QJsonObject execution = executions.at(i).toObject();
            QCOMPARE(execution[QLatin1String("item")][QLatin1String("name")].toString(),
                     expectedOrder.at(i).section(QLatin1Char('/'), -1));
            newmanStatuses.insert(
                expectedOrder.at(i),
                execution[QLatin1String("response")][QLatin1String("code")].toInt());
        }
        QCOMPARE(newmanStatuses, keyway);
        const QJsonObject assertions =
            summary[QLatin1String("run")][QLatin1String("stats")][QLatin1String("assertions")]
                .toObject();
        QCOMPARE(assertions[QLatin1String("total")].toInt(), 5);
        QCOMPARE(assertions[QLatin1String("failed")].toInt(), 1);
        const QJsonArray failures =
            summary[QLatin1String("run")][QLatin1String("failures")].toArray();
        QCOMPARE(failures.size(), 1);
        QCOMPARE(failures.at(0)[QLatin1String("source")][QLatin1String("name")].toString(),
                 QStringLiteral("Missing route"));
    }
};

QTEST_GUILESS_MAIN(tst_Newman)
#include "tst_newman.moc"
