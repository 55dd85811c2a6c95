// The secret audit (issue 11): a realistic session against the sandbox (over HTTPS, its CA given
// to login once and stored in the profile) with secrets it knows
// (the client secret, the password, and every access and refresh token the sandbox issued), then
// a search of every output for each of them in every form it travels in. Real keyway-cli
// processes (login with the secrets read from files, send with --events and --json, a refresh,
// run with cli, json and junit reports, token show and refresh, logout) over a private keyring,
// and the core's own log exports (HAR, JSON Lines) and history file. Searched: stdout and stderr
// of every process, /proc/PID/cmdline of every process, and every file under the test's home
// (XDG data, config and cache folders, TMPDIR, reports, exports, the workspace, the history).
// The search itself is shown to find a secret planted in one file.
#include "auth/clock.h"
#include "clientstack.h"
#include "clirun.h"
#include "collection/historyentry.h"
#include "collection/historymodel.h"
#include "keyringsession.h"
#include "log/exchangelog.h"
#include "log/exportfile.h"
#include "log/harexport.h"
#include "log/jsonlines.h"
#include "sandbox/sandbox.h"
#include "secretscan.h"
#include "testcertificates.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

class TstSecretAudit : public QObject
{
    Q_OBJECT

    KeyringSession m_keyring;
    QString m_binary;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_binary = cliBinary(&error);
        QVERIFY2(!m_binary.isEmpty(), qPrintable(error));
        QVERIFY2(m_keyring.start(&error), qPrintable(error));
    }

    void scan_findsASecretPlantedInOneFile()
    {
        QTemporaryDir tree;
        QVERIFY(writeFile(tree.filePath(QStringLiteral("a/clean.json")), "{\"ok\": true}"));
        QVERIFY(writeFile(tree.filePath(QStringLiteral("a/b/.hidden.log")),
                          "Authorization: Basic " + QByteArray("client:s3cret-value").toBase64()));
        SecretScan scan;
        scan.addSecret(QStringLiteral("client secret"), "s3cret-value");
        scan.addForm(QStringLiteral("Basic credentials"),
                     QByteArray("client:s3cret-value").toBase64());
        int scanned = 0;
        const QStringList found = scan.scanTree(tree.path(), &scanned);
        QCOMPARE(scanned, 2);
        QCOMPARE(found.size(), 1);
        QVERIFY2(found.first().contains(QStringLiteral(".hidden.log: Basic credentials")),
                 qPrintable(found.first()));
        QCOMPARE(scan.scan(QStringLiteral("stderr"), "token=s3cret%2Dvalue").size(), 0);
        QCOMPARE(scan.scan(QStringLiteral("stderr"), "x czNjcmV0LXZhbHVl y").size(), 1);
    }

    // The search the CLI tests share: a secret in any of a run's outputs is found, a command line
    // that was not read is said, and every token the sandbox issued is among the secrets.
    void scanRun_findsASecretInAnyOutput_andEveryIssuedToken()
    {
        SecretScan scan;
        scan.addSecret(QStringLiteral("password"), "hunter2-pass");
        CliRun run;
        run.out = "ok";
        run.err = "sent password=hunter2-pass";
        run.commandLine = QByteArray("keyway-cli\0send\0", 16);
        QCOMPARE(scan.scanRun(QStringLiteral("send"), run),
                 QStringList({QStringLiteral("send stderr: password")}));
        run.err = "ok";
        run.commandLine.clear();
        const QStringList unread = scan.scanRun(QStringLiteral("send"), run);
        QCOMPARE(unread.size(), 1);
        QVERIFY2(unread.first().contains(QStringLiteral("not read")), qPrintable(unread.first()));

        Sandbox sandbox;
        QString error;
        QVERIFY2(sandbox.start(&error), qPrintable(error));
        const QJsonObject tokens = QJsonDocument::fromJson(passwordGrantResponse(sandbox)).object();
        const QByteArray refresh =
            tokens.value(QStringLiteral("refresh_token")).toString().toUtf8();
        QVERIFY(!refresh.isEmpty());
        const SecretScan known = SecretScan::forSandbox(sandbox);
        QCOMPARE(known.scan(QStringLiteral("out"), "x " + refresh + " y").size(), 1);
        QCOMPARE(known.scan(QStringLiteral("out"), sandbox.config().clientSecret.toUtf8()).size(),
                 1);
        QCOMPARE(known.scan(QStringLiteral("out"), "nothing secret").size(), 0);
    }

    void realisticSession_leavesNoSecretInAnyOutput()
    {
        QTemporaryDir home;
        QTemporaryDir secretsDir; // the files the secrets are read from: outside the search
        QVERIFY(home.isValid() && secretsDir.isValid());
        // Over HTTPS, as a real server is: login is given the CA once and stores it in the
        // profile, and every later command finds it there.
        TestCertificates certificates;
        QString error;
        QVERIFY2(certificates.generate(&error), qPrintable(error));
        SandboxConfig https;
        https.tlsCertificateFile = certificates.serverCertificate();
        https.tlsKeyFile = certificates.serverKey();
        Sandbox sandbox(https);
        QVERIFY2(sandbox.start(&error), qPrintable(error));
        const SandboxConfig &config = sandbox.config();
        const QString secretFile = secretsDir.filePath(QStringLiteral("client-secret"));
        const QString passwordFile = secretsDir.filePath(QStringLiteral("password"));
        QVERIFY(writeFile(secretFile, config.clientSecret.toUtf8() + '\n'));
        QVERIFY(writeFile(passwordFile, config.password.toUtf8() + '\n'));

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name :
             {"KEYWAY_CLIENT_SECRET", "KEYWAY_PASSWORD", "KEYWAY_STORE", "QT_LOGGING_RULES"})
            env.remove(QLatin1String(name));
        for (const auto &[variable, folder] :
             {std::pair {"XDG_DATA_HOME", "data"}, std::pair {"XDG_CONFIG_HOME", "config"},
              std::pair {"XDG_CACHE_HOME", "cache"}, std::pair {"XDG_STATE_HOME", "state"},
              std::pair {"TMPDIR", "tmp"}, std::pair {"HOME", "home"}}) {
            QVERIFY(QDir().mkpath(home.filePath(QLatin1String(folder))));
            env.insert(QLatin1String(variable), home.filePath(QLatin1String(folder)));
        }
        const QString items = sandbox.apiUrl(QStringLiteral("/api/items")).toString();
        const QString workspace = home.filePath(QStringLiteral("data/keyway/workspaces/default"));
        const QString reports = home.filePath(QStringLiteral("reports"));

        QList<QPair<QString, CliRun>> runs;
        const auto cli = [&](const QStringList &arguments) {
            const CliRun result = runCli(m_binary, arguments, env);
            runs.append({arguments.constFirst() + QLatin1Char(' ') + arguments.value(1), result});
            return result;
        };
        CliRun result = cli(
            {QStringLiteral("login"), QStringLiteral("--issuer"), sandbox.issuer(),
             QStringLiteral("--grant"), QStringLiteral("password"), QStringLiteral("--client-id"),
             config.clientId, QStringLiteral("--username"), config.username,
             QStringLiteral("--client-secret-file"), secretFile, QStringLiteral("--password-file"),
             passwordFile, QStringLiteral("--ca-cert"), certificates.caCertificate(),
             QStringLiteral("--events"), QStringLiteral("--json")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        result = cli({QStringLiteral("send"), QStringLiteral("GET"), items,
                      QStringLiteral("--events"), QStringLiteral("--json")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        sandbox.expireAllTokens(); // the next send refreshes: a new pair is issued and stored
        result =
            cli({QStringLiteral("send"), QStringLiteral("GET"), items, QStringLiteral("--events")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));

        QVERIFY(
            writeFile(workspace + QStringLiteral("/Items/List items.request.json"),
                      R"({"name": "List items", "method": "GET", "url": ")" + items.toUtf8() + R"(",
                              "auth": {"mode": "profile", "profile": "default"},
                              "assert": [{"status": 200}]})"));
        sandbox.expireAllTokens();
        result = cli({QStringLiteral("run"), workspace, QStringLiteral("--reporter"),
                      QStringLiteral("cli,json,junit"), QStringLiteral("--report-dir"), reports,
                      QStringLiteral("--events")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        result = cli({QStringLiteral("token"), QStringLiteral("show"), QStringLiteral("--json")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        result = cli({QStringLiteral("token"), QStringLiteral("refresh"), QStringLiteral("--json"),
                      QStringLiteral("--events")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        result = cli({QStringLiteral("logout"), QStringLiteral("--events")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));

        // The core's own exports and history, from an in-process session of the same kind.
        {
            Profile profile = ClientStack::profileFor(sandbox);
            profile.tls.caCertificateFiles = {certificates.caCertificate()};
            ClientStack stack(sandbox, SystemClock::instance(), profile);
            ExchangeLog exchanges(stack.events.get());
            HistoryModel history(home.filePath(QStringLiteral("data/keyway/local/audit/"
                                                              "history.jsonl")));
            QVERIFY2(stack.signIn(&error), qPrintable(error));
            QList<ApiCall *> calls;
            for (const QString &path :
                 {QStringLiteral("/api/items"), QStringLiteral("/api/echo")}) {
                calls.append(stack.send(QByteArrayLiteral("GET"), path));
                exchanges.track(calls.last(), stack.tokens->profile().name);
            }
            QVERIFY(ClientStack::waitAll(calls));
            sandbox.expireAllTokens();
            calls.append(stack.send(QByteArrayLiteral("GET"), QStringLiteral("/api/items")));
            exchanges.track(calls.last(), stack.tokens->profile().name);
            QVERIFY(ClientStack::waitAll(calls));
            for (ApiCall *call : std::as_const(calls)) {
                QVERIFY2(call->isSuccess(), qPrintable(call->errorString()));
                history.append(
                    HistoryEntry::fromCall(*call, {}, {}, stack.tokens->profile().name, {}));
            }
            QVERIFY2(history.fileError().isEmpty(), qPrintable(history.fileError()));
            QVERIFY(QDir().mkpath(home.filePath(QStringLiteral("exports"))));
            QVERIFY(writeExportFile(
                home.filePath(QStringLiteral("exports/session.har")),
                QJsonDocument(harDocument(exchanges.exchanges(), QStringLiteral("test"))).toJson(),
                &error));
            QVERIFY(writeExportFile(home.filePath(QStringLiteral("exports/events.jsonl")),
                                    eventsToJsonLines(stack.recorded), &error));
        }

        // The session was what it claims: signed in, refreshed, revoked, reported.
        QVERIFY(sandbox.counters().passwordGrants >= 2);
        QVERIFY(sandbox.counters().refreshes >= 4);
        QVERIFY(sandbox.counters().revocations >= 1);
        QVERIFY(QFile::exists(reports + QStringLiteral("/keyway-run.json")));
        QVERIFY(QFile::exists(reports + QStringLiteral("/keyway-run.xml")));
        QFile profileFile(workspace + QStringLiteral("/profiles/default.json"));
        QVERIFY(profileFile.open(QIODevice::ReadOnly));
        QVERIFY(profileFile.readAll().contains(certificates.caCertificate().toUtf8()));

        QVERIFY2(sandbox.issuedSecrets().size() >= 10,
                 "access and refresh tokens of every grant and refresh");
        const SecretScan scan = SecretScan::forSandbox(sandbox);
        QStringList leaks;
        for (const auto &[what, run] : std::as_const(runs))
            leaks += scan.scanRun(what, run);
        int scanned = 0;
        leaks += scan.scanTree(home.path(), &scanned);
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char('\n'))));
        // Profile, workspace, request, two reports, HAR, JSON Lines, history at least.
        QVERIFY2(scanned >= 8, qPrintable(QString::number(scanned)));
    }
};

QTEST_GUILESS_MAIN(TstSecretAudit)
#include "tst_secretaudit.moc"
