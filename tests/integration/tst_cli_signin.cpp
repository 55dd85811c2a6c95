// keyway-cli's interactive sign-in and logout against an in-process sandbox: the test plays the
// browser and the person on the other device, while its event loop keeps serving the sandbox.
#include "redisserver.h"
#include "sandbox/sandbox.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;

class tst_CliSignIn : public QObject
{
    Q_OBJECT

    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<QTemporaryDir> m_home; // the children's XDG data: workspaces and profiles
    QString m_binary;

    QProcessEnvironment cleanEnvironment() const
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home->path());
        environment.remove(QStringLiteral("KEYWAY_CLIENT_SECRET"));
        environment.remove(QStringLiteral("KEYWAY_PASSWORD"));
        environment.remove(QStringLiteral("QT_LOGGING_RULES"));
        environment.remove(QStringLiteral("KEYWAY_STORE"));
        return environment;
    }

    // The public client: no secret, so PKCE and client_id alone.
    QStringList publicClient() const
    {
        return {QStringLiteral("--client-id"), m_sandbox->config().publicClientId,
                QStringLiteral("--issuer"), m_sandbox->issuer()};
    }

    std::unique_ptr<QProcess> launch(const QStringList &arguments) const
    {
        return launch(arguments, cleanEnvironment());
    }
    std::unique_ptr<QProcess> launch(const QStringList &arguments,
                                     const QProcessEnvironment &environment) const
    {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(environment);
        process->start(m_binary, arguments);
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

    static int waitForExit(QProcess *process, QByteArray *out, QByteArray *err)
    {
        const bool ended =
            QTest::qWaitFor([process] { return process->state() == QProcess::NotRunning; }, 20000);
        if (!ended) {
            process->kill();
            process->waitForFinished(5000);
        }
        *out += process->readAllStandardOutput();
        *err += process->readAllStandardError();
        return ended && process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1;
    }

    static QString describe(int code, const QByteArray &out, const QByteArray &err)
    {
        return QStringLiteral("exit %1\n--- stdout:\n%2\n--- stderr:\n%3")
            .arg(code)
            .arg(QString::fromUtf8(out), QString::fromUtf8(err));
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

    int deviceLogin(const QStringList &extra, bool approve, QByteArray *out, QByteArray *err)
    {
        auto process = launch(QStringList {QStringLiteral("login"), QStringLiteral("--grant"),
                                           QStringLiteral("device_code")}
                              + publicClient() + extra);
        const QString code = waitForErr(
            process.get(), err, QRegularExpression(QStringLiteral("enter the code (\\S+)")));
        if (code.isEmpty())
            return waitForExit(process.get(), out, err);
        const bool known =
            approve ? m_sandbox->approveDeviceCode(code) : m_sandbox->denyDeviceCode(code);
        if (!known)
            qWarning("the sandbox does not know the user code %s", qPrintable(code));
        return waitForExit(process.get(), out, err);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_binary = qEnvironmentVariable("KEYWAY_BIN_DIR") + QStringLiteral("/keyway-cli");
        QVERIFY2(QFile::exists(m_binary), qPrintable(m_binary));
    }

    void init()
    {
        m_home = std::make_unique<QTemporaryDir>();
        QVERIFY(m_home->isValid());
        m_sandbox = std::make_unique<Sandbox>();
        QString error;
        QVERIFY2(m_sandbox->start(&error), qPrintable(error));
        m_sandbox->setDeviceInterval(0);
    }

    void authorizationCode_printedUrlFollowed_signsIn()
    {
        auto process = launch(QStringList {QStringLiteral("login"), QStringLiteral("--grant"),
                                           QStringLiteral("authorization_code"),
                                           QStringLiteral("--no-browser"),
                                           QStringLiteral("--store"), QStringLiteral("memory")}
                              + publicClient());
        QByteArray out;
        QByteArray err;
        const QString url =
            waitForErr(process.get(), &err,
                       QRegularExpression(QStringLiteral("Open this URL to sign in:\\n(\\S+)")));
        QVERIFY2(!url.isEmpty(), qPrintable(QString::fromUtf8(err)));
        playBrowser(QUrl(url, QUrl::StrictMode));
        const int code = waitForExit(process.get(), &out, &err);
        QVERIFY2(code == 0, qPrintable(describe(code, out, err)));
        QVERIFY2(out.contains("Signed in"), qPrintable(describe(code, out, err)));
        QVERIFY2(QRegularExpression(QStringLiteral("[0-9a-f]{12}"))
                     .match(QString::fromUtf8(out))
                     .hasMatch(),
                 qPrintable(describe(code, out, err)));
        QCOMPARE(m_sandbox->counters().codeGrants, 1);
    }

    void deviceCode_approved_signsIn()
    {
        QByteArray out;
        QByteArray err;
        const int code =
            deviceLogin({QStringLiteral("--store"), QStringLiteral("memory")}, true, &out, &err);
        QVERIFY2(code == 0, qPrintable(describe(code, out, err)));
        QVERIFY2(out.contains("Signed in"), qPrintable(describe(code, out, err)));
        QCOMPARE(m_sandbox->counters().deviceGrants, 1);
    }

    void deviceCode_denied_exits1WithServerError()
    {
        QByteArray out;
        QByteArray err;
        const int code =
            deviceLogin({QStringLiteral("--store"), QStringLiteral("memory")}, false, &out, &err);
        QVERIFY2(code == 1, qPrintable(describe(code, out, err)));
        QVERIFY2(err.contains("access_denied"), qPrintable(describe(code, out, err)));
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
        QProcessEnvironment environment = cleanEnvironment();
        environment.insert(QStringLiteral("KEYWAY_CLIENT_SECRET"),
                           m_sandbox->config().clientSecret);
        environment.insert(QStringLiteral("KEYWAY_PASSWORD"), m_sandbox->config().password);
        QStringList arguments {QStringLiteral("login"),
                               QStringLiteral("--issuer"),
                               m_sandbox->issuer(),
                               QStringLiteral("--grant"),
                               grant,
                               QStringLiteral("--client-id"),
                               m_sandbox->config().clientId,
                               QStringLiteral("--store"),
                               QStringLiteral("memory")};
        if (grant == QLatin1String("password"))
            arguments += QStringList {QStringLiteral("--username"), m_sandbox->config().username};
        auto process = launch(arguments, environment);
        QByteArray out;
        QByteArray err;
        const int code = waitForExit(process.get(), &out, &err);
        QVERIFY2(code == 0, qPrintable(describe(code, out, err)));
        QVERIFY2(out.contains("Signed in"), qPrintable(describe(code, out, err)));
        QCOMPARE(m_sandbox->counters().tokenRequests, 1);
        QCOMPARE(grant == QLatin1String("password") ? m_sandbox->counters().passwordGrants
                                                    : m_sandbox->counters().clientCredentialsGrants,
                 1);
    }

    void issuerMismatch_exits1BeforeSigningIn()
    {
        m_sandbox->setIssuerOverride(QStringLiteral("https://impostor.example.com"));
        auto process = launch(
            QStringList {QStringLiteral("login"), QStringLiteral("--grant"),
                         QStringLiteral("authorization_code"), QStringLiteral("--no-browser"),
                         QStringLiteral("--store"), QStringLiteral("memory"),
                         QStringLiteral("--client-id"), m_sandbox->config().publicClientId,
                         QStringLiteral("--issuer"), m_sandbox->baseUrl().toString()});
        QByteArray out;
        QByteArray err;
        const int code = waitForExit(process.get(), &out, &err);
        QVERIFY2(code == 1, qPrintable(describe(code, out, err)));
        QVERIFY2(err.contains("issuer"), qPrintable(describe(code, out, err)));
        QVERIFY2(!err.contains("Open this URL"), qPrintable(describe(code, out, err)));
        QCOMPARE(m_sandbox->counters().authorizationRequests, 0);
    }

    void logout_afterLogin_revokesOnceAndClearsStore()
    {
        Test::RedisServer redis;
        QString error;
        // scripts/setup.sh installs redis-server: its absence is a broken setup, not a skip.
        QVERIFY2(redis.start(&error), qPrintable(QStringLiteral("no redis-server: ") + error));
        const QStringList store {QStringLiteral("--store"),
                                 QStringLiteral("redis://127.0.0.1:%1/0").arg(redis.port()),
                                 QStringLiteral("--profile"), QStringLiteral("signin")};
        QByteArray out;
        QByteArray err;
        int code = deviceLogin(
            store + QStringList {QStringLiteral("--scope"), QStringLiteral("openid read")}, true,
            &out, &err);
        QVERIFY2(code == 0, qPrintable(describe(code, out, err)));

        // `token show` decodes the id_token's claims for display and says they are unverified.
        out.clear();
        err.clear();
        auto shown = launch(QStringList {QStringLiteral("token"), QStringLiteral("show")} + store);
        code = waitForExit(shown.get(), &out, &err);
        QVERIFY2(code == 0, qPrintable(describe(code, out, err)));
        QVERIFY2(out.contains("id_token claims (decoded, signature NOT verified)"),
                 qPrintable(describe(code, out, err)));
        QVERIFY2(out.contains("sub:") && out.contains("demo"),
                 qPrintable(describe(code, out, err)));
        for (const QString &secret : m_sandbox->issuedSecrets())
            QVERIFY(!out.contains(secret.toUtf8()) && !err.contains(secret.toUtf8()));

        out.clear();
        err.clear();
        auto logout = launch(QStringList {QStringLiteral("logout")} + publicClient() + store);
        code = waitForExit(logout.get(), &out, &err);
        QVERIFY2(code == 0, qPrintable(describe(code, out, err)));
        QVERIFY2(err.contains("Revoked"), qPrintable(describe(code, out, err)));
        QCOMPARE(m_sandbox->counters().revocations, 1);

        out.clear();
        err.clear();
        auto show = launch(QStringList {QStringLiteral("token"), QStringLiteral("show")} + store);
        code = waitForExit(show.get(), &out, &err);
        QVERIFY2(code == 1, qPrintable(describe(code, out, err)));
    }
};

QTEST_GUILESS_MAIN(tst_CliSignIn)
#include "tst_cli_signin.moc"
