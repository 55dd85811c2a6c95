// The same workspace run by `keyway-cli run` and, exported to Postman v2.1 by `keyway-cli
// export`, by newman, against one keyway-sandbox process: the same requests pass and fail, with
// the same number of assertions checked and failed. newman comes from the newman_install
// fixture (npm, into the build tree).
#include "clirun.h"
#include "sandboxprocess.h"

#include "collection/assertionjson.h"
#include "collection/workspacestore.h"

#include <QFile>
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

RequestItem request(const QString &name, const QString &method, const QString &url,
                    const QByteArray &assertions)
{
    RequestItem r;
    r.name = name;
    r.method = method;
    r.url = url;
    QString error;
    r.assertions =
        WorkspaceJson::toAssertions(QJsonDocument::fromJson(assertions).array(), &error).value();
    return r;
}

// Every request carries assertions (newman checks nothing for one without), three pass and two
// fail: one on a value, one on a status.
WorkspaceData workspaceFor(const QString &base)
{
    WorkspaceData w;
    w.name = QStringLiteral("compare");
    FolderItem c;
    c.name = QStringLiteral("Sandbox");
    c.variables = {{QStringLiteral("baseUrl"), base, true, false},
                   {QStringLiteral("token"), QString(), true, true}};
    c.auth.mode = RequestAuth::Mode::Bearer;
    c.auth.token = QStringLiteral("{{token}}");
    c.requests = {
        request(QStringLiteral("Items"), QStringLiteral("GET"),
                QStringLiteral("{{baseUrl}}/api/items"),
                "[{\"status\": 200}, {\"header\": \"Content-Type\", \"matches\": \"json\"},"
                " {\"jsonPath\": \"$.items[1].name\", \"equals\": \"bravo\"}]"),
        request(QStringLiteral("Wrong name"), QStringLiteral("GET"),
                QStringLiteral("{{baseUrl}}/api/items"),
                "[{\"status\": 200}, {\"jsonPath\": \"$.items[0].name\", \"equals\": \"zulu\"}]"),
        request(QStringLiteral("Missing route"), QStringLiteral("GET"),
                QStringLiteral("{{baseUrl}}/api/nope"), "[{\"status\": 200}]"),
        request(QStringLiteral("Expected 404"), QStringLiteral("GET"),
                QStringLiteral("{{baseUrl}}/api/nope"), "[{\"status\": 404}]"),
    };
    RequestItem echo = request(
        QStringLiteral("Echo"), QStringLiteral("POST"), QStringLiteral("{{baseUrl}}/api/echo"),
        "[{\"status\": \"2xx\"}, {\"jsonPath\": \"$.method\", \"exists\": true}]");
    echo.body.mode = RequestBody::Mode::Raw;
    echo.body.contentType = QStringLiteral("application/json");
    echo.body.text = QStringLiteral("{\"hello\": 1}");
    c.requests.append(echo);
    w.collections = {c};
    return w;
}

} // namespace

class tst_RunNewman : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void exportedWorkspace_newmanAgreesWithKeywayRun()
    {
        QString error;
        const QString newman = newmanProgram(&error);
        QVERIFY2(!newman.isEmpty(), qPrintable(error));
        const QString cli = cliBinary(&error);
        QVERIFY2(!cli.isEmpty(), qPrintable(error));
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({}, &error), qPrintable(error));

        // One token for both tools, from the sandbox's password grant; neither file holds it.
        const QString token = sandbox.accessToken();
        QVERIFY(!token.isEmpty());

        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("ws"));
        WorkspaceData workspace =
            workspaceFor(sandbox.url(QStringLiteral("/")).toString().chopped(1));
        WorkspaceStore store(root);
        QVERIFY(store.save(workspace).ok());

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KEYWAY_SECRET_TOKEN"), token);
        QProcess keyway;
        keyway.setProcessEnvironment(env);
        const QString reports = dir.filePath(QStringLiteral("reports"));
        keyway.start(cli,
                     {QStringLiteral("run"), root, QStringLiteral("--reporter"),
                      QStringLiteral("json"), QStringLiteral("--report-dir"), reports});
        QVERIFY(keyway.waitForFinished(120000));
        QVERIFY2(keyway.exitCode() == 1, keyway.readAllStandardError().constData());
        QFile keywayFile(reports + QStringLiteral("/keyway-run.json"));
        QVERIFY(keywayFile.open(QIODevice::ReadOnly));
        const QJsonObject keywayReport = QJsonDocument::fromJson(keywayFile.readAll()).object();
        QMap<QString, bool> keywayPassed;
        for (const QJsonValue &r : keywayReport.value(QStringLiteral("requests")).toArray())
            keywayPassed.insert(r[QLatin1String("name")].toString().section(QLatin1Char('/'), -1),
                                r[QLatin1String("passed")].toBool());
        const QJsonObject totals = keywayReport.value(QStringLiteral("totals")).toObject();

        const QString collection = dir.filePath(QStringLiteral("sandbox.postman_collection.json"));
        QProcess exporter;
        exporter.start(cli,
                       {QStringLiteral("export"), root + QStringLiteral("/Sandbox"),
                        QStringLiteral("--format"), QStringLiteral("postman"), QStringLiteral("-o"),
                        collection});
        QVERIFY(exporter.waitForFinished(60000));
        QVERIFY2(exporter.exitCode() == 0, exporter.readAllStandardError().constData());
        QFile exported(collection);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        QVERIFY(!exported.readAll().contains(token.toUtf8()));

        const QString newmanReport = dir.filePath(QStringLiteral("newman.json"));
        QProcess run;
        run.setProcessChannelMode(QProcess::MergedChannels);
        run.start(newman,
                  {QStringLiteral("run"), collection, QStringLiteral("--env-var"),
                   QStringLiteral("token=") + token, QStringLiteral("--reporters"),
                   QStringLiteral("json"), QStringLiteral("--reporter-json-export"), newmanReport,
                   QStringLiteral("--timeout-request"), QStringLiteral("30000")});
        QVERIFY(run.waitForFinished(180000));
        const QByteArray output = run.readAll();
        QFile newmanFile(newmanReport);
        QVERIFY2(newmanFile.open(QIODevice::ReadOnly), output.constData());
        const QJsonObject summary = QJsonDocument::fromJson(newmanFile.readAll()).object();
        QMap<QString, bool> newmanPassed;
        for (const QJsonValue &execution :
             summary[QLatin1String("run")][QLatin1String("executions")].toArray()) {
            bool passed = true;
            for (const QJsonValue &a : execution[QLatin1String("assertions")].toArray())
                passed = passed && !a.toObject().contains(QStringLiteral("error"));
            newmanPassed.insert(execution[QLatin1String("item")][QLatin1String("name")].toString(),
                                passed);
        }
        const QMap<QString, bool> expected {{QStringLiteral("Items"), true},
                                            {QStringLiteral("Wrong name"), false},
                                            {QStringLiteral("Missing route"), false},
                                            {QStringLiteral("Expected 404"), true},
                                            {QStringLiteral("Echo"), true}};
        QCOMPARE(keywayPassed, expected);
        QCOMPARE(newmanPassed, expected);
        const QJsonObject stats =
            summary[QLatin1String("run")][QLatin1String("stats")][QLatin1String("assertions")]
                .toObject();
        QCOMPARE(stats[QLatin1String("total")].toInt(),
                 totals[QLatin1String("assertions")].toInt());
        QCOMPARE(stats[QLatin1String("failed")].toInt(),
                 totals[QLatin1String("failedAssertions")].toInt());
        QCOMPARE(totals[QLatin1String("failedAssertions")].toInt(), 2);
    }
};

QTEST_GUILESS_MAIN(tst_RunNewman)
#include "tst_run_newman.moc"
