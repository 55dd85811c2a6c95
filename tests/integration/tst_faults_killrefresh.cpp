// A keyway-cli process is killed with SIGKILL while its refresh is in flight (issue 11), with its
// tokens in the keychain (a private gnome-keyring) or in a real redis-server. The sandbox holds
// the token endpoint's answer back so the kill lands mid-refresh: the grant already happened at
// the server (a rotation is committed), the answer is never read. The next process recovers (the
// dead holder's lock or lease is taken over), finds the old or the new generation whole, never
// half, makes at most one more refresh, and, when the killed refresh used up the refresh token,
// says "sign in again" once instead of looping.
#include "clientstack.h"
#include "clifixture.h"
#include "keyringsession.h"
#include "redisserver.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

// The lease the CLI takes lasts twice its refresh timeout: short, so a dead holder's Redis lease
// runs out soon.
const QString RefreshTimeoutSec = QStringLiteral("2");

enum class KillAt {
    AnswerHeld, // the server rotated; its answer is held back
    AnswerHeldNoRotation, // the server issued new tokens but the refresh token stays valid
    AfterStoring, // the new generation is in the store
};

} // namespace

Q_DECLARE_METATYPE(KillAt)

class tst_FaultsKillRefresh : public QObject
{
    Q_OBJECT

    KeyringSession m_keyring;
    std::unique_ptr<RedisServer> m_redis;
    CliFixture m_cli;
    int m_row = 0;

    QStringList storeArgs(const QString &store) const
    {
        const QString where = store == QLatin1String("redis")
            ? QStringLiteral("redis://127.0.0.1:%1/0").arg(m_redis->port())
            : store;
        // A profile of its own per test row: the keychain keeps what earlier rows stored.
        return {QStringLiteral("--store"), where, QStringLiteral("--profile"),
                QStringLiteral("killed-%1-%2").arg(store).arg(m_row)};
    }
    // `path`'s answer may be slow; a 401 for an expired token comes at once all the same.
    QStringList sendArgs(const QString &store,
                         const QString &path = QStringLiteral("/api/items")) const
    {
        return QStringList {QStringLiteral("send"),
                            QStringLiteral("GET"),
                            m_cli.sandbox().apiUrl(path).toString(),
                            QStringLiteral("--count"),
                            QStringLiteral("5"),
                            QStringLiteral("--concurrency"),
                            QStringLiteral("5"),
                            QStringLiteral("--json"),
                            QStringLiteral("--refresh-timeout"),
                            RefreshTimeoutSec}
        + m_cli.clientArgs() + storeArgs(store);
    }
    // The client secret but no password: a process cannot sign in again by itself.
    QProcessEnvironment environment() const
    {
        return isolatedCliEnvironment(m_cli.home(), m_cli.sandbox().config().clientSecret);
    }
    CliRun cli(const QStringList &arguments) const { return m_cli.run(arguments, environment()); }
    // generation and token fingerprints as `token show --json` prints them.
    QJsonObject shown(const QString &store) const
    {
        const CliRun show = cli(
            QStringList {QStringLiteral("token"), QStringLiteral("show"), QStringLiteral("--json")}
            + storeArgs(store));
        if (show.exitCode != 0)
            qWarning("%s", qPrintable(show.describe()));
        return QJsonDocument::fromJson(show.out).object();
    }
    static bool sameSet(const QJsonObject &a, const QJsonObject &b)
    {
        return a.value(QStringLiteral("generation")) == b.value(QStringLiteral("generation"))
            && a.value(QStringLiteral("access_token")) == b.value(QStringLiteral("access_token"))
            && a.value(QStringLiteral("refresh_token")) == b.value(QStringLiteral("refresh_token"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cli.findBinary(&error), qPrintable(error));
        // Before anything touches D-Bus: this process and its children use the private bus.
        QVERIFY2(m_keyring.start(&error), qPrintable(error));
        m_redis = std::make_unique<RedisServer>();
        QVERIFY2(m_redis->start(&error), qPrintable(error));
    }

    void init()
    {
        ++m_row;
        QCOMPARE(m_redis->cli({QStringLiteral("FLUSHALL")}), QByteArray("OK"));
        QString error;
        QVERIFY2(m_cli.startTest({}, &error), qPrintable(error));
        m_cli.sandbox().setReuseDetection(true);
    }
    void cleanup() { m_cli.stopTest(); }

    void killedMidRefresh_nextProcessRecovers_data()
    {
        QTest::addColumn<QString>("store");
        QTest::addColumn<KillAt>("killAt");
        for (const char *store : {"keychain", "redis"}) {
            QTest::addRow("%s, rotated, answer held", store)
                << QString::fromLatin1(store) << KillAt::AnswerHeld;
            QTest::addRow("%s, no rotation, answer held", store)
                << QString::fromLatin1(store) << KillAt::AnswerHeldNoRotation;
            QTest::addRow("%s, after storing", store)
                << QString::fromLatin1(store) << KillAt::AfterStoring;
        }
    }
    void killedMidRefresh_nextProcessRecovers()
    {
        QFETCH(QString, store);
        QFETCH(KillAt, killAt);
        m_cli.sandbox().setRotation(killAt != KillAt::AnswerHeldNoRotation);
        // Signed in with tokens another tool got: the profile has no grant to sign in again
        // with, so a dead refresh token cannot be hidden behind a silent sign-in.
        const QString tokensFile = QDir(m_cli.home()).filePath(QStringLiteral("tokens.json"));
        {
            const QByteArray response = passwordGrantResponse(m_cli.sandbox());
            QFile file(tokensFile);
            QVERIFY(!response.isEmpty() && file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(response), response.size());
        }
        const CliRun login =
            cli(QStringList {QStringLiteral("login"), QStringLiteral("--tokens"), tokensFile}
                + m_cli.clientArgs() + storeArgs(store));
        QVERIFY2(login.exitCode == 0, qPrintable(login.describe()));
        const QJsonObject before = shown(store);
        QCOMPARE(before.value(QStringLiteral("generation")).toInt(), 1);

        m_cli.sandbox().expireAllTokens();
        m_cli.sandbox().resetCounters();
        // Held back long enough for the kill, not so long that a store write could follow.
        m_cli.sandbox().setTokenDelay(killAt == KillAt::AfterStoring ? 0 : 60000);
        QProcess victim;
        victim.setProcessEnvironment(environment());
        // Its replays are slow, so that it is still running when its new tokens are stored.
        victim.start(m_cli.binary(), sendArgs(store, QStringLiteral("/api/slow?ms=20000")));
        QVERIFY(victim.waitForStarted());
        if (killAt == KillAt::AfterStoring) {
            // Killed once the new generation is stored, before it is done with its requests
            // (or just after: the outcome must be the same).
            QVERIFY(QTest::qWaitFor(
                [&] {
                    return m_cli.sandbox().counters().refreshes >= 1
                        && shown(store).value(QStringLiteral("generation")).toInt() == 2;
                },
                30000));
        } else {
            // The grant happened at the server; its answer has not been sent.
            QVERIFY2(QTest::qWaitFor([&] { return m_cli.sandbox().counters().refreshGrants >= 1; },
                                     30000),
                     victim.readAllStandardError().constData());
        }
        const qint64 pid = victim.processId();
        QVERIFY2(victim.state() != QProcess::NotRunning && pid > 0,
                 victim.readAllStandardError().constData());
        ::kill(pid_t(pid), SIGKILL);
        QVERIFY(QTest::qWaitFor([&] { return victim.state() == QProcess::NotRunning; }, 10000));
        const int refreshGrantsByVictim = m_cli.sandbox().counters().refreshGrants;
        QCOMPARE(refreshGrantsByVictim, 1);

        // What is stored is one generation or the other, whole.
        const QJsonObject afterKill = shown(store);
        const int generation = afterKill.value(QStringLiteral("generation")).toInt();
        if (killAt == KillAt::AfterStoring) {
            QCOMPARE(generation, 2);
            QVERIFY(afterKill.value(QStringLiteral("refresh_token"))
                    != before.value(QStringLiteral("refresh_token")));
        } else {
            QVERIFY2(sameSet(afterKill, before),
                     qPrintable(QString::fromUtf8(QJsonDocument(afterKill).toJson())));
        }

        m_cli.sandbox().setTokenDelay(0);
        const CliRun next = cli(sendArgs(store));
        const int moreRefreshes = m_cli.sandbox().counters().refreshGrants - refreshGrantsByVictim;
        QVERIFY2(next.finished, qPrintable(next.describe()));
        if (killAt == KillAt::AnswerHeld) {
            // The killed refresh used the refresh token up: one more attempt finds it reused,
            // and the user is told to sign in again.
            QVERIFY2(next.exitCode != 0, qPrintable(next.describe()));
            QVERIFY2(next.err.contains("sign in again"), qPrintable(next.describe()));
            QCOMPARE(moreRefreshes, 1);
            QCOMPARE(m_cli.sandbox().counters().reuseDetections, 1);
        } else {
            // Without rotation one refresh recovers; a stored new generation serves at once.
            QVERIFY2(next.exitCode == 0, qPrintable(next.describe()));
            QCOMPARE(QJsonDocument::fromJson(next.out).object().value(QStringLiteral("ok")).toInt(),
                     5);
            QCOMPARE(moreRefreshes, killAt == KillAt::AfterStoring ? 0 : 1);
        }
        QVERIFY(m_cli.sandbox().counters().reuseDetections <= 1);

        // No loop: one more run asks the server at most once more and ends the same way.
        const int grantsBefore = m_cli.sandbox().counters().refreshGrants;
        const CliRun again = cli(sendArgs(store));
        QVERIFY2(again.finished, qPrintable(again.describe()));
        QCOMPARE(again.exitCode == 0, next.exitCode == 0);
        QVERIFY(m_cli.sandbox().counters().refreshGrants <= grantsBefore + 1);
        QVERIFY(m_cli.sandbox().counters().reuseDetections <= 1);
        const QJsonObject last = shown(store);
        QVERIFY(last.value(QStringLiteral("generation")).toInt() >= generation);
    }
};

QTEST_GUILESS_MAIN(tst_FaultsKillRefresh)
#include "tst_faults_killrefresh.moc"
