// keyway-cli run as CI uses it: real keyway-cli processes against an in-process sandbox, a
// workspace written as files the way a team keeps it in git, the three reports checked (the
// JUnit one against tests/fixtures/junit/junit.xsd with xmllint), one refresh for a token that
// expires under 50 concurrent requests, and one refresh for four processes sharing a Redis
// profile.
#include "clifixture.h"
#include "redisserver.h"
#include "runworkspaces.h"
#include "secretscan.h"
#include "sourcetree.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <functional>
#include <memory>

using namespace Keyway;
using namespace Keyway::Test;

class tst_CliRun : public QObject
{
    Q_OBJECT

    CliFixture m_cli;

    QStringList auth() const { return m_cli.passwordGrantArgs(); }

    // Starts each argument list as a keyway-cli process; this process's event loop keeps
    // serving the sandbox meanwhile, and `tick` runs on every turn of it.
    QList<CliRun> runAll(const QList<QStringList> &argumentLists,
                         const std::function<void()> &tick = {}) const
    {
        return runClis(m_cli.binary(), argumentLists, m_cli.environment(), tick);
    }
    CliRun run(const QStringList &arguments, const std::function<void()> &tick = {}) const
    {
        return runAll({arguments}, tick).constFirst();
    }

    void writeAssertionWorkspace(const QString &root)
    {
        QVERIFY(RunWorkspaces::writeAssertionWorkspace(root, m_cli.sandbox().baseUrl()));
    }
    void writeLoadWorkspace(const QString &root, int count, int ms)
    {
        QVERIFY(RunWorkspaces::writeLoadWorkspace(
            root, m_cli.sandbox().apiUrl(QStringLiteral("/api/slow?ms=%1").arg(ms)), count, ms));
    }

    // `keyway-cli run` of the workspace in `root` for profile 'sandbox' (its tokens in memory),
    // every reporter writing to `reports`, and Ctrl-C once `ready` holds (runCliInterrupted).
    CliRun runInterrupted(const QString &root, const QString &reports, const QStringList &extra,
                          const std::function<bool()> &ready, bool *interrupted) const
    {
        return runCliInterrupted(
            m_cli.binary(),
            QStringList {QStringLiteral("run"), root, QStringLiteral("--profile"),
                         QStringLiteral("sandbox"), QStringLiteral("--store"),
                         QStringLiteral("memory"), QStringLiteral("--reporter"),
                         QStringLiteral("cli,json,junit"), QStringLiteral("--report-dir"), reports}
                + extra + auth(),
            m_cli.environment(), ready, interrupted, 30000);
    }

    // What xmllint finds wrong with the JUnit report at `path` against
    // tests/fixtures/junit/junit.xsd; empty when it is valid.
    static QString schemaProblems(const QString &path)
    {
        QProcess xmllint;
        xmllint.start(QStringLiteral("xmllint"),
                      {QStringLiteral("--noout"), QStringLiteral("--schema"),
                       sourceTreePath(QStringLiteral("tests/fixtures/junit/junit.xsd")), path});
        if (!xmllint.waitForFinished(60000))
            return QStringLiteral("xmllint (libxml2-utils) did not run");
        return xmllint.exitCode() == 0 ? QString()
                                       : QString::fromUtf8(xmllint.readAllStandardError());
    }

    // What is wrong with the JUnit report in `reports` of a run Ctrl-C stopped with `cancelled`
    // requests in flight (each an <error>) and `notRun` not started (each skipped as
    // interrupted), read as a CI server sums it; empty when nothing is.
    static QString interruptedJUnitProblems(const QString &reports, int cancelled, int notRun)
    {
        const QString path = reports + QStringLiteral("/keyway-run.xml");
        if (const QString invalid = schemaProblems(path); !invalid.isEmpty())
            return invalid;
        int testcases = 0, errors = 0, skipped = 0, suiteSkipped = 0;
        QStringList interrupted; // each testsuite's "interrupted" property
        QXmlStreamReader reader(readFile(path));
        while (!reader.atEnd()) {
            if (reader.readNext() != QXmlStreamReader::StartElement)
                continue;
            const auto name = reader.name();
            const QXmlStreamAttributes attributes = reader.attributes();
            if (name == QLatin1String("testsuite")) {
                suiteSkipped += attributes.value(QLatin1String("skipped")).toInt();
                interrupted.append(QString());
            } else if (name == QLatin1String("property")
                       && attributes.value(QLatin1String("name")) == QLatin1String("interrupted")) {
                interrupted.last() = attributes.value(QLatin1String("value")).toString();
            } else if (name == QLatin1String("testcase")) {
                ++testcases;
            } else if (name == QLatin1String("error")) {
                ++errors;
            } else if (name == QLatin1String("skipped")
                       && attributes.value(QLatin1String("message"))
                           == QLatin1String("interrupted")) {
                ++skipped;
            }
        }
        const QString found =
            QStringLiteral("%1 testcases, %2 errors, %3 skipped as interrupted (%4 by the suites), "
                           "interrupted properties: %5")
                .arg(testcases)
                .arg(errors)
                .arg(skipped)
                .arg(suiteSkipped)
                .arg(interrupted.join(QLatin1Char(',')));
        const QString expected =
            QStringLiteral("%1 testcases, %2 errors, %3 skipped as interrupted (%3 by the suites), "
                           "interrupted properties: true")
                .arg(cancelled + notRun)
                .arg(cancelled)
                .arg(notRun);
        return found == expected ? QString()
                                 : QStringLiteral("expected %1; found %2").arg(expected, found);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cli.findBinary(&error), qPrintable(error));
    }

    void init()
    {
        QString error;
        QVERIFY2(m_cli.startTest({}, &error), qPrintable(error));
    }
    void cleanup() { m_cli.stopTest(); }

    void assertions_rightResultsInAllThreeReports()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("ws"));
        writeAssertionWorkspace(root);
        const QString reports = dir.filePath(QStringLiteral("reports"));
        const CliRun result =
            run(QStringList {
                    QStringLiteral("run"), root, QStringLiteral("--env"), QStringLiteral("local"),
                    QStringLiteral("--var"), QStringLiteral("tag=v1"), QStringLiteral("--profile"),
                    QStringLiteral("sandbox"), QStringLiteral("--store"), QStringLiteral("memory"),
                    QStringLiteral("--reporter"), QStringLiteral("cli,json,junit"),
                    QStringLiteral("--report-dir"), reports}
                + auth());
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QCOMPARE(result.exitCode, 1); // assertion failures
        const QString out = QString::fromUtf8(result.out);
        // Console: one plain line per request (stdout is no terminal here), then the summary.
        QVERIFY2(out.contains(QStringLiteral("✓ Items/List items")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("✗ Items/Wrong id")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("✗ JSON $.items[0].id equals 2: expected 2, got 1")),
                 qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("✗ status is 2xx: expected status 2xx, got 404")),
                 qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("✓ Ping")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("2 requests failed")), qPrintable(out));

        // JSON: every request with its verdict, the totals, and no token anywhere.
        const QByteArray jsonBytes = readFile(reports + QStringLiteral("/keyway-run.json"));
        const QJsonObject json = QJsonDocument::fromJson(jsonBytes).object();
        const QJsonObject totals = json.value(QStringLiteral("totals")).toObject();
        QCOMPARE(totals.value(QStringLiteral("requests")).toInt(), 5);
        QCOMPARE(totals.value(QStringLiteral("failedRequests")).toInt(), 2);
        QCOMPARE(totals.value(QStringLiteral("assertions")).toInt(), 5 + 2 + 1 + 1 + 1);
        QCOMPARE(totals.value(QStringLiteral("failedAssertions")).toInt(), 2);
        QMap<QString, bool> verdicts;
        for (const QJsonValue &request : json.value(QStringLiteral("requests")).toArray()) {
            const QJsonObject o = request.toObject();
            verdicts.insert(o.value(QStringLiteral("name")).toString(),
                            o.value(QStringLiteral("passed")).toBool());
            if (o.value(QStringLiteral("name")).toString() == QLatin1String("Items/Missing route"))
                QCOMPARE(o.value(QStringLiteral("response"))
                             .toObject()
                             .value(QStringLiteral("status"))
                             .toInt(),
                         404);
        }
        const QMap<QString, bool> expected {{QStringLiteral("Items/List items"), true},
                                            {QStringLiteral("Items/Wrong id"), false},
                                            {QStringLiteral("Items/Missing route"), false},
                                            {QStringLiteral("Items/Echo"), true},
                                            {QStringLiteral("Ping"), true}};
        QCOMPARE(verdicts, expected);
        // The sign-in is among the auth events, with fingerprints only (checked just below).
        QVERIFY2(!json.value(QStringLiteral("authEvents")).toArray().isEmpty(),
                 jsonBytes.constData());
        QVERIFY(!m_cli.sandbox().issuedSecrets().isEmpty());
        const SecretScan scan = SecretScan::forSandbox(m_cli.sandbox());
        const QStringList leaks = scan.scan(QStringLiteral("keyway-run.json"), jsonBytes)
            + scan.scanRun(QStringLiteral("keyway-cli run"), result);
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char('\n'))));

        // JUnit: valid against the schema, one testcase per request, the failures with the
        // assertion and the status.
        const QString junitPath = reports + QStringLiteral("/keyway-run.xml");
        const QString invalid = schemaProblems(junitPath);
        QVERIFY2(invalid.isEmpty(), qPrintable(invalid));
        const QString junit = QString::fromUtf8(readFile(junitPath));
        QCOMPARE(junit.count(QStringLiteral("<testcase ")), 5);
        QCOMPARE(junit.count(QStringLiteral("<failure ")), 2);
        QVERIFY2(junit.contains(QStringLiteral("<testsuites name=\"keyway-cli run ")),
                 qPrintable(junit));
        QVERIFY2(junit.contains(QStringLiteral("failures=\"2\"")), qPrintable(junit));
        QVERIFY2(junit.contains(QStringLiteral("message=\"JSON $.items[0].id equals 2: expected "
                                               "2, got 1 (HTTP 200)\"")),
                 qPrintable(junit));
        QVERIFY2(junit.contains(QStringLiteral("message=\"status is 2xx: expected status 2xx, got "
                                               "404 (HTTP 404)\"")),
                 qPrintable(junit));
    }

    void oneRequestFile_runsAloneAndPasses()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("ws"));
        writeAssertionWorkspace(root);
        const CliRun result =
            run(QStringList {
                    QStringLiteral("run"), root + QStringLiteral("/Items/List items.request.json"),
                    QStringLiteral("--env"), QStringLiteral("local"), QStringLiteral("--profile"),
                    QStringLiteral("sandbox"), QStringLiteral("--store"), QStringLiteral("memory")}
                + auth());
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QVERIFY2(result.out.contains("all passed"), qPrintable(result.describe()));
        QCOMPARE(result.out.count("✓ "), 1);
    }

    void followRedirectsOff_theRunAssertsOnThe302Itself()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("ws"));
        writeAssertionWorkspace(root);
        QFile moved(root + QStringLiteral("/Items/Moved.request.json"));
        QVERIFY(moved.open(QIODevice::WriteOnly));
        moved.write(R"({"name": "Moved", "method": "GET",
                        "url": "{{base}}/api/redirect?to=/api/items&origin=same",
                        "settings": {"followRedirects": false},
                        "assert": [{"status": 302}, {"header": "Location", "matches": "/api/items$"}]})");
        moved.close();
        const CliRun result =
            run(QStringList {QStringLiteral("run"), moved.fileName(), QStringLiteral("--env"),
                             QStringLiteral("local"), QStringLiteral("--profile"),
                             QStringLiteral("sandbox"), QStringLiteral("--store"),
                             QStringLiteral("memory")}
                + auth());
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QCOMPARE(result.out.count("✓ "), 1);
        QCOMPARE(m_cli.sandbox().counters().apiHits, 1); // the redirect was not followed
    }

    void inputProblems_exit2AndSendNothing()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("ws"));
        writeAssertionWorkspace(root);
        const QStringList common {QStringLiteral("--profile"), QStringLiteral("sandbox"),
                                  QStringLiteral("--store"), QStringLiteral("memory")};
        // No environment: {{base}} comes from the workspace, {{tag}} from nowhere.
        CliRun result = run(QStringList {QStringLiteral("run"), root} + common + auth());
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("tag"), qPrintable(result.describe()));
        QVERIFY2(result.err.contains("nothing was sent"), qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().apiHits, 0);

        result = run(QStringList {QStringLiteral("run"), root, QStringLiteral("--env"),
                                  QStringLiteral("prod")}
                     + common + auth());
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("no environment 'prod'"), qPrintable(result.describe()));

        QVERIFY(RunWorkspaces::writeBrokenRequest(root));
        result = run(QStringList {QStringLiteral("run"), root, QStringLiteral("--env"),
                                  QStringLiteral("local")}
                     + common + auth());
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("Broken.request.json")
                     && result.err.contains("assert[0].status"),
                 qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().apiHits, 0);

        result =
            run({QStringLiteral("run"), root, QStringLiteral("--iterations"), QStringLiteral("0")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("--iterations"), qPrintable(result.describe()));
    }

    void noTokens_exit3()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("ws"));
        writeAssertionWorkspace(root);
        QStringList wrongUser = auth();
        wrongUser[wrongUser.indexOf(QStringLiteral("--username")) + 1] = QStringLiteral("nobody");
        const CliRun result = run(QStringList {QStringLiteral("run"), root, QStringLiteral("--env"),
                                               QStringLiteral("local"), QStringLiteral("--var"),
                                               QStringLiteral("tag=1"), QStringLiteral("--profile"),
                                               QStringLiteral("sandbox"), QStringLiteral("--store"),
                                               QStringLiteral("memory")}
                                  + wrongUser);
        QVERIFY2(result.exitCode == 3, qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().apiHits, 0);
    }

    void importThenExport_addsToTheWorkspaceAndWritesEachFormat()
    {
        QTemporaryDir dir;
        const QString workspace = dir.filePath(QStringLiteral("imported"));
        const QString source = sourceTreePath(
            QStringLiteral("tests/fixtures/import/postman/awkward.postman_collection.json"));
        CliRun result =
            run({QStringLiteral("import"), source, QStringLiteral("--workspace"), workspace});
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QVERIFY2(result.err.contains("pre-request script not imported"),
                 qPrintable(result.describe()));
        QVERIFY(QFileInfo::exists(workspace + QStringLiteral("/workspace.json")));
        QVERIFY(QFileInfo::exists(workspace + QStringLiteral("/Awkward API/Users")));
        // A second import adds beside the first: nothing the workspace had is replaced.
        const QByteArray before =
            readFile(workspace + QStringLiteral("/Awkward API/Users/Get user.request.json"));
        result = run({QStringLiteral("import"), source, QStringLiteral("--workspace"), workspace});
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QVERIFY(QFileInfo::exists(workspace + QStringLiteral("/Awkward API-2")));
        QCOMPARE(readFile(workspace + QStringLiteral("/Awkward API/Users/Get user.request.json")),
                 before);

        const QString exported = dir.filePath(QStringLiteral("out.postman_collection.json"));
        result = run({QStringLiteral("export"), workspace + QStringLiteral("/Awkward API"),
                      QStringLiteral("--format"), QStringLiteral("postman"), QStringLiteral("-o"),
                      exported});
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        const QJsonObject postman = QJsonDocument::fromJson(readFile(exported)).object();
        QCOMPARE(postman.value(QStringLiteral("info")).toObject().value(QStringLiteral("name")),
                 QJsonValue(QStringLiteral("Awkward API")));
        result = run({QStringLiteral("export"), workspace + QStringLiteral("/Awkward API/Users"),
                      QStringLiteral("--format"), QStringLiteral("curl")});
        QVERIFY2(result.exitCode == 0 && result.out.contains("curl "),
                 qPrintable(result.describe()));
        result = run({QStringLiteral("export"), workspace + QStringLiteral("/Awkward API"),
                      QStringLiteral("--format"), QStringLiteral("http")});
        QVERIFY2(result.exitCode == 0 && result.out.contains("###"), qPrintable(result.describe()));
        // The workspace now has two collections: Postman needs to be told which.
        result = run({QStringLiteral("export"), workspace, QStringLiteral("--format"),
                      QStringLiteral("postman")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("exports one collection"), qPrintable(result.describe()));

        result = run({QStringLiteral("import"), dir.filePath(QStringLiteral("missing.json")),
                      QStringLiteral("--workspace"), workspace});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("missing.json"), qPrintable(result.describe()));
    }

    void tokenExpiryUnderConcurrency50_oneRefreshEveryRequestPasses()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("ws"));
        writeLoadWorkspace(root, 100, 100);
        m_cli.sandbox().setRotation(true);
        m_cli.sandbox().setReuseDetection(true);
        const QString reports = dir.filePath(QStringLiteral("reports"));
        bool expired = false;
        // The token dies while the run is under way: after the first 120 of 300 requests.
        const CliRun result =
            run(QStringList {QStringLiteral("run"), root, QStringLiteral("--iterations"),
                             QStringLiteral("3"), QStringLiteral("--concurrency"),
                             QStringLiteral("50"), QStringLiteral("--profile"),
                             QStringLiteral("sandbox"), QStringLiteral("--store"),
                             QStringLiteral("memory"), QStringLiteral("--reporter"),
                             QStringLiteral("json"), QStringLiteral("--report-dir"), reports}
                    + auth(),
                [&] {
                    if (!expired && m_cli.sandbox().counters().apiHits >= 120) {
                        m_cli.sandbox().expireAllTokens();
                        expired = true;
                    }
                });
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QVERIFY(expired);
        QCOMPARE(m_cli.sandbox().counters().refreshes, 1);
        QCOMPARE(m_cli.sandbox().counters().reuseDetections, 0);
        const QJsonObject totals =
            QJsonDocument::fromJson(readFile(reports + QStringLiteral("/keyway-run.json")))
                .object()
                .value(QStringLiteral("totals"))
                .toObject();
        QCOMPARE(totals.value(QStringLiteral("requests")).toInt(), 300);
        QCOMPARE(totals.value(QStringLiteral("failedRequests")).toInt(), 0);
        QCOMPARE(totals.value(QStringLiteral("refreshes")).toInt(), 1);
        // The requests in flight when the token died were answered 401 and replayed.
        QVERIFY2(totals.value(QStringLiteral("replays")).toInt() > 0,
                 qPrintable(QString::fromUtf8(QJsonDocument(totals).toJson())));
    }

    void ctrlC_cancelsTheRequestsInFlight_writesTheReports_exits130()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("ws"));
        writeLoadWorkspace(root, 3, 60000); // answers that would take a minute each
        const QString reports = dir.filePath(QStringLiteral("reports"));
        bool interrupted = false;
        // Ctrl-C once two requests are at the server and the third waits its turn.
        const CliRun result = runInterrupted(
            root, reports, {QStringLiteral("--concurrency"), QStringLiteral("2")},
            [this] { return m_cli.sandbox().counters().apiHits >= 2; }, &interrupted);
        QVERIFY2(interrupted, qPrintable(result.describe()));
        QVERIFY2(result.finished && result.exitCode == 130, qPrintable(result.describe()));
        QVERIFY2(result.out.contains("interrupted: the requests in flight were cancelled; 2 of 3"),
                 qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().apiHits, 2); // the third was never sent
        const QJsonObject report =
            QJsonDocument::fromJson(readFile(reports + QStringLiteral("/keyway-run.json")))
                .object();
        const QJsonObject totals = report.value(QStringLiteral("totals")).toObject();
        QCOMPARE(totals.value(QStringLiteral("interrupted")).toBool(), true);
        QCOMPARE(totals.value(QStringLiteral("passed")).toBool(), false);
        QCOMPARE(totals.value(QStringLiteral("requests")).toInt(), 2);
        QCOMPARE(totals.value(QStringLiteral("failedRequests")).toInt(), 2);
        const QJsonArray requests = report.value(QStringLiteral("requests")).toArray();
        QCOMPARE(requests.size(), 2);
        for (const QJsonValue &request : requests) {
            const QString error = request.toObject().value(QStringLiteral("error")).toString();
            QVERIFY2(error.startsWith(QLatin1String("cancelled")), qPrintable(error));
        }

        // JUnit: the two cancelled are errors, the third is skipped, and the suite says why.
        const QString junit = interruptedJUnitProblems(reports, 2, 1);
        QVERIFY2(junit.isEmpty(), qPrintable(junit));
    }

    // Ctrl-C while a profile signs in (its token endpoint keeps it waiting): no request is sent,
    // and the summary and reports are still written, saying the run was interrupted.
    void ctrlC_whileSigningIn_sendsNothing_writesTheReports_exits130()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("ws"));
        writeLoadWorkspace(root, 3, 0);
        const QString reports = dir.filePath(QStringLiteral("reports"));
        m_cli.sandbox().setTokenFault(TokenFault::Hang);
        bool interrupted = false;
        const CliRun result = runInterrupted(
            root, reports, {}, [this] { return m_cli.sandbox().counters().tokenRequests >= 1; },
            &interrupted);
        QVERIFY2(interrupted, qPrintable(result.describe()));
        QVERIFY2(result.finished && result.exitCode == 130, qPrintable(result.describe()));
        QVERIFY2(result.err.contains("keyway-cli: sign-in of profile 'sandbox' cancelled (Ctrl-C); "
                                     "nothing was stored, no request was sent; the reports are "
                                     "still written"),
                 qPrintable(result.describe()));
        QVERIFY2(result.out.contains("interrupted: the requests in flight were cancelled; 0 of 3"),
                 qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().tokenRequests, 1);
        QCOMPARE(m_cli.sandbox().counters().apiHits, 0);
        const QJsonObject totals =
            QJsonDocument::fromJson(readFile(reports + QStringLiteral("/keyway-run.json")))
                .object()
                .value(QStringLiteral("totals"))
                .toObject();
        QCOMPARE(totals.value(QStringLiteral("interrupted")).toBool(), true);
        QCOMPARE(totals.value(QStringLiteral("requests")).toInt(), 0);
        QCOMPARE(totals.value(QStringLiteral("plannedRequests")).toInt(), 3);
        const QString junit = interruptedJUnitProblems(reports, 0, 3);
        QVERIFY2(junit.isEmpty(), qPrintable(junit));
    }

    void fourProcessesSharingRedis_oneRefreshPerExpiry()
    {
        RedisServer redis;
        QString error;
        QVERIFY2(redis.start(&error), qPrintable(error));
        const QString store = QStringLiteral("redis://127.0.0.1:%1/0").arg(redis.port());
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("ws"));
        writeLoadWorkspace(root, 50, 100);
        m_cli.sandbox().setRotation(true);
        m_cli.sandbox().setReuseDetection(true);
        const QStringList storeArgs {QStringLiteral("--profile"),   QStringLiteral("sandbox"),
                                     QStringLiteral("--store"),     store,
                                     QStringLiteral("--workspace"), QStringLiteral("load")};
        // One login for all of them, as a CI job's first step would do.
        const CliRun login = run(QStringList {QStringLiteral("login")} + storeArgs + auth());
        QVERIFY2(login.exitCode == 0, qPrintable(login.describe()));
        m_cli.sandbox().resetCounters();

        const QStringList runArgs =
            QStringList {QStringLiteral("run"),           root,
                         QStringLiteral("--iterations"),  QStringLiteral("2"),
                         QStringLiteral("--concurrency"), QStringLiteral("50")}
            + storeArgs + auth();
        bool expired = false;
        const QList<CliRun> results = runAll({runArgs, runArgs, runArgs, runArgs}, [&] {
            if (!expired && m_cli.sandbox().counters().apiHits >= 150) {
                m_cli.sandbox().expireAllTokens();
                expired = true;
            }
        });
        QVERIFY(expired);
        for (const CliRun &result : results) {
            QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
            QVERIFY2(result.out.contains("all passed"), qPrintable(result.describe()));
        }
        QCOMPARE(m_cli.sandbox().counters().refreshes, 1);
        QCOMPARE(m_cli.sandbox().counters().passwordGrants, 0); // the stored login served them all
        QCOMPARE(m_cli.sandbox().counters().reuseDetections, 0);
    }
};

QTEST_GUILESS_MAIN(tst_CliRun)
#include "tst_cli_run.moc"
