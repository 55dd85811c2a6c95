// The real keyway-cli and keyway-sandbox binaries, as separate processes, sharing one login through
// the token stores: memory, the keychain (a private gnome-keyring) and a real redis-server. Timing
// is steered through the sandbox (a slow or hanging token endpoint) and signals, never through
// test hooks; the tests assert counts and outcomes, never durations.
#include "clirun.h"
#include "keyringsession.h"
#include "redisserver.h"
#include "sandbox/sandboxconfig.h"
#include "sandboxprocess.h"
#include "secretscan.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <csignal>
#include <memory>
#include <vector>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

// keyway-sandbox's client and user: what it runs with unless told otherwise.
const SandboxConfig Demo;

// The refresh timeout the lease tests give the CLI: the lease lasts twice as long.
const QString ShortRefreshTimeoutSec = QStringLiteral("2");

// One keyway-cli process, started at once and read while the event loop runs.
class CliProcess
{
public:
    CliProcess(const QString &binary, const QStringList &arguments,
               const QProcessEnvironment &environment)
        : m_arguments(arguments)
    {
        m_process.setProcessEnvironment(environment);
        m_process.start(binary, arguments);
    }
    ~CliProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            ::kill(pid_t(m_process.processId()), SIGCONT);
            m_process.kill();
            m_process.waitForFinished(5000); // killed: ends at once
        }
    }
    Q_DISABLE_COPY_MOVE(CliProcess)

    bool wait(int timeoutMs = 60000)
    {
        const bool done = QTest::qWaitFor(
            [this] { return m_process.state() == QProcess::NotRunning; }, timeoutMs);
        m_out += m_process.readAllStandardOutput();
        m_err += m_process.readAllStandardError();
        return done;
    }
    void signal(int number) { ::kill(pid_t(m_process.processId()), number); }
    bool exitedWith(int code) const
    {
        return m_process.state() == QProcess::NotRunning
            && m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == code;
    }
    const QByteArray &out() const { return m_out; }
    const QByteArray &err() const { return m_err; }
    QJsonObject json() const { return QJsonDocument::fromJson(m_out).object(); }
    QString describe() const
    {
        return QStringLiteral("keyway-cli %1\nexit %2 (%3)\n--- stdout:\n%4\n--- stderr:\n%5")
            .arg(m_arguments.join(QLatin1Char(' ')))
            .arg(m_process.exitCode())
            .arg(m_process.exitStatus() == QProcess::NormalExit ? QStringLiteral("normal")
                                                                : QStringLiteral("crashed"))
            .arg(QString::fromUtf8(m_out), QString::fromUtf8(m_err).right(6000));
    }
    // The --events lines of one type.
    QList<QJsonObject> events(const QString &type) const
    {
        QList<QJsonObject> found;
        for (const QByteArray &line : m_err.split('\n')) {
            const QJsonObject event = QJsonDocument::fromJson(line).object();
            if (event.value(QStringLiteral("event")).toString() == type)
                found.append(event);
        }
        return found;
    }

private:
    QStringList m_arguments;
    QProcess m_process;
    QByteArray m_out;
    QByteArray m_err;
};

// Every file under `dir` whose bytes match `pattern`.
QStringList filesMatching(const QString &dir, const QRegularExpression &pattern)
{
    QStringList found;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly)
            && pattern.match(QString::fromLatin1(file.readAll())).hasMatch())
            found.append(file.fileName());
    }
    return found;
}

} // namespace

class tst_CliStores : public QObject
{
    Q_OBJECT

    KeyringSession m_keyring;
    std::unique_ptr<RedisServer> m_redis;
    std::unique_ptr<SandboxProcess> m_sandbox;
    std::unique_ptr<QTemporaryDir> m_home; // XDG dirs of the children
    QString m_binary;

    void startSandbox(const QStringList &arguments = {})
    {
        m_sandbox = std::make_unique<SandboxProcess>();
        QString error;
        QVERIFY2(m_sandbox->start(arguments, &error), qPrintable(error));
    }

    QString redisStore() const
    {
        return QStringLiteral("redis://127.0.0.1:%1/0").arg(m_redis->port());
    }

    // The children's world: secrets from the environment, their own data and config dirs, the
    // private keyring's bus, nothing from the developer's own settings.
    QProcessEnvironment environment() const
    {
        return isolatedCliEnvironment(m_home->path(), Demo.clientSecret, Demo.password);
    }

    QStringList clientArgs() const
    {
        return {QStringLiteral("--token-url"),
                m_sandbox->url(QStringLiteral("/oauth/token")).toString(),
                QStringLiteral("--client-id"), Demo.clientId};
    }
    QStringList grantArgs() const
    {
        return clientArgs()
            + QStringList {QStringLiteral("--grant"), QStringLiteral("password"),
                           QStringLiteral("--username"), Demo.username};
    }
    static QStringList storeArgs(const QString &store, const QString &profile)
    {
        return {QStringLiteral("--store"), store, QStringLiteral("--profile"), profile};
    }
    QStringList sendArgs(int count) const
    {
        return QStringList {QStringLiteral("send"),
                            QStringLiteral("GET"),
                            m_sandbox->url(QStringLiteral("/api/items")).toString(),
                            QStringLiteral("--count"),
                            QString::number(count),
                            QStringLiteral("--concurrency"),
                            QString::number(count),
                            QStringLiteral("--json")}
        + clientArgs();
    }

    std::unique_ptr<CliProcess> start(const QStringList &arguments) const
    {
        return start(arguments, environment());
    }
    std::unique_ptr<CliProcess> start(const QStringList &arguments,
                                      const QProcessEnvironment &env) const
    {
        return std::make_unique<CliProcess>(m_binary, arguments, env);
    }

    QJsonObject counters() const
    {
        return m_sandbox->admin("GET", QStringLiteral("/admin/counters"));
    }
    int counter(const char *name) const { return counters().value(QLatin1String(name)).toInt(); }
    bool waitForCounter(const char *name, int atLeast, int timeoutMs = 15000) const
    {
        return QTest::qWaitFor([&] { return counter(name) >= atLeast; }, timeoutMs);
    }

    void login(const QString &store, const QString &profile)
    {
        auto process = start(QStringList {QStringLiteral("login"), QStringLiteral("--json")}
                             + storeArgs(store, profile) + grantArgs());
        QVERIFY(process->wait());
        QVERIFY2(process->exitedWith(0), qPrintable(process->describe()));
    }

    // The client secret and the password, in every form they travel in (the tokens are
    // checked where a test knows them).
    static void verifyNoSecretIn(const CliProcess &process)
    {
        SecretScan scan;
        scan.addSecret(QStringLiteral("client secret"), Demo.clientSecret.toUtf8());
        scan.addSecret(QStringLiteral("password"), Demo.password.toUtf8());
        const QStringList found = scan.scan(QStringLiteral("stdout"), process.out())
            + scan.scan(QStringLiteral("stderr"), process.err());
        QVERIFY2(
            found.isEmpty(),
            qPrintable(found.join(QLatin1Char('\n')) + QLatin1Char('\n') + process.describe()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_binary = cliBinary(&error);
        QVERIFY2(!m_binary.isEmpty(), qPrintable(error));
        // Before anything touches D-Bus: this process and its children use the private bus.
        QVERIFY2(m_keyring.start(&error), qPrintable(error));
        m_redis = std::make_unique<RedisServer>();
        QVERIFY2(m_redis->start(&error), qPrintable(error));
    }

    void init()
    {
        m_home = std::make_unique<QTemporaryDir>();
        QVERIFY(m_home->isValid());
        if (!m_redis->isRunning()) {
            QString error;
            QVERIFY2(m_redis->start(&error), qPrintable(error));
        }
        QCOMPARE(m_redis->cli({QStringLiteral("FLUSHALL")}), QByteArray("OK"));
    }

    void cleanup() { m_sandbox.reset(); }

    // ---- one login, many runs -------------------------------------------------------------

    void loginThenShowInAnotherProcess_sameFingerprints_data()
    {
        QTest::addColumn<QString>("store");
        QTest::addColumn<bool>("persists");
        QTest::newRow("memory") << QStringLiteral("memory") << false;
        QTest::newRow("keychain") << QStringLiteral("keychain") << true;
        QTest::newRow("redis") << QStringLiteral("redis") << true;
    }
    void loginThenShowInAnotherProcess_sameFingerprints()
    {
        QFETCH(QString, store);
        QFETCH(bool, persists);
        if (store == QLatin1String("redis"))
            store = redisStore();
        startSandbox();
        const QString profile =
            QStringLiteral("show-") + QString::fromLatin1(QTest::currentDataTag());

        auto login = start(QStringList {QStringLiteral("login"), QStringLiteral("--json")}
                           + storeArgs(store, profile) + grantArgs());
        QVERIFY(login->wait());
        QVERIFY2(login->exitedWith(0), qPrintable(login->describe()));
        verifyNoSecretIn(*login);
        const QJsonObject stored = login->json();
        QCOMPARE(stored.value(QStringLiteral("generation")).toInt(), 1);
        QCOMPARE(stored.value(QStringLiteral("access_token")).toString().size(), 12);
        QCOMPARE(stored.value(QStringLiteral("refresh_token")).toString().size(), 12);
        QVERIFY(!stored.value(QStringLiteral("expires_at")).toString().isEmpty());

        auto show = start(
            QStringList {QStringLiteral("token"), QStringLiteral("show"), QStringLiteral("--json")}
            + storeArgs(store, profile));
        QVERIFY(show->wait());
        if (!persists) {
            QVERIFY2(show->exitedWith(1), qPrintable(show->describe()));
            QVERIFY2(show->err().contains("no tokens are stored"), qPrintable(show->describe()));
            return;
        }
        QVERIFY2(show->exitedWith(0), qPrintable(show->describe()));
        const QJsonObject shown = show->json();
        for (const char *key : {"access_token", "refresh_token", "generation", "expires_at"})
            QCOMPARE(shown.value(QLatin1String(key)), stored.value(QLatin1String(key)));
        QCOMPARE(shown.value(QStringLiteral("profile")).toString(), profile);

        // The text form says the same, and never a token value.
        auto text = start(QStringList {QStringLiteral("token"), QStringLiteral("show")}
                          + storeArgs(store, profile));
        QVERIFY(text->wait());
        QVERIFY2(text->exitedWith(0), qPrintable(text->describe()));
        QVERIFY(
            text->out().contains(stored.value(QStringLiteral("access_token")).toString().toUtf8()));

        auto clear = start(QStringList {QStringLiteral("token"), QStringLiteral("clear")}
                           + storeArgs(store, profile));
        QVERIFY(clear->wait());
        QVERIFY2(clear->exitedWith(0), qPrintable(clear->describe()));
        QVERIFY2(clear->out().contains("Removed"), qPrintable(clear->describe()));

        auto empty = start(QStringList {QStringLiteral("token"), QStringLiteral("show")}
                           + storeArgs(store, profile));
        QVERIFY(empty->wait());
        QVERIFY2(empty->exitedWith(1), qPrintable(empty->describe()));
        QVERIFY2(empty->err().contains("no tokens are stored"), qPrintable(empty->describe()));
    }

    // `login --store redis://:password@...` makes that store the profile's: the file names it
    // without the password (which goes to the keychain), and later runs without --store use it.
    void storeGivenAtLogin_storedWithoutItsPassword_usedWithoutStoreOption()
    {
        const QString redisPassword = QStringLiteral("redis-only-s3cret");
        RedisServer locked({QStringLiteral("--requirepass"), redisPassword});
        QString error;
        QVERIFY2(locked.start(&error), qPrintable(error));
        startSandbox();
        const QString profile = QStringLiteral("stored-store");
        const QString bare = QStringLiteral("redis://127.0.0.1:%1/0").arg(locked.port());
        login(QStringLiteral("redis://:%1@127.0.0.1:%2/0").arg(redisPassword).arg(locked.port()),
              profile);
        const int signIns = counter("tokenRequests");
        QCOMPARE(signIns, 1);

        QFile file(m_home->filePath(QStringLiteral("data/keyway/workspaces/default/profiles/")
                                    + profile + QStringLiteral(".json")));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        const QJsonObject saved = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(saved.value(QStringLiteral("store")).toString(), bare);
        QCOMPARE(saved.value(QStringLiteral("storePassword")).toObject(),
                 QJsonObject({{QStringLiteral("keychain"),
                               QStringLiteral("keyway-secrets/default/stored-store/"
                                              "store-password")}}));
        QVERIFY(filesMatching(m_home->path(), QRegularExpression(redisPassword)).isEmpty());

        // No --store: the tokens come from the Redis the profile names (a keychain store would
        // hold none, and the profile would sign in again); --store names the same one. Each send
        // says which store it used and what chose it, as run and login do, without its password.
        const QList<std::pair<QStringList, QString>> choices {
            {{}, QStringLiteral("the profile's file")},
            {{QStringLiteral("--store"),
              QStringLiteral("redis://:%1@127.0.0.1:%2/0").arg(redisPassword).arg(locked.port())},
             QStringLiteral("--store")}};
        for (const auto &[storeOption, origin] : choices) {
            auto send = start(QStringList {QStringLiteral("send"), QStringLiteral("GET"),
                                           m_sandbox->url(QStringLiteral("/api/items")).toString(),
                                           QStringLiteral("--profile"), profile}
                              + storeOption);
            QVERIFY(send->wait());
            QVERIFY2(send->exitedWith(0), qPrintable(send->describe()));
            QCOMPARE(counter("tokenRequests"), signIns);
            QVERIFY(!send->err().contains(redisPassword.toUtf8()));
            QVERIFY2(send->err().contains(QStringLiteral("keyway-cli: profile '%1' keeps its "
                                                         "tokens in %2 (from %3)")
                                              .arg(profile, bare, origin)
                                              .toUtf8()),
                     qPrintable(send->describe()));
        }

        auto show = start({QStringLiteral("token"), QStringLiteral("show"),
                           QStringLiteral("--profile"), profile});
        QVERIFY(show->wait());
        QVERIFY2(show->exitedWith(0), qPrintable(show->describe()));
        QVERIFY2((show->out() + show->err()).contains(bare.toUtf8()), qPrintable(show->describe()));

        // --store still wins for one run: the keychain holds nothing for this profile.
        auto keychain =
            start({QStringLiteral("token"), QStringLiteral("show"), QStringLiteral("--profile"),
                   profile, QStringLiteral("--store"), QStringLiteral("keychain")});
        QVERIFY(keychain->wait());
        QVERIFY2(keychain->exitedWith(1), qPrintable(keychain->describe()));
    }

    void runAndLogin_theStoreTheProfileNamesWinsOverAStrayEnvironment()
    {
        startSandbox();
        const QString profile = QStringLiteral("saved-store");
        const QString store = redisStore();
        login(store, profile); // --store: the profile's store from now on
        QCOMPARE(counter("tokenRequests"), 1);
        const QString workspace =
            m_home->filePath(QStringLiteral("data/keyway/workspaces/default"));
        const QString profileFile =
            workspace + QStringLiteral("/profiles/") + profile + QStringLiteral(".json");
        const auto savedStore = [&profileFile] {
            QFile file(profileFile);
            return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll())
                                                        .object()
                                                        .value(QStringLiteral("store"))
                                                        .toString()
                                                  : QStringLiteral("(unreadable)");
        };
        QCOMPARE(savedStore(), store);
        QVERIFY(QDir().mkpath(workspace + QStringLiteral("/Items")));
        QFile request(workspace + QStringLiteral("/Items/List.request.json"));
        QVERIFY(request.open(QIODevice::WriteOnly));
        request.write(
            QJsonDocument(
                QJsonObject {{QStringLiteral("name"), QStringLiteral("List")},
                             {QStringLiteral("method"), QStringLiteral("GET")},
                             {QStringLiteral("url"),
                              m_sandbox->url(QStringLiteral("/api/items")).toString()},
                             {QStringLiteral("auth"),
                              QJsonObject {{QStringLiteral("mode"), QStringLiteral("profile")},
                                           {QStringLiteral("profile"), profile}}}})
                .toJson());
        request.close();

        // No --store: run reads the Redis the profile names, and says so. (The keychain holds
        // nothing for the profile: run would have signed in again with its grant.)
        auto run = start({QStringLiteral("run"), workspace});
        QVERIFY(run->wait());
        QVERIFY2(run->exitedWith(0), qPrintable(run->describe()));
        QVERIFY2(run->err().contains(QStringLiteral("profile '%1' keeps its tokens in %2 (from the "
                                                    "profile's file)")
                                         .arg(profile, store)
                                         .toUtf8()),
                 qPrintable(run->describe()));
        QCOMPARE(counter("tokenRequests"), 1);

        // A KEYWAY_STORE left in the shell serves one login but does not move the profile.
        QProcessEnvironment stray = environment();
        stray.insert(QStringLiteral("KEYWAY_STORE"), QStringLiteral("keychain"));
        auto again =
            start(QStringList {QStringLiteral("login"), QStringLiteral("--profile"), profile}
                      + grantArgs(),
                  stray);
        QVERIFY(again->wait());
        QVERIFY2(again->exitedWith(0), qPrintable(again->describe()));
        QVERIFY2(again->err().contains("(from KEYWAY_STORE)"), qPrintable(again->describe()));
        QVERIFY2(again->err().contains(QStringLiteral("still names %1").arg(store).toUtf8()),
                 qPrintable(again->describe()));
        QCOMPARE(savedStore(), store);
        // ...and a run without it still finds the Redis login, untouched.
        auto after = start({QStringLiteral("run"), workspace});
        QVERIFY(after->wait());
        QVERIFY2(after->exitedWith(0), qPrintable(after->describe()));
        QCOMPARE(counter("tokenRequests"), 2); // the second login's own sign-in only
    }

    void workspaces_keepProfilesOfTheSameNameApart_data()
    {
        QTest::addColumn<QString>("store");
        QTest::newRow("keychain") << QStringLiteral("keychain");
        QTest::newRow("redis") << QStringLiteral("redis");
    }
    void workspaces_keepProfilesOfTheSameNameApart()
    {
        QFETCH(QString, store);
        if (store == QLatin1String("redis"))
            store = redisStore();
        startSandbox();
        const QStringList inA = storeArgs(store, QStringLiteral("same"))
            + QStringList {QStringLiteral("--workspace"), QStringLiteral("project-a")};
        const QStringList inB = storeArgs(store, QStringLiteral("same"))
            + QStringList {QStringLiteral("--workspace"), QStringLiteral("project-b")};
        auto login = start(QStringList {QStringLiteral("login")} + inA + grantArgs());
        QVERIFY(login->wait());
        QVERIFY2(login->exitedWith(0), qPrintable(login->describe()));

        auto other = start(QStringList {QStringLiteral("token"), QStringLiteral("show")} + inB);
        QVERIFY(other->wait());
        QVERIFY2(other->exitedWith(1), qPrintable(other->describe()));
        QVERIFY2(other->err().contains("workspace 'project-b'"), qPrintable(other->describe()));
        auto same = start(QStringList {QStringLiteral("token"), QStringLiteral("show")} + inA);
        QVERIFY(same->wait());
        QVERIFY2(same->exitedWith(0), qPrintable(same->describe()));
        auto clear = start(QStringList {QStringLiteral("token"), QStringLiteral("clear")} + inA);
        QVERIFY(clear->wait());
        QVERIFY2(clear->exitedWith(0), qPrintable(clear->describe()));
    }

    void corruptStoredValue_showAndSendSayNothingChanged_clearRemovesIt()
    {
        startSandbox();
        const QString key = QStringLiteral("keyway:default:broken:tokens");
        QCOMPARE(m_redis->cli({QStringLiteral("HSET"), key, QStringLiteral("set"),
                               QStringLiteral("not json"), QStringLiteral("generation"),
                               QStringLiteral("3")}),
                 QByteArray("2"));
        const QStringList broken = storeArgs(redisStore(), QStringLiteral("broken"));

        auto show = start(QStringList {QStringLiteral("token"), QStringLiteral("show")} + broken);
        auto send = start(sendArgs(1) + grantArgs().mid(4) + broken);
        auto login = start(QStringList {QStringLiteral("login")} + broken + grantArgs());
        for (CliProcess *process : {show.get(), send.get(), login.get()}) {
            QVERIFY(process->wait());
            QVERIFY2(process->exitedWith(1), qPrintable(process->describe()));
            const QString err = QString::fromUtf8(process->err());
            QVERIFY2(err.contains(QLatin1String("not a readable token set"))
                         && err.contains(QLatin1String("nothing was changed"))
                         && err.contains(QLatin1String("token clear --profile broken")),
                     qPrintable(process->describe()));
        }
        QCOMPARE(counter("tokenRequests"), 0); // nobody signed in over it
        QCOMPARE(m_redis->cli({QStringLiteral("HGET"), key, QStringLiteral("set")}),
                 QByteArray("not json"));

        auto clear = start(QStringList {QStringLiteral("token"), QStringLiteral("clear")} + broken);
        QVERIFY(clear->wait());
        QVERIFY2(clear->exitedWith(0), qPrintable(clear->describe()));
        QCOMPARE(m_redis->cli({QStringLiteral("EXISTS"), key}), QByteArray("0"));
    }

    // ---- many processes, one Redis profile ----------------------------------------------------

    void eightProcessesSharingRedis_oneRefreshPerExpiry()
    {
        startSandbox();
        const QStringList shared = storeArgs(redisStore(), QStringLiteral("shared"));
        login(redisStore(), QStringLiteral("shared"));
        constexpr int Processes = 8;
        constexpr int Cycles = 10;
        for (int cycle = 1; cycle <= Cycles; ++cycle) {
            m_sandbox->admin("POST", QStringLiteral("/admin/counters/reset"));
            m_sandbox->admin("POST", QStringLiteral("/admin/expire"));
            std::vector<std::unique_ptr<CliProcess>> processes;
            for (int i = 0; i < Processes; ++i)
                processes.push_back(start(sendArgs(50) + shared));
            for (const auto &process : processes) {
                QVERIFY(process->wait());
                QVERIFY2(process->exitedWith(0),
                         qPrintable(QStringLiteral("cycle %1: ").arg(cycle) + process->describe()));
                QCOMPARE(process->json().value(QStringLiteral("ok")).toInt(), 50);
            }
            const QJsonObject seen = counters();
            QVERIFY2(seen.value(QStringLiteral("refreshGrants")).toInt() == 1
                         && seen.value(QStringLiteral("refreshes")).toInt() == 1
                         && seen.value(QStringLiteral("reuseDetections")).toInt() == 0
                         && seen.value(QStringLiteral("passwordGrants")).toInt() == 0,
                     qPrintable(QStringLiteral("cycle %1: %2")
                                    .arg(cycle)
                                    .arg(QString::fromUtf8(QJsonDocument(seen).toJson()))));
        }
        auto show = start(
            QStringList {QStringLiteral("token"), QStringLiteral("show"), QStringLiteral("--json")}
            + shared);
        QVERIFY(show->wait());
        QCOMPARE(show->json().value(QStringLiteral("generation")).toInt(), 1 + Cycles);
    }

    void leaseHolderKilled_nextProcessRefreshesAfterItsLease()
    {
        startSandbox();
        const QStringList shared = storeArgs(redisStore(), QStringLiteral("killed"))
            + QStringList {QStringLiteral("--refresh-timeout"), ShortRefreshTimeoutSec,
                           QStringLiteral("--events")};
        login(redisStore(), QStringLiteral("killed"));
        m_sandbox->admin("POST", QStringLiteral("/admin/expire"));
        m_sandbox->admin("POST", QStringLiteral("/admin/fault?token=hang&times=1"));
        m_sandbox->admin("POST", QStringLiteral("/admin/counters/reset"));

        auto holder = start(sendArgs(5) + shared);
        QVERIFY2(waitForCounter("tokenRequests", 1), qPrintable(holder->describe()));
        QCOMPARE(
            m_redis->cli({QStringLiteral("EXISTS"), QStringLiteral("keyway:default:killed:lease")}),
            QByteArray("1"));
        holder->signal(SIGKILL);
        QVERIFY(holder->wait());

        auto next = start(sendArgs(5) + shared);
        QVERIFY(next->wait());
        QVERIFY2(next->exitedWith(0), qPrintable(next->describe()));
        QCOMPARE(next->json().value(QStringLiteral("ok")).toInt(), 5);
        QVERIFY2(!next->events(QStringLiteral("lease.busy")).isEmpty(),
                 qPrintable(next->describe()));
        QCOMPARE(next->events(QStringLiteral("refresh.succeeded")).size(), 1);
        const QJsonObject seen = counters();
        QCOMPARE(seen.value(QStringLiteral("tokenRequests")).toInt(), 2); // the hung one, B's
        QCOMPARE(seen.value(QStringLiteral("refreshes")).toInt(), 1);
        QCOMPARE(seen.value(QStringLiteral("reuseDetections")).toInt(), 0);
    }

    void leaseHolderStopped_itsLateWriteIsRejectedAndItAdopts()
    {
        // Without rotation the refresh token stays valid, so both refreshes succeed at the
        // server: the store's compare-and-swap alone decides whose tokens stay.
        startSandbox({QStringLiteral("--no-rotation")});
        const QStringList shared = storeArgs(redisStore(), QStringLiteral("stopped"))
            + QStringList {QStringLiteral("--refresh-timeout"), ShortRefreshTimeoutSec,
                           QStringLiteral("--events")};
        login(redisStore(), QStringLiteral("stopped"));
        m_sandbox->admin("POST", QStringLiteral("/admin/expire"));
        m_sandbox->admin("POST", QStringLiteral("/admin/config?token_delay_ms=1800"));
        m_sandbox->admin("POST", QStringLiteral("/admin/counters/reset"));

        auto late = start(sendArgs(5) + shared);
        QVERIFY2(waitForCounter("tokenRequests", 1), qPrintable(late->describe()));
        late->signal(SIGSTOP); // its answer arrives while it sleeps
        const QStringList leaseKey {QStringLiteral("EXISTS"),
                                    QStringLiteral("keyway:default:stopped:lease")};
        QTRY_COMPARE_WITH_TIMEOUT(m_redis->cli(leaseKey), QByteArray("0"), 15000);
        m_sandbox->admin("POST", QStringLiteral("/admin/config?token_delay_ms=0"));

        auto next = start(sendArgs(5) + shared);
        QVERIFY(next->wait());
        QVERIFY2(next->exitedWith(0), qPrintable(next->describe()));
        const QList<QJsonObject> written = next->events(QStringLiteral("store.updated"));
        QCOMPARE(written.size(), 1);
        QCOMPARE(written.first()
                     .value(QStringLiteral("details"))
                     .toObject()
                     .value(QStringLiteral("generation")),
                 QJsonValue(QStringLiteral("2")));

        late->signal(SIGCONT);
        QVERIFY(late->wait());
        QVERIFY2(late->exitedWith(0), qPrintable(late->describe()));
        QCOMPARE(late->json().value(QStringLiteral("ok")).toInt(), 5);
        const QList<QJsonObject> conflicts = late->events(QStringLiteral("store.conflict"));
        QCOMPARE(conflicts.size(), 1);
        const QString message = conflicts.first().value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(QLatin1String("our write was rejected"))
                     && message.contains(QLatin1String("adopting")),
                 qPrintable(message));
        QVERIFY(late->events(QStringLiteral("store.updated")).isEmpty());

        auto show = start(
            QStringList {QStringLiteral("token"), QStringLiteral("show"), QStringLiteral("--json")}
            + storeArgs(redisStore(), QStringLiteral("stopped")));
        QVERIFY(show->wait());
        QCOMPARE(show->json().value(QStringLiteral("generation")).toInt(), 2);
        QCOMPARE(counter("refreshes"), 2);
        QCOMPARE(counter("reuseDetections"), 0);
    }

    void subscriberConnectionsCut_followersStillPickUpTheNewGeneration()
    {
        startSandbox();
        const QStringList shared = storeArgs(redisStore(), QStringLiteral("cut"));
        login(redisStore(), QStringLiteral("cut"));
        m_sandbox->admin("POST", QStringLiteral("/admin/expire"));
        m_sandbox->admin("POST", QStringLiteral("/admin/config?token_delay_ms=3000"));
        m_sandbox->admin("POST", QStringLiteral("/admin/counters/reset"));

        constexpr int Processes = 4;
        std::vector<std::unique_ptr<CliProcess>> processes;
        for (int i = 0; i < Processes; ++i)
            processes.push_back(start(sendArgs(50) + shared));
        // One of them is refreshing (its answer is held back); all of them are subscribed.
        QVERIFY(waitForCounter("tokenRequests", 1));
        QTRY_COMPARE_WITH_TIMEOUT(m_redis->cli({QStringLiteral("CLIENT"), QStringLiteral("LIST"),
                                                QStringLiteral("TYPE"), QStringLiteral("pubsub")})
                                          .count('\n')
                                      + 1,
                                  Processes, 10000);
        const QByteArray killed = m_redis->cli({QStringLiteral("CLIENT"), QStringLiteral("KILL"),
                                                QStringLiteral("TYPE"), QStringLiteral("pubsub")});
        QCOMPARE(killed.toInt(), Processes);
        // The cut came before the new generation was stored (and announced).
        QCOMPARE(m_redis->cli({QStringLiteral("HGET"), QStringLiteral("keyway:default:cut:tokens"),
                               QStringLiteral("generation")}),
                 QByteArray("1"));

        for (const auto &process : processes) {
            QVERIFY(process->wait());
            QVERIFY2(process->exitedWith(0), qPrintable(process->describe()));
            QCOMPARE(process->json().value(QStringLiteral("ok")).toInt(), 50);
        }
        QCOMPARE(counter("refreshes"), 1);
        QCOMPARE(counter("reuseDetections"), 0);
    }

    void redisStoppedMidRun_degradesOrFailsClosed_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::newRow("degrade") << QStringLiteral("degrade");
        QTest::newRow("fail-closed") << QStringLiteral("fail-closed");
    }
    void redisStoppedMidRun_degradesOrFailsClosed()
    {
        QFETCH(QString, mode);
        const bool degrade = mode == QLatin1String("degrade");
        startSandbox();
        const QString profile = QStringLiteral("outage-") + mode;
        const QStringList shared = storeArgs(redisStore(), profile)
            + QStringList {QStringLiteral("--store-failure"), mode, QStringLiteral("--events")};
        login(redisStore(), profile);

        // The request is answered late and its token judged then: Redis goes down while it
        // waits, and the token expires, so the refresh finds no store.
        m_sandbox->admin("POST", QStringLiteral("/admin/counters/reset"));
        auto during = start(
            QStringList {QStringLiteral("send"), QStringLiteral("GET"),
                         m_sandbox->url(QStringLiteral("/api/slow?ms=3000&check=late")).toString()}
            + clientArgs() + shared);
        QVERIFY2(waitForCounter("apiHits", 1), qPrintable(during->describe()));
        m_sandbox->admin("POST", QStringLiteral("/admin/expire"));
        m_redis->stop();
        QVERIFY(during->wait());
        verifyNoSecretIn(*during);
        const QStringList err = QString::fromUtf8(during->err()).split(QLatin1Char('\n'));
        const QStringList warnings = err.filter(QStringLiteral("keyway-cli: warning:"));
        if (degrade) {
            QVERIFY2(during->exitedWith(0), qPrintable(during->describe()));
            QVERIFY2(!during->events(QStringLiteral("store.degraded")).isEmpty(),
                     qPrintable(during->describe()));
            // One line for the outage, one that the refresh's tokens were not stored.
            QCOMPARE(warnings.size(), 2);
            QVERIFY2(warnings.last().contains(QLatin1String("could not be stored")),
                     qPrintable(during->describe()));
            QCOMPARE(counter("refreshes"), 1);
        } else {
            QVERIFY2(during->exitedWith(1), qPrintable(during->describe()));
            QVERIFY2(during->err().contains("fails closed"), qPrintable(during->describe()));
            QVERIFY2(during->err().contains("not available"), qPrintable(during->describe()));
            QCOMPARE(counter("refreshes"), 0);
        }

        // A run that starts while Redis is down.
        auto down = start(sendArgs(10) + grantArgs().mid(4) + shared);
        QVERIFY(down->wait());
        if (degrade) {
            QVERIFY2(down->exitedWith(0), qPrintable(down->describe()));
            QCOMPARE(down->json().value(QStringLiteral("ok")).toInt(), 10);
            QVERIFY2(down->err().contains("keyway-cli: warning: token store redis://"),
                     qPrintable(down->describe()));
        } else {
            QVERIFY2(down->exitedWith(1), qPrintable(down->describe()));
            QVERIFY2(down->err().contains("is not available")
                         && down->err().contains("fail-closed"),
                     qPrintable(down->describe()));
            QVERIFY(down->json().isEmpty()); // nothing was sent
        }

        // Redis is back (empty: it saves nothing): later runs work, nothing else restarted.
        QString error;
        QVERIFY2(m_redis->start(&error), qPrintable(error));
        auto back = start(sendArgs(10) + grantArgs().mid(4) + shared);
        QVERIFY(back->wait());
        QVERIFY2(back->exitedWith(0), qPrintable(back->describe()));
        QVERIFY2(!back->err().contains("warning"), qPrintable(back->describe()));
        auto show = start(QStringList {QStringLiteral("token"), QStringLiteral("show")}
                          + storeArgs(redisStore(), profile));
        QVERIFY(show->wait());
        QVERIFY2(show->exitedWith(0), qPrintable(show->describe()));
    }

    // ---- tokens encrypted in Redis ----------------------------------------------------------

    void encryptedRedis_machinesWithTheKeyShareTokens_othersFailClearly()
    {
        startSandbox();
        const QString store = redisStore() + QStringLiteral("?encrypt=1");
        const QString profile = QStringLiteral("sealed");
        // This machine: the key is made in its keychain by the first login.
        login(store, profile);
        const QString key = QStringLiteral("keyway:default:sealed:tokens");
        QVERIFY(
            m_redis->cli({QStringLiteral("HGET"), key, QStringLiteral("set")}).contains("sealed"));
        QCOMPARE(m_redis->cli({QStringLiteral("HGET"), key, QStringLiteral("generation")}),
                 QByteArray("1"));

        auto exported =
            start({QStringLiteral("store"), QStringLiteral("key"), QStringLiteral("export"),
                   QStringLiteral("-o"), m_home->filePath(QStringLiteral("store.key"))});
        QVERIFY(exported->wait());
        QVERIFY2(exported->exitedWith(0), qPrintable(exported->describe()));
        QFile keyFile(m_home->filePath(QStringLiteral("store.key")));
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        QCOMPARE(keyFile.permissions() & (QFile::ReadGroup | QFile::ReadOther),
                 QFile::Permissions());
        const QByteArray keyText = keyFile.readAll().trimmed();
        auto shown =
            start({QStringLiteral("store"), QStringLiteral("key"), QStringLiteral("show")});
        QVERIFY(shown->wait());
        QVERIFY2(shown->exitedWith(0), qPrintable(shown->describe()));
        const QByteArray keyId = shown->out().trimmed();
        QCOMPARE(keyId.size(), 16);
        QVERIFY2(exported->err().contains(keyId), qPrintable(exported->describe()));
        QVERIFY(!shown->out().contains(keyText));

        // Another machine given the key (a CI runner: KEYWAY_STORE_KEY) uses the same login:
        // no sign-in of its own.
        m_sandbox->admin("POST", QStringLiteral("/admin/counters/reset"));
        QProcessEnvironment other = environment();
        other.insert(QStringLiteral("XDG_DATA_HOME"), m_home->filePath(QStringLiteral("other")));
        other.insert(QStringLiteral("KEYWAY_STORE_KEY"), QString::fromLatin1(keyText));
        auto sharing = start(sendArgs(5) + storeArgs(store, profile), other);
        QVERIFY(sharing->wait());
        QVERIFY2(sharing->exitedWith(0), qPrintable(sharing->describe()));
        QCOMPARE(sharing->json().value(QStringLiteral("ok")).toInt(), 5);
        QCOMPARE(counter("passwordGrants"), 0);

        // A machine with another key: a clear error, and the tokens stay as they were.
        const QByteArray before =
            m_redis->cli({QStringLiteral("HGET"), key, QStringLiteral("set")});
        QProcessEnvironment stranger = other;
        stranger.insert(QStringLiteral("KEYWAY_STORE_KEY"),
                        QString::fromLatin1(QByteArray(32, 'z').toBase64()));
        for (const QStringList &command :
             {QStringList {QStringLiteral("token"), QStringLiteral("show")}, sendArgs(3)}) {
            auto refused = start(command + storeArgs(store, profile), stranger);
            QVERIFY(refused->wait());
            QVERIFY2(refused->exitedWith(1), qPrintable(refused->describe()));
            for (const char *part :
                 {"cannot decrypt the tokens in Redis", "store key import", "KEYWAY_STORE_KEY",
                  "nothing was changed", "the same command reads them"})
                QVERIFY2(refused->err().contains(part), qPrintable(refused->describe()));
            QVERIFY2(refused->err().contains(keyId), qPrintable(refused->describe()));
            // Clearing would lose a login the right key still reads: it is named last, and only
            // for a key lost for good.
            const QByteArray err = refused->err();
            const qsizetype clear = err.indexOf("token clear");
            QVERIFY2(clear < 0
                         || (clear > err.indexOf("store key import")
                             && clear > err.indexOf("the same command reads them")
                             && err.mid(clear - 60, 60).contains("lost for good")),
                     qPrintable(refused->describe()));
            QVERIFY2(!err.contains("removes it."), qPrintable(refused->describe()));
        }
        QCOMPARE(m_redis->cli({QStringLiteral("HGET"), key, QStringLiteral("set")}), before);

        // A file that is not a key is refused and changes nothing.
        QFile bad(m_home->filePath(QStringLiteral("bad.key")));
        QVERIFY(bad.open(QIODevice::WriteOnly) && bad.write("not a key\n") > 0);
        bad.close();
        auto refusedImport = start({QStringLiteral("store"), QStringLiteral("key"),
                                    QStringLiteral("import"), bad.fileName()});
        QVERIFY(refusedImport->wait());
        QVERIFY2(refusedImport->exitedWith(1), qPrintable(refusedImport->describe()));
        QVERIFY2(refusedImport->err().contains("not a store key"),
                 qPrintable(refusedImport->describe()));
        auto stillShown =
            start({QStringLiteral("store"), QStringLiteral("key"), QStringLiteral("show")});
        QVERIFY(stillShown->wait());
        QCOMPARE(stillShown->out().trimmed(), keyId);
    }

    // ---- the keychain between local processes -------------------------------------------------

    void keychainTwoProcesses_oneRefreshPerExpiry()
    {
        startSandbox();
        const QStringList local = storeArgs(QStringLiteral("keychain"), QStringLiteral("local"));
        login(QStringLiteral("keychain"), QStringLiteral("local"));
        for (int cycle = 1; cycle <= 3; ++cycle) {
            m_sandbox->admin("POST", QStringLiteral("/admin/counters/reset"));
            m_sandbox->admin("POST", QStringLiteral("/admin/expire"));
            auto first = start(sendArgs(50) + local);
            auto second = start(sendArgs(50) + local);
            for (CliProcess *process : {first.get(), second.get()}) {
                QVERIFY(process->wait());
                QVERIFY2(process->exitedWith(0), qPrintable(process->describe()));
                QCOMPARE(process->json().value(QStringLiteral("ok")).toInt(), 50);
            }
            QCOMPARE(counter("refreshGrants"), 1);
            QCOMPARE(counter("reuseDetections"), 0);
        }
    }

    void keychainLockHolderCrashed_otherWaitsNoLongerThanTheStaleTime()
    {
        startSandbox();
        const QStringList local = storeArgs(QStringLiteral("keychain"), QStringLiteral("crashed"))
            + QStringList {QStringLiteral("--refresh-timeout"), ShortRefreshTimeoutSec,
                           QStringLiteral("--events")};
        login(QStringLiteral("keychain"), QStringLiteral("crashed"));
        m_sandbox->admin("POST", QStringLiteral("/admin/expire"));
        m_sandbox->admin("POST", QStringLiteral("/admin/fault?token=hang&times=1"));
        m_sandbox->admin("POST", QStringLiteral("/admin/counters/reset"));

        auto holder = start(sendArgs(5) + local);
        QVERIFY2(waitForCounter("tokenRequests", 1), qPrintable(holder->describe()));
        holder->signal(SIGKILL);
        QVERIFY(holder->wait());

        // The lease (the lock file) is stale after twice the refresh timeout at most; a dead
        // holder's is taken over at once.
        const qint64 staleMs = 2 * qint64(ShortRefreshTimeoutSec.toInt()) * 1000;
        QElapsedTimer waited;
        waited.start();
        auto next = start(sendArgs(5) + local);
        QVERIFY(next->wait(int(staleMs) + 10000));
        QVERIFY2(next->exitedWith(0), qPrintable(next->describe()));
        QCOMPARE(next->json().value(QStringLiteral("ok")).toInt(), 5);
        QVERIFY2(waited.elapsed() < staleMs + 5000, qPrintable(next->describe()));
        QCOMPARE(counter("refreshes"), 1);
        QCOMPARE(counter("reuseDetections"), 0);
    }

    void noKeyring_loginFailsClearlyAndNothingIsWrittenInPlaintext_data()
    {
        QTest::addColumn<bool>("withBus");
        QTest::addColumn<QString>("says");
        QTest::newRow("no session bus") << false << QStringLiteral("no D-Bus session bus");
        QTest::newRow("no Secret Service")
            << true << QStringLiteral("no Secret Service on the D-Bus session bus");
    }
    void noKeyring_loginFailsClearlyAndNothingIsWrittenInPlaintext()
    {
        QFETCH(bool, withBus);
        QFETCH(QString, says);
        startSandbox();
        QString address = QStringLiteral("unix:path=/nonexistent");
        if (withBus) {
            QString error;
            address = m_keyring.startBareBus(&error);
            QVERIFY2(!address.isEmpty(), qPrintable(error));
        }
        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), address);
        env.insert(QStringLiteral("HOME"), m_home->filePath(QStringLiteral("home")));
        QDir(m_home->path()).mkpath(QStringLiteral("home"));

        // Tokens whose text the test knows, handed to the CLI in a file outside the scanned dirs.
        const QByteArray response = m_sandbox->passwordGrantResponse();
        const QJsonObject tokens = QJsonDocument::fromJson(response).object();
        const QString access = tokens.value(QStringLiteral("access_token")).toString();
        const QString refresh = tokens.value(QStringLiteral("refresh_token")).toString();
        QVERIFY(!access.isEmpty() && !refresh.isEmpty());
        QTemporaryDir outside;
        const QString tokensFile = outside.filePath(QStringLiteral("tokens.json"));
        {
            QFile file(tokensFile);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(response);
        }

        // Until a fresh bus's daemon owns its name the answer may differ: ask again a little.
        std::unique_ptr<CliProcess> login;
        QElapsedTimer timer;
        timer.start();
        do {
            login = start({QStringLiteral("login"), QStringLiteral("--store"),
                           QStringLiteral("keychain"), QStringLiteral("--tokens"), tokensFile},
                          env);
            QVERIFY(login->wait());
        } while (!login->err().contains(says.toUtf8()) && timer.elapsed() < 10000);
        QVERIFY2(login->exitedWith(1), qPrintable(login->describe()));
        const QStringList lines =
            QString::fromUtf8(login->err()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.first().contains(QLatin1String("Secret Service")),
                 qPrintable(lines.first()));
        QVERIFY2(lines.first().contains(says), qPrintable(lines.first()));
        QVERIFY2(lines.first().contains(QLatin1String("--store memory")),
                 qPrintable(lines.first()));
        QVERIFY(login->out().isEmpty());

        // A send that signs in on its own (degraded) and one that brings the known tokens.
        auto signedIn =
            start(sendArgs(3) + grantArgs().mid(4)
                      + storeArgs(QStringLiteral("keychain"), QStringLiteral("nokeyring")),
                  env);
        QVERIFY(signedIn->wait());
        QVERIFY2(signedIn->exitedWith(0), qPrintable(signedIn->describe()));
        QVERIFY2(signedIn->err().contains("keyway-cli: warning: token store keychain"),
                 qPrintable(signedIn->describe()));
        auto seeded =
            start(sendArgs(3) + storeArgs(QStringLiteral("keychain"), QStringLiteral("seeded"))
                      + QStringList {QStringLiteral("--tokens"), tokensFile},
                  env);
        QVERIFY(seeded->wait());

        // No token text anywhere in the children's data, config and home dirs: neither the
        // known one nor anything shaped like a sandbox token (43 base64url characters).
        const QRegularExpression known(QRegularExpression::escape(access) + QLatin1Char('|')
                                       + QRegularExpression::escape(refresh));
        const QRegularExpression tokenShaped(QStringLiteral("[A-Za-z0-9_-]{40,}"));
        QStringList leaked = filesMatching(m_home->path(), known);
        leaked += filesMatching(m_home->path(), tokenShaped);
        QVERIFY2(leaked.isEmpty(), qPrintable(leaked.join(QLatin1Char('\n'))));
        for (const CliProcess *process : {login.get(), signedIn.get(), seeded.get()}) {
            const QByteArray all = process->out() + process->err();
            QVERIFY2(!all.contains(access.toUtf8()) && !all.contains(refresh.toUtf8()),
                     qPrintable(process->describe()));
        }
    }
};

QTEST_GUILESS_MAIN(tst_CliStores)
#include "tst_clistores.moc"
