// keyway-cli's interactive sign-in and logout against an in-process sandbox: the test plays the
// browser and the person on the other device, while its event loop keeps serving the sandbox.
#include "clifixture.h"
#include "redisserver.h"
#include "secretscan.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <csignal>

using namespace Keyway;
using namespace Keyway::Test;

class tst_CliSignIn : public QObject
{
    Q_OBJECT

    CliFixture m_cli;

    // The public client: no secret, so PKCE and client_id alone.
    QStringList publicClient() const
    {
        return {QStringLiteral("--client-id"), m_cli.sandbox().config().publicClientId,
                QStringLiteral("--issuer"), m_cli.sandbox().issuer()};
    }

    // Started without secrets in its environment (unless a stored profile needs them): the test
    // answers for the person.
    std::unique_ptr<QProcess> launch(const QStringList &arguments, bool withSecrets = false) const
    {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(m_cli.environment(withSecrets));
        process->start(m_cli.binary(), arguments);
        return process;
    }

    // Waits for `pattern` in what the process wrote to stderr so far; returns its first group.
    static QString waitForErr(QProcess *process, QByteArray *err, const QRegularExpression &pattern)
    {
        QString found;
        (void)QTest::qWaitFor(
            [&] {
                *err += process->readAllStandardError();
                const QRegularExpressionMatch match = pattern.match(QString::fromUtf8(*err));
                if (match.hasMatch())
                    found = match.captured(1);
                return match.hasMatch() || process->state() == QProcess::NotRunning;
            },
            15000);
        return found;
    }

    // `err`: what waitForErr() read of its stderr so far.
    static CliRun waitForExit(QProcess *process, const QByteArray &err)
    {
        CliRun result;
        result.finished =
            QTest::qWaitFor([process] { return process->state() == QProcess::NotRunning; }, 20000);
        if (!result.finished) {
            process->kill();
            process->waitForFinished(5000);
        }
        result.out = process->readAllStandardOutput();
        result.err = err + process->readAllStandardError();
        result.crashed = result.finished && process->exitStatus() == QProcess::CrashExit;
        result.exitCode = result.finished && process->exitStatus() == QProcess::NormalExit
            ? process->exitCode()
            : -1;
        return result;
    }

    // What a browser does with the sign-in URL: follows redirects up to the CLI's loopback page.
    static void playBrowser(const QUrl &start)
    {
        QNetworkAccessManager network;
        QUrl url = start;
        for (int hop = 0; hop < 5 && url.isValid(); ++hop) {
            QNetworkRequest request(url);
            request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                 QNetworkRequest::ManualRedirectPolicy);
            QNetworkReply *reply = network.get(request);
            (void)QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000);
            const QUrl next = reply->header(QNetworkRequest::LocationHeader).toUrl();
            reply->deleteLater();
            url = next.isEmpty() ? QUrl() : url.resolved(next);
        }
    }

    // Starts `redis` and gives the options that keep profile 'signin' in it; empty when it does
    // not start (scripts/setup.sh installs redis-server: its absence is a broken setup, not a
    // skip).
    static QStringList redisProfile(Test::RedisServer &redis, QString *error)
    {
        if (!redis.start(error)) {
            *error = QStringLiteral("no redis-server: ") + *error;
            return {};
        }
        return {QStringLiteral("--store"),
                QStringLiteral("redis://127.0.0.1:%1/0").arg(redis.port()),
                QStringLiteral("--profile"), QStringLiteral("signin")};
    }

    // What `token show` says is stored in `store`, without what changes with the clock.
    QJsonObject storedTokens(const QStringList &store) const
    {
        const CliRun result = m_cli.run(
            QStringList {QStringLiteral("token"), QStringLiteral("show"), QStringLiteral("--json")}
                + store,
            false);
        QJsonObject shown = QJsonDocument::fromJson(result.out).object();
        shown.remove(QStringLiteral("expires_in_s"));
        shown.remove(QStringLiteral("expired"));
        return shown;
    }

    CliRun deviceLogin(const QStringList &extra, bool approve)
    {
        auto process = launch(QStringList {QStringLiteral("login"), QStringLiteral("--grant"),
                                           QStringLiteral("device_code")}
                              + publicClient() + extra);
        QByteArray err;
        const QString code = waitForErr(
            process.get(), &err, QRegularExpression(QStringLiteral("enter the code (\\S+)")));
        if (code.isEmpty())
            return waitForExit(process.get(), err);
        const bool known = approve ? m_cli.sandbox().approveDeviceCode(code)
                                   : m_cli.sandbox().denyDeviceCode(code);
        if (!known)
            qWarning("the sandbox does not know the user code %s", qPrintable(code));
        return waitForExit(process.get(), err);
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
        m_cli.sandbox().setDeviceInterval(0);
    }
    void cleanup() { m_cli.stopTest(); }

    void authorizationCode_printedUrlFollowed_signsIn()
    {
        auto process = launch(QStringList {QStringLiteral("login"), QStringLiteral("--grant"),
                                           QStringLiteral("authorization_code"),
                                           QStringLiteral("--no-browser"),
                                           QStringLiteral("--store"), QStringLiteral("memory")}
                              + publicClient());
        QByteArray err;
        const QString url =
            waitForErr(process.get(), &err,
                       QRegularExpression(QStringLiteral("Open this URL to sign in:\\n(\\S+)")));
        QVERIFY2(!url.isEmpty(), qPrintable(QString::fromUtf8(err)));
        playBrowser(QUrl(url, QUrl::StrictMode));
        const CliRun result = waitForExit(process.get(), err);
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QVERIFY2(result.out.contains("Signed in"), qPrintable(result.describe()));
        QVERIFY2(QRegularExpression(QStringLiteral("[0-9a-f]{12}"))
                     .match(QString::fromUtf8(result.out))
                     .hasMatch(),
                 qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().codeGrants, 1);
    }

    void deviceCode_approved_signsIn()
    {
        const CliRun result =
            deviceLogin({QStringLiteral("--store"), QStringLiteral("memory")}, true);
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QVERIFY2(result.out.contains("Signed in"), qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().deviceGrants, 1);
    }

    void deviceCode_denied_exits1WithServerError()
    {
        const CliRun result =
            deviceLogin({QStringLiteral("--store"), QStringLiteral("memory")}, false);
        QVERIFY2(result.exitCode == 1, qPrintable(result.describe()));
        QVERIFY2(result.err.contains("access_denied"), qPrintable(result.describe()));
    }

    // Discovery fills the token endpoint in for the grants that need no person, too.
    void issuerOnly_discoversTheTokenEndpointForEveryGrant_data()
    {
        QTest::addColumn<QString>("grant");
        QTest::newRow("client_credentials") << QStringLiteral("client_credentials");
        QTest::newRow("password") << QStringLiteral("password");
    }
    void issuerOnly_discoversTheTokenEndpointForEveryGrant()
    {
        QFETCH(QString, grant);
        QStringList arguments {QStringLiteral("login"),
                               QStringLiteral("--issuer"),
                               m_cli.sandbox().issuer(),
                               QStringLiteral("--grant"),
                               grant,
                               QStringLiteral("--client-id"),
                               m_cli.sandbox().config().clientId,
                               QStringLiteral("--store"),
                               QStringLiteral("memory")};
        if (grant == QLatin1String("password"))
            arguments +=
                QStringList {QStringLiteral("--username"), m_cli.sandbox().config().username};
        const CliRun result = m_cli.run(arguments); // the secrets from the environment
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QVERIFY2(result.out.contains("Signed in"), qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().tokenRequests, 1);
        QCOMPARE(grant == QLatin1String("password")
                     ? m_cli.sandbox().counters().passwordGrants
                     : m_cli.sandbox().counters().clientCredentialsGrants,
                 1);
    }

    void issuerMismatch_exits1BeforeSigningIn()
    {
        m_cli.sandbox().setIssuerOverride(QStringLiteral("https://impostor.example.com"));
        const CliRun result =
            m_cli.run({QStringLiteral("login"), QStringLiteral("--grant"),
                       QStringLiteral("authorization_code"), QStringLiteral("--no-browser"),
                       QStringLiteral("--store"), QStringLiteral("memory"),
                       QStringLiteral("--client-id"), m_cli.sandbox().config().publicClientId,
                       QStringLiteral("--issuer"), m_cli.sandbox().baseUrl().toString()},
                      false);
        QVERIFY2(result.exitCode == 1, qPrintable(result.describe()));
        QVERIFY2(result.err.contains("issuer"), qPrintable(result.describe()));
        QVERIFY2(!result.err.contains("Open this URL"), qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().authorizationRequests, 0);
    }

    void logout_afterLogin_revokesOnceAndClearsStore()
    {
        Test::RedisServer redis;
        QString error;
        const QStringList store = redisProfile(redis, &error);
        QVERIFY2(!store.isEmpty(), qPrintable(error));
        CliRun result = deviceLogin(
            store + QStringList {QStringLiteral("--scope"), QStringLiteral("openid read")}, true);
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));

        // `token show` decodes the id_token's claims for display and says they are unverified.
        result =
            m_cli.run(QStringList {QStringLiteral("token"), QStringLiteral("show")} + store, false);
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QVERIFY2(result.out.contains("id_token claims (decoded, signature NOT verified)"),
                 qPrintable(result.describe()));
        QVERIFY2(result.out.contains("sub:") && result.out.contains("demo"),
                 qPrintable(result.describe()));
        const QStringList leaks =
            SecretScan::forSandbox(m_cli.sandbox()).scanRun(QStringLiteral("token show"), result);
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char('\n'))));

        result = m_cli.run(QStringList {QStringLiteral("logout")} + publicClient() + store, false);
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QVERIFY2(result.err.contains("Revoked"), qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().revocations, 1);

        result =
            m_cli.run(QStringList {QStringLiteral("token"), QStringLiteral("show")} + store, false);
        QVERIFY2(result.exitCode == 1, qPrintable(result.describe()));
    }

    // Ctrl-C while the sign-in waits for the person (a device code nobody approves, a browser
    // that never comes back): it says so, exits 130, and the store keeps what an earlier login
    // put there.
    void ctrlC_whileWaitingForThePerson_keepsTheStoredTokens_exits130_data()
    {
        QTest::addColumn<QString>("grant");
        QTest::addColumn<QString>("waiting"); // what it prints once it waits
        QTest::newRow("device_code")
            << QStringLiteral("device_code") << QStringLiteral("Waiting for approval");
        QTest::newRow("authorization_code")
            << QStringLiteral("authorization_code") << QStringLiteral("Waiting for the browser");
    }
    void ctrlC_whileWaitingForThePerson_keepsTheStoredTokens_exits130()
    {
        QFETCH(QString, grant);
        QFETCH(QString, waiting);
        Test::RedisServer redis;
        QString error;
        const QStringList store = redisProfile(redis, &error);
        QVERIFY2(!store.isEmpty(), qPrintable(error));
        CliRun result =
            m_cli.run(QStringList {QStringLiteral("login")} + m_cli.passwordGrantArgs() + store);
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        const QJsonObject before = storedTokens(store);
        QCOMPARE(before.value(QStringLiteral("generation")).toInt(), 1);
        m_cli.sandbox().resetCounters();

        auto process = launch(
            QStringList {QStringLiteral("login"), QStringLiteral("--grant"), grant,
                         QStringLiteral("--no-browser")}
                + QStringList {QStringLiteral("--client-id"), m_cli.sandbox().config().clientId,
                               QStringLiteral("--issuer"), m_cli.sandbox().issuer()}
                + store,
            true); // the profile the password login stored names its secret
        QByteArray err;
        const QString found = waitForErr(process.get(), &err,
                                         QRegularExpression(QStringLiteral("(%1)").arg(waiting)));
        QVERIFY2(!found.isEmpty(), qPrintable(QString::fromUtf8(err)));
        QCOMPARE(::kill(pid_t(process->processId()), SIGINT), 0);
        result = waitForExit(process.get(), err);
        QVERIFY2(result.finished && result.exitCode == 130, qPrintable(result.describe()));
        QVERIFY2(result.err.contains("keyway-cli: sign-in cancelled (Ctrl-C); nothing was stored: "
                                     "the tokens stored before for profile 'signin'"),
                 qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().codeGrants + m_cli.sandbox().counters().deviceGrants,
                 0);
        QCOMPARE(storedTokens(store), before);
    }
};

QTEST_GUILESS_MAIN(tst_CliSignIn)
#include "tst_cli_signin.moc"
