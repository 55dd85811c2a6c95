// keyway-cli profiles that remember their settings: `login` stores them in the workspace (never a
// secret), and `send --profile`, `token` and `logout` need nothing else; what a command line gives
// overrides the stored profile for that run. Real keyway-cli processes against an in-process
// sandbox, a private keyring for the keychain store.
#include "clifixture.h"
#include "keyringsession.h"
#include "secretscan.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

class tst_CliProfiles : public QObject
{
    Q_OBJECT

    KeyringSession m_keyring;
    CliFixture m_cli;

    QString dataHome() const { return m_cli.dataHome(); }
    QString defaultProfileFile() const
    {
        return dataHome() + QStringLiteral("/keyway/workspaces/default/profiles/default.json");
    }

    CliRun run(const QStringList &arguments, bool withSecrets = true) const
    {
        return m_cli.run(arguments, withSecrets);
    }

    QStringList send(const QStringList &extra = {}) const
    {
        return QStringList {QStringLiteral("send"), QStringLiteral("GET"),
                            m_cli.api(QStringLiteral("/api/items"))}
        + extra;
    }

    // Every secret the sandbox knows, in every form, must never reach a file under the data
    // folder.
    void verifyNoSecretOnDisk() const
    {
        const QStringList found = SecretScan::forSandbox(m_cli.sandbox()).scanTree(dataHome());
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cli.findBinary(&error), qPrintable(error));
        QVERIFY2(m_keyring.start(&error), qPrintable(error));
    }

    void init()
    {
        QString error;
        QVERIFY2(m_cli.startTest({}, &error), qPrintable(error));
    }
    void cleanup() { m_cli.stopTest(); }

    // The new user's path: one login with --issuer, then nothing but the profile's name.
    void issuerLogin_thenSendTokenRefreshAndLogoutNeedNothingElse()
    {
        CliRun result = run(
            {QStringLiteral("login"), QStringLiteral("--issuer"), m_cli.sandbox().issuer(),
             QStringLiteral("--grant"), QStringLiteral("password"), QStringLiteral("--client-id"),
             m_cli.sandbox().config().clientId, QStringLiteral("--username"),
             m_cli.sandbox().config().username, QStringLiteral("--scope"), QStringLiteral("read"),
             QStringLiteral("--param"), QStringLiteral("prompt=login")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().passwordGrants, 1);
        const QJsonObject stored = QJsonDocument::fromJson(readFile(defaultProfileFile())).object();
        QCOMPARE(stored.value(QStringLiteral("issuer")).toString(), m_cli.sandbox().issuer());
        QCOMPARE(stored.value(QStringLiteral("grant")).toString(), QStringLiteral("password"));
        QCOMPARE(stored.value(QStringLiteral("endpoints"))
                     .toObject()
                     .value(QStringLiteral("token"))
                     .toString(),
                 m_cli.sandbox().tokenUrl().toString());
        QCOMPARE(stored.value(QStringLiteral("clientSecret")).toObject(),
                 QJsonObject({{QStringLiteral("env"), QStringLiteral("KEYWAY_CLIENT_SECRET")}}));
        verifyNoSecretOnDisk();
        // The keychain store's lock files are machine-local: not in the workspace folder.
        QCOMPARE(QDir(dataHome() + QStringLiteral("/keyway/workspaces/default"))
                     .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList({QStringLiteral("profiles"), QStringLiteral("workspace.json")}));

        result = run(send({QStringLiteral("--profile"), QStringLiteral("default")}));
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QVERIFY2(result.out.contains("alpha"), qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().tokenRequests, 1); // the stored tokens, no new sign-in

        // Expired: refreshed once at the stored token endpoint with the stored client.
        m_cli.sandbox().expireAllTokens();
        result = run(send({QStringLiteral("--profile"), QStringLiteral("default")}));
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QVERIFY2(result.err.contains("replayed after a token refresh"),
                 qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().refreshes, 1);

        // A plain send uses the workspace's default profile too.
        result = run(send());
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().tokenRequests, 2);

        result = run({QStringLiteral("token"), QStringLiteral("refresh")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().refreshes, 2);

        result = run({QStringLiteral("logout")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QVERIFY2(result.err.contains("Revoked"), qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().revocations, 1);
        verifyNoSecretOnDisk();
    }

    // Every command takes the same auth options: what used to be "unknown options".
    void sameAuthOptionsEverywhere_overrideForOneRunOnly()
    {
        CliRun result = run({QStringLiteral("login"), QStringLiteral("--token-url"),
                             m_cli.sandbox().tokenUrl().toString(), QStringLiteral("--client-id"),
                             m_cli.sandbox().config().clientId, QStringLiteral("--grant"),
                             QStringLiteral("client_credentials"), QStringLiteral("--scope"),
                             QStringLiteral("read")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        const QByteArray before = readFile(defaultProfileFile());
        QVERIFY(before.contains("\"scope\": \"read\""));

        result = run(send({QStringLiteral("--profile"), QStringLiteral("default"),
                           QStringLiteral("--issuer"), m_cli.sandbox().issuer(),
                           QStringLiteral("--param"), QStringLiteral("prompt=login"),
                           QStringLiteral("--scope"), QStringLiteral("write")}));
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QVERIFY2(!result.err.contains("unknown option"), qPrintable(result.describe()));
        result = run({QStringLiteral("token"), QStringLiteral("show"), QStringLiteral("--param"),
                      QStringLiteral("a=b"), QStringLiteral("--issuer"), m_cli.sandbox().issuer()});
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        // Only login stores: the overrides were for those runs.
        QCOMPARE(readFile(defaultProfileFile()), before);

        result = run({QStringLiteral("logout"), QStringLiteral("--param"),
                      QStringLiteral("prompt=login"), QStringLiteral("--revocation-url"),
                      m_cli.sandbox().revocationUrl().toString()});
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().revocations, 1);
    }

    // Given on the command line, the client secret goes to the keychain; the file only names
    // the entry, and later runs read it from there.
    void clientSecretOnTheCommandLine_keptInTheKeychainNotInTheFile()
    {
        CliRun result = run({QStringLiteral("login"), QStringLiteral("--token-url"),
                             m_cli.sandbox().tokenUrl().toString(), QStringLiteral("--client-id"),
                             m_cli.sandbox().config().clientId, QStringLiteral("--client-secret"),
                             m_cli.sandbox().config().clientSecret, QStringLiteral("--grant"),
                             QStringLiteral("client_credentials"), QStringLiteral("--profile"),
                             QStringLiteral("ci")},
                            false);
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        const QString file =
            dataHome() + QStringLiteral("/keyway/workspaces/default/profiles/ci.json");
        const QJsonObject stored = QJsonDocument::fromJson(readFile(file)).object();
        QCOMPARE(stored.value(QStringLiteral("clientSecret")).toObject(),
                 QJsonObject({{QStringLiteral("keychain"),
                               QStringLiteral("keyway-secrets/default/ci/client-secret")}}));
        verifyNoSecretOnDisk();

        // No secret in this run's environment: the refresh authenticates with the keychain's.
        m_cli.sandbox().expireAllTokens();
        result = run(send({QStringLiteral("--profile"), QStringLiteral("ci")}), false);
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().tokenRequests, 2);
        QVERIFY(m_cli.sandbox().counters().clientCredentialsGrants
                    + m_cli.sandbox().counters().refreshes
                == 2);
    }

    // A secret the profile refers to that is not there: said before anything is sent.
    void storedSecretMissing_saysWhichVariable()
    {
        CliRun result = run({QStringLiteral("login"), QStringLiteral("--token-url"),
                             m_cli.sandbox().tokenUrl().toString(), QStringLiteral("--client-id"),
                             m_cli.sandbox().config().clientId, QStringLiteral("--grant"),
                             QStringLiteral("client_credentials")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        m_cli.sandbox().resetCounters();
        result = run(send({QStringLiteral("--profile"), QStringLiteral("default")}), false);
        QVERIFY2(result.exitCode == 1, qPrintable(result.describe()));
        QVERIFY2(result.err.contains("KEYWAY_CLIENT_SECRET"), qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().apiHits, 0);
    }

    void brokenProfileFile_namedAndLeftAsItWas()
    {
        QVERIFY(QDir().mkpath(QFileInfo(defaultProfileFile()).absolutePath()));
        const QByteArray broken("{\"name\": \"default\", \"grant\": ");
        {
            QFile file(defaultProfileFile());
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(broken);
        }
        CliRun result = run(send({QStringLiteral("--profile"), QStringLiteral("default")}));
        QVERIFY2(result.exitCode == 1, qPrintable(result.describe()));
        QVERIFY2(result.err.contains(defaultProfileFile().toUtf8()), qPrintable(result.describe()));
        QVERIFY2(result.err.contains("not valid JSON"), qPrintable(result.describe()));
        result = run({QStringLiteral("login"), QStringLiteral("--token-url"),
                      m_cli.sandbox().tokenUrl().toString(), QStringLiteral("--client-id"),
                      m_cli.sandbox().config().clientId, QStringLiteral("--grant"),
                      QStringLiteral("client_credentials")});
        QVERIFY2(result.exitCode == 1, qPrintable(result.describe()));
        QCOMPARE(readFile(defaultProfileFile()), broken);
        QCOMPARE(m_cli.sandbox().counters().tokenRequests, 0);
    }

    // --workspace PATH: the profile lives in that folder, beside a workspace.json.
    void workspacePath_keepsTheProfileInThatFolder()
    {
        const QString folder = QDir(m_cli.home()).filePath(QStringLiteral("projects/billing"));
        CliRun result = run({QStringLiteral("login"), QStringLiteral("--workspace"), folder,
                             QStringLiteral("--token-url"), m_cli.sandbox().tokenUrl().toString(),
                             QStringLiteral("--client-id"), m_cli.sandbox().config().clientId,
                             QStringLiteral("--grant"), QStringLiteral("client_credentials")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        const QJsonObject workspace =
            QJsonDocument::fromJson(readFile(folder + QStringLiteral("/workspace.json"))).object();
        QCOMPARE(workspace.value(QStringLiteral("name")).toString(), QStringLiteral("billing"));
        QVERIFY(!workspace.value(QStringLiteral("id")).toString().isEmpty());
        QVERIFY(QFile::exists(folder + QStringLiteral("/profiles/default.json")));
        result = run(send({QStringLiteral("--workspace"), folder, QStringLiteral("--profile"),
                           QStringLiteral("default")}));
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().tokenRequests, 1);
    }
};

QTEST_GUILESS_MAIN(tst_CliProfiles)
#include "tst_cli_profiles.moc"
