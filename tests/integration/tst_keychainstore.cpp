// KeychainTokenStore against a real gnome-keyring on a private D-Bus session bus: round trips,
// foreign values left alone, the refresh lease between store instances and real processes
// (including one that crashes), change notification through the generation file, a clear
// answer and no plaintext anywhere without a keyring, one refresh per expiry for two clients, and
// the same process using the keyring again after its daemon was killed and restarted.
#include "auth/clock.h"
#include "clientstack.h"
#include "keyringsession.h"
#include "log/fingerprint.h"
#include "sandbox/sandbox.h"
#include "store/keychaintokenstore.h"
#include "store/profilelock.h"
#include "store/storekeysource.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QLockFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <qt6keychain/keychain.h>

#include <csignal>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

const QString Service = QStringLiteral("keyway-test");

QString randomHex()
{
    return QString::number(QRandomGenerator::global()->generate64(), 16);
}

TokenSet tokensAt(quint64 generation)
{
    TokenSet tokens;
    tokens.accessToken = QStringLiteral("at-%1-%2").arg(generation).arg(randomHex());
    tokens.refreshToken = QStringLiteral("rt-%1-%2").arg(generation).arg(randomHex());
    tokens.scope = QStringLiteral("read write");
    tokens.obtainedAtMs = 1700000000000;
    tokens.expiresAtMs = 1700003600000;
    tokens.generation = generation;
    return tokens;
}

// Runs one store operation and waits for its answer.
template<typename Start> std::optional<StoreResult> await(Start start, int timeoutMs = 15000)
{
    std::optional<StoreResult> result;
    QObject context;
    start(&context, [&result](const StoreResult &r) { result = r; });
    (void)QTest::qWaitFor([&result] { return result.has_value(); }, timeoutMs);
    return result;
}

// Reads or writes a keychain entry directly, as another program would.
QKeychain::Error writeRaw(const QString &key, const QString &value)
{
    auto *job = new QKeychain::WritePasswordJob(Service);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setTextData(value);
    std::optional<QKeychain::Error> error;
    QObject context;
    QObject::connect(job, &QKeychain::Job::finished, &context,
                     [&error](QKeychain::Job *done) { error = done->error(); });
    job->start();
    (void)QTest::qWaitFor([&error] { return error.has_value(); }, 15000);
    return error.value_or(QKeychain::OtherError);
}

std::optional<QString> readRaw(const QString &key)
{
    auto *job = new QKeychain::ReadPasswordJob(Service);
    job->setAutoDelete(true);
    job->setKey(key);
    bool done = false;
    std::optional<QString> value;
    QObject context;
    QObject::connect(job, &QKeychain::Job::finished, &context, [&](QKeychain::Job *finished) {
        done = true;
        if (finished->error() == QKeychain::NoError)
            value = static_cast<QKeychain::ReadPasswordJob *>(finished)->textData();
    });
    job->start();
    (void)QTest::qWaitFor([&done] { return done; }, 15000);
    return value;
}

// Every file under `root` that contains any of `needles`.
QStringList filesContaining(const QString &root, const QStringList &needles)
{
    QStringList found;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray content = file.readAll();
        for (const QString &needle : needles) {
            if (content.contains(needle.toUtf8()))
                found.append(path);
        }
    }
    return found;
}

// waitForFinished() says false for a process that has already ended.
bool finished(QProcess &process, int timeoutMs)
{
    return process.state() == QProcess::NotRunning || process.waitForFinished(timeoutMs);
}

// A PID that no process has now.
qint64 deadPid()
{
    for (qint64 pid = 4000000; pid > 1000; pid -= 7919) {
        if (::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
            return pid;
    }
    return 0;
}

} // namespace

class tst_KeychainStore : public QObject
{
    Q_OBJECT

    KeyringSession m_keyring;
    QObject m_context;
    QString m_holder;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_profile;

    QString dataDir() const { return m_dir->filePath(QStringLiteral("data")); }
    QString lockPath() const
    {
        return QDir(dataDir()).filePath(ProfileLock::fileStem(m_profile) + QStringLiteral(".lock"));
    }

    std::unique_ptr<KeychainTokenStore> newStore() const
    {
        return std::make_unique<KeychainTokenStore>(Service, dataDir());
    }

    static std::optional<StoreResult> load(TokenStore &store, const QString &profile)
    {
        return await([&](QObject *context, TokenStore::Callback callback) {
            store.load(profile, context, std::move(callback));
        });
    }
    static std::optional<StoreResult> swap(TokenStore &store, const QString &profile,
                                           quint64 expected, const TokenSet &next)
    {
        return await([&](QObject *context, TokenStore::Callback callback) {
            store.compareAndSwap(profile, expected, next, context, std::move(callback));
        });
    }
    static std::optional<StoreResult> clear(TokenStore &store, const QString &profile)
    {
        return await([&](QObject *context, TokenStore::Callback callback) {
            store.clear(profile, context, std::move(callback));
        });
    }
    static std::optional<StoreResult> lease(TokenStore &store, const QString &profile,
                                            const QString &owner, qint64 ttlMs)
    {
        return await([&](QObject *context, TokenStore::Callback callback) {
            store.acquireLease(profile, owner, ttlMs, context, std::move(callback));
        });
    }

    // The helper process, started and past its first line of output.
    std::unique_ptr<QProcess>
    startHolder(const QStringList &arguments, QByteArray *firstLine,
                const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(env);
        process->start(m_holder, QStringList {Service, dataDir(), m_profile} + arguments);
        if (!process->waitForStarted(10000))
            return process;
        (void)QTest::qWaitFor(
            [&] { return process->canReadLine() || process->state() == QProcess::NotRunning; },
            20000);
        *firstLine = process->readLine().trimmed();
        return process;
    }

    // Two clients of one profile over two keychain store instances, against a sandbox that
    // rotates refresh tokens and detects reuse; b has loaded what a signed in with.
    struct TwoClients
    {
        std::unique_ptr<Sandbox> sandbox;
        std::unique_ptr<KeychainTokenStore> storeA;
        std::unique_ptr<KeychainTokenStore> storeB;
        std::unique_ptr<ClientStack> a;
        std::unique_ptr<ClientStack> b;
    };
    bool twoClients(TwoClients *clients, QString *error) const
    {
        SandboxConfig config;
        config.rotateRefreshTokens = true;
        config.reuseDetection = true;
        clients->sandbox = std::make_unique<Sandbox>(config);
        if (!clients->sandbox->start(error))
            return false;
        Profile profile = ClientStack::profileFor(*clients->sandbox);
        profile.name = m_profile;
        clients->storeA = newStore();
        clients->storeB = newStore();
        clients->a = std::make_unique<ClientStack>(*clients->sandbox, SystemClock::instance(),
                                                   profile, clients->storeA.get());
        clients->b = std::make_unique<ClientStack>(*clients->sandbox, SystemClock::instance(),
                                                   profile, clients->storeB.get());
        return ClientStack::signInAndFollow(*clients->a, *clients->b, error);
    }
    // Every token expired, 20 calls from each client: all succeed on one refresh at the server,
    // with no reuse and no new sign-in, and both clients end on one generation. Returns what is
    // wrong; empty when all holds.
    static QString expiryCycle(TwoClients &clients)
    {
        Sandbox &sandbox = *clients.sandbox;
        sandbox.expireAllTokens();
        sandbox.resetCounters();
        QList<ApiCall *> calls;
        for (int i = 0; i < 20; ++i) {
            calls.append(clients.a->send("GET", QStringLiteral("/api/items")));
            calls.append(clients.b->send("GET", QStringLiteral("/api/items")));
        }
        if (!ClientStack::waitAll(calls, 60000))
            return QStringLiteral("the calls did not finish");
        QString wrong;
        for (ApiCall *call : std::as_const(calls)) {
            if (!call->isSuccess() && wrong.isEmpty())
                wrong = QStringLiteral("a call failed: %1 %2")
                            .arg(call->httpStatus())
                            .arg(call->errorString());
        }
        qDeleteAll(calls);
        const SandboxCounters counters = sandbox.counters();
        if (wrong.isEmpty()
            && (counters.refreshes != 1 || counters.reuseDetections != 0
                || counters.passwordGrants != 0))
            wrong = QStringLiteral("refreshes %1, reuse detections %2, password grants %3")
                        .arg(counters.refreshes)
                        .arg(counters.reuseDetections)
                        .arg(counters.passwordGrants);
        if (wrong.isEmpty()
            && clients.a->tokens->tokens().generation != clients.b->tokens->tokens().generation)
            wrong = QStringLiteral("the clients hold generations %1 and %2")
                        .arg(clients.a->tokens->tokens().generation)
                        .arg(clients.b->tokens->tokens().generation);
        return wrong;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QString error;
        QVERIFY2(m_keyring.start(&error), qPrintable(error));
        m_holder = QCoreApplication::applicationDirPath() + QStringLiteral("/keychain_lock_holder");
        QVERIFY2(QFile::exists(m_holder),
                 qPrintable(m_holder + QStringLiteral(" is missing: build keychain_lock_holder")));
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_profile = QStringLiteral("tst-%1-%2")
                        .arg(QString::fromLatin1(QTest::currentTestFunction()), randomHex());
    }

    void cleanup()
    {
        auto store = newStore();
        clear(*store, m_profile);
        m_dir.reset();
    }

    void describe_namesTheBackend()
    {
        QCOMPARE(newStore()->describe(), QStringLiteral("keychain (Secret Service)"));
    }

    void roundTrip_storesUpdatesAndClears()
    {
        auto store = newStore();
        auto empty = load(*store, m_profile);
        QVERIFY(empty);
        QCOMPARE(empty->status, StoreResult::Status::Ok);
        QVERIFY(!empty->tokens);

        const TokenSet first = tokensAt(1);
        auto stored = swap(*store, m_profile, 0, first);
        QVERIFY(stored);
        QVERIFY2(stored->ok(), qPrintable(stored->message));

        // A new instance (another process would do the same) reads it back field by field.
        auto other = newStore();
        auto loaded = load(*other, m_profile);
        QVERIFY(loaded && loaded->ok() && loaded->tokens);
        QCOMPARE(loaded->tokens->accessToken, first.accessToken);
        QCOMPARE(loaded->tokens->refreshToken, first.refreshToken);
        QCOMPARE(loaded->tokens->scope, first.scope);
        QCOMPARE(loaded->tokens->obtainedAtMs, first.obtainedAtMs);
        QCOMPARE(loaded->tokens->expiresAtMs, first.expiresAtMs);
        QCOMPARE(loaded->tokens->generation, quint64(1));

        const TokenSet second = tokensAt(2);
        auto updated = swap(*other, m_profile, 1, second);
        QVERIFY(updated && updated->ok());
        // The first store still expects generation 1: it loses and is handed the winner.
        auto lost = swap(*store, m_profile, 1, tokensAt(2));
        QVERIFY(lost);
        QCOMPARE(lost->status, StoreResult::Status::Conflict);
        QVERIFY(lost->tokens);
        QCOMPARE(lost->tokens->accessToken, second.accessToken);

        auto cleared = clear(*store, m_profile);
        QVERIFY(cleared && cleared->ok());
        auto gone = load(*other, m_profile);
        QVERIFY(gone && gone->ok());
        QVERIFY(!gone->tokens);
        // Clearing what is not there is fine too.
        auto again = clear(*store, m_profile);
        QVERIFY(again && again->ok());
    }

    void compareAndSwap_twoWritersOnOneGeneration_oneWins()
    {
        auto a = newStore();
        auto b = newStore();
        std::optional<StoreResult> fromA, fromB;
        QObject context;
        a->compareAndSwap(m_profile, 0, tokensAt(1), &context,
                          [&](const StoreResult &r) { fromA = r; });
        b->compareAndSwap(m_profile, 0, tokensAt(1), &context,
                          [&](const StoreResult &r) { fromB = r; });
        QTRY_VERIFY_WITH_TIMEOUT(fromA && fromB, 15000);
        QCOMPARE(int(fromA->ok()) + int(fromB->ok()), 1);
        const StoreResult &loser = fromA->ok() ? *fromB : *fromA;
        QCOMPARE(loser.status, StoreResult::Status::Conflict);
    }

    void foreignValue_isCorruptAndNeverOverwritten_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("plain text") << QStringLiteral("hunter2-not-json");
        QTest::newRow("other JSON") << QStringLiteral("{\"token\":\"someone-elses-secret\"}");
        QTest::newRow("truncated") << QStringLiteral("{\"kind\":\"keyway.tokenset\",\"vers");
        QTest::newRow("future version")
            << QStringLiteral("{\"kind\":\"keyway.tokenset\",\"version\":99,"
                              "\"generation\":\"5\",\"access_token\":\"future-secret\"}");
        QTest::newRow("no access token")
            << QStringLiteral("{\"kind\":\"keyway.tokenset\",\"version\":1,"
                              "\"generation\":\"5\"}");
    }
    void foreignValue_isCorruptAndNeverOverwritten()
    {
        QFETCH(QString, value);
        QCOMPARE(writeRaw(m_profile, value), QKeychain::NoError);
        auto store = newStore();

        auto loaded = load(*store, m_profile);
        QVERIFY(loaded);
        QCOMPARE(loaded->status, StoreResult::Status::Corrupt);
        QVERIFY2(loaded->message.contains(QLatin1String("does not hold a Keyway token set")),
                 qPrintable(loaded->message));
        QVERIFY2(loaded->message.contains(m_profile), qPrintable(loaded->message));
        QVERIFY(!loaded->message.contains(value));

        for (quint64 expected : {quint64(0), quint64(5)}) {
            auto swapped = swap(*store, m_profile, expected, tokensAt(expected + 1));
            QVERIFY(swapped);
            QCOMPARE(swapped->status, StoreResult::Status::Corrupt);
        }
        QCOMPARE(readRaw(m_profile), std::optional<QString>(value));

        // Only clear removes it; then the profile is usable again.
        auto cleared = clear(*store, m_profile);
        QVERIFY(cleared && cleared->ok());
        QCOMPARE(readRaw(m_profile), std::nullopt);
        auto stored = swap(*store, m_profile, 0, tokensAt(1));
        QVERIFY(stored && stored->ok());
    }

    void deadGrant_seenByOtherInstancesUntilNewTokensOrExpiry()
    {
        auto a = newStore();
        auto b = newStore();
        QVERIFY(swap(*a, m_profile, 0, tokensAt(1))->ok());
        const QString dead = QStringLiteral("invalid_grant: the refresh token was revoked");
        a->recordTerminalError(m_profile, dead, 60000);
        auto loaded = load(*b, m_profile);
        QVERIFY(loaded && loaded->ok());
        QCOMPARE(loaded->terminalError, dead);

        // New tokens are not dead.
        QVERIFY(swap(*b, m_profile, 1, tokensAt(2))->ok());
        QVERIFY(load(*a, m_profile)->terminalError.isEmpty());

        // And the memory of a dead grant fades by itself.
        a->recordTerminalError(m_profile, dead, 300);
        QCOMPARE(load(*b, m_profile)->terminalError, dead);
        QTest::qWait(400);
        QVERIFY(load(*b, m_profile)->terminalError.isEmpty());
    }

    void lease_busyForAnotherInstanceUntilReleased()
    {
        auto holder = newStore();
        auto other = newStore();
        auto taken = lease(*holder, m_profile, QStringLiteral("owner-1"), 30000);
        QVERIFY(taken && taken->ok());
        QVERIFY(QFile::exists(lockPath()));
        // The same owner may ask again; a second owner of the same instance may not.
        auto again = lease(*holder, m_profile, QStringLiteral("owner-1"), 30000);
        QVERIFY(again && again->ok());
        auto sameStore = lease(*holder, m_profile, QStringLiteral("owner-2"), 30000);
        QVERIFY(sameStore);
        QCOMPARE(sameStore->status, StoreResult::Status::Busy);
        auto busy = lease(*other, m_profile, QStringLiteral("owner-3"), 30000);
        QVERIFY(busy);
        QCOMPARE(busy->status, StoreResult::Status::Busy);

        // Only the holder's owner releases it.
        other->releaseLease(m_profile, QStringLiteral("owner-3"));
        holder->releaseLease(m_profile, QStringLiteral("owner-2"));
        auto stillBusy = lease(*other, m_profile, QStringLiteral("owner-3"), 30000);
        QVERIFY(stillBusy);
        QCOMPARE(stillBusy->status, StoreResult::Status::Busy);

        holder->releaseLease(m_profile, QStringLiteral("owner-1"));
        QVERIFY(!QFile::exists(lockPath()));
        auto free = lease(*other, m_profile, QStringLiteral("owner-3"), 30000);
        QVERIFY(free && free->ok());
        other->releaseLease(m_profile, QStringLiteral("owner-3"));
    }

    void lease_endsAfterItsTtlWhenNeverReleased()
    {
        // An owner that goes away without releasing (or hangs) blocks the others for the lease's
        // time only, also within one live process that keeps its lock file.
        auto holder = newStore();
        auto other = newStore();
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("was not released within 400 ms")));
        QVERIFY(lease(*holder, m_profile, QStringLiteral("forgetful"), 400)->ok());
        QCOMPARE(lease(*other, m_profile, QStringLiteral("next"), 400)->status,
                 StoreResult::Status::Busy);
        QElapsedTimer timer;
        timer.start();
        std::optional<StoreResult> taken;
        while (timer.elapsed() < 3000) {
            taken = lease(*other, m_profile, QStringLiteral("next"), 60000);
            if (taken && taken->ok())
                break;
            QTest::qWait(50);
        }
        QVERIFY(taken && taken->ok());
        QVERIFY(timer.elapsed() >= 300);
        // The late release of the old owner does not end the new owner's lease.
        holder->releaseLease(m_profile, QStringLiteral("forgetful"));
        QCOMPARE(lease(*holder, m_profile, QStringLiteral("third"), 60000)->status,
                 StoreResult::Status::Busy);
        other->releaseLease(m_profile, QStringLiteral("next"));
    }

    void lease_writesOfTheHolderGoThrough()
    {
        // compareAndSwap takes the lock itself, and must not trip over the lease of its own store.
        auto store = newStore();
        auto taken = lease(*store, m_profile, QStringLiteral("owner"), 30000);
        QVERIFY(taken && taken->ok());
        auto stored = swap(*store, m_profile, 0, tokensAt(1));
        QVERIFY(stored && stored->ok());
        QVERIFY(QFile::exists(lockPath())); // still the lease's
        store->releaseLease(m_profile, QStringLiteral("owner"));
        QVERIFY(!QFile::exists(lockPath()));
    }

    void write_waitsForAnotherInstancesLease()
    {
        auto holder = newStore();
        auto writer = newStore();
        QVERIFY(lease(*holder, m_profile, QStringLiteral("owner"), 30000)->ok());
        std::optional<StoreResult> written;
        QObject context;
        writer->compareAndSwap(m_profile, 0, tokensAt(1), &context,
                               [&](const StoreResult &r) { written = r; });
        QTest::qWait(300);
        QVERIFY2(!written, "the write went ahead under another instance's lease");
        holder->releaseLease(m_profile, QStringLiteral("owner"));
        QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 10000);
        QVERIFY2(written->ok(), qPrintable(written->message));
    }

    void staleLock_ofDeadProcess_recoveredAtOnce()
    {
        // A lock file exactly as QLockFile writes it, but for a PID that does not exist.
        QDir().mkpath(dataDir());
        QByteArray content;
        {
            QLockFile sample(m_dir->filePath(QStringLiteral("sample.lock")));
            QVERIFY(sample.tryLock(0));
            QFile file(m_dir->filePath(QStringLiteral("sample.lock")));
            QVERIFY(file.open(QIODevice::ReadOnly));
            content = file.readAll();
        }
        const qint64 pid = deadPid();
        QVERIFY(pid);
        content = QByteArray::number(pid) + content.mid(content.indexOf('\n'));
        QFile lock(lockPath());
        QVERIFY(lock.open(QIODevice::WriteOnly));
        lock.write(content);
        lock.close();

        auto store = newStore();
        QElapsedTimer timer;
        timer.start();
        auto taken = lease(*store, m_profile, QStringLiteral("owner"), 60000);
        QVERIFY(taken);
        QVERIFY2(taken->ok(), qPrintable(taken->message));
        QVERIFY(timer.elapsed() < 5000);
        store->releaseLease(m_profile, QStringLiteral("owner"));
    }

    void staleLock_leftoverFile_recoveredWithinStaleTime()
    {
        // A lock file nobody holds and nobody can be identified from: only its age frees it.
        QDir().mkpath(dataDir());
        QFile lock(lockPath());
        QVERIFY(lock.open(QIODevice::WriteOnly));
        lock.write("not a lock file we know\n");
        lock.close();

        constexpr qint64 StaleMs = 1500;
        auto store = newStore();
        QElapsedTimer timer;
        timer.start();
        auto first = lease(*store, m_profile, QStringLiteral("owner"), StaleMs);
        QVERIFY(first);
        QCOMPARE(first->status, StoreResult::Status::Busy);
        std::optional<StoreResult> taken;
        while (timer.elapsed() < StaleMs + 3000) {
            taken = lease(*store, m_profile, QStringLiteral("owner"), StaleMs);
            if (taken && taken->ok())
                break;
            QTest::qWait(100);
        }
        QVERIFY(taken && taken->ok());
        QVERIFY2(timer.elapsed() <= StaleMs + 3000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(timer.elapsed() >= StaleMs - 200);
        store->releaseLease(m_profile, QStringLiteral("owner"));
    }

    void sidecar_newGenerationReachesAnotherInstance()
    {
        auto writer = newStore();
        auto reader = newStore();
        QSignalSpy writerSpy(writer.get(), &TokenStore::changed);
        QSignalSpy readerSpy(reader.get(), &TokenStore::changed);
        const TokenSet tokens = tokensAt(1);
        QVERIFY(swap(*writer, m_profile, 0, tokens)->ok());
        QTRY_VERIFY_WITH_TIMEOUT(!readerSpy.isEmpty(), 5000);
        QCOMPARE(readerSpy.last().at(0).toString(), m_profile);
        QCOMPARE(readerSpy.last().at(1).toULongLong(), quint64(1));
        // The writer tells its own users once, not again through its watcher.
        QTest::qWait(200);
        QCOMPARE(writerSpy.size(), 1);

        // The generation file holds the number and nothing else.
        QFile sidecar(QDir(dataDir()).filePath(ProfileLock::fileStem(m_profile)
                                               + QStringLiteral(".generation")));
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        QCOMPARE(sidecar.readAll(), QByteArray("1\n"));
        QVERIFY(
            filesContaining(m_dir->path(), {tokens.accessToken, tokens.refreshToken}).isEmpty());

        readerSpy.clear();
        QVERIFY(swap(*writer, m_profile, 1, tokensAt(2))->ok());
        QTRY_VERIFY_WITH_TIMEOUT(!readerSpy.isEmpty(), 5000);
        QCOMPARE(readerSpy.last().at(1).toULongLong(), quint64(2));
        readerSpy.clear();
        QVERIFY(clear(*writer, m_profile)->ok());
        QTRY_VERIFY_WITH_TIMEOUT(!readerSpy.isEmpty(), 5000);
        QCOMPARE(readerSpy.last().at(1).toULongLong(), quint64(0));
    }

    void sidecar_newGenerationFromAnotherProcess()
    {
        auto reader = newStore();
        QSignalSpy spy(reader.get(), &TokenStore::changed);
        QByteArray line;
        auto process = startHolder({QStringLiteral("store"), QStringLiteral("0"),
                                    QStringLiteral("7"), QStringLiteral("at-from-child")},
                                   &line);
        QVERIFY2(line.startsWith("store ok 7"), line.constData());
        QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty(), 5000);
        QCOMPARE(spy.last().at(0).toString(), m_profile);
        QCOMPARE(spy.last().at(1).toULongLong(), quint64(7));
        auto loaded = load(*reader, m_profile);
        QVERIFY(loaded && loaded->ok() && loaded->tokens);
        QCOMPARE(loaded->tokens->accessToken, QStringLiteral("at-from-child"));
        QVERIFY(finished(*process, 10000));
    }

    void otherProcess_holdsLeaseUntilItReleases()
    {
        QByteArray line;
        auto process = startHolder({QStringLiteral("hold"), QStringLiteral("60000")}, &line);
        QCOMPARE(line, QByteArray("held"));
        auto store = newStore();
        auto busy = lease(*store, m_profile, QStringLiteral("owner"), 60000);
        QVERIFY(busy);
        QCOMPARE(busy->status, StoreResult::Status::Busy);
        // The answer says who holds it.
        QVERIFY2(
            busy->message.contains(
                QStringLiteral("keychain_lock_holder (process %1 on ").arg(process->processId())),
            qPrintable(busy->message));

        process->closeWriteChannel();
        QVERIFY(finished(*process, 10000));
        QCOMPARE(process->exitCode(), 0);
        auto taken = lease(*store, m_profile, QStringLiteral("owner"), 60000);
        QVERIFY(taken && taken->ok());
        store->releaseLease(m_profile, QStringLiteral("owner"));
    }

    void otherProcess_aliveHolderKeepsLeasePastStaleTime()
    {
        // A lock file older than the stale time is not taken from a live holder (it keeps it
        // for its own lease time): the stale time frees locks of holders that are gone.
        QByteArray line;
        auto process = startHolder({QStringLiteral("hold"), QStringLiteral("60000")}, &line);
        QCOMPARE(line, QByteArray("held"));
        QTest::qWait(1200);
        auto store = newStore();
        auto busy = lease(*store, m_profile, QStringLiteral("owner"), 500);
        QVERIFY(busy);
        QCOMPARE(busy->status, StoreResult::Status::Busy);
        process->closeWriteChannel();
        QVERIFY(finished(*process, 10000));
    }

    void otherProcess_crashedHolderBlocksNoLongerThanStaleTime()
    {
        constexpr qint64 StaleMs = 3000;
        QByteArray line;
        auto process = startHolder({QStringLiteral("crash"), QString::number(StaleMs)}, &line);
        QCOMPARE(line, QByteArray("held"));
        QVERIFY(finished(*process, 10000));
        QCOMPARE(process->exitStatus(), QProcess::CrashExit);
        QVERIFY2(QFile::exists(lockPath()), "the crashed holder left no lock file to recover");

        QElapsedTimer timer;
        timer.start();
        auto store = newStore();
        std::optional<StoreResult> taken;
        while (timer.elapsed() < StaleMs + 2000) {
            taken = lease(*store, m_profile, QStringLiteral("owner"), StaleMs);
            if (taken && taken->ok())
                break;
            QTest::qWait(100);
        }
        QVERIFY(taken && taken->ok());
        QVERIFY2(timer.elapsed() <= StaleMs, qPrintable(QString::number(timer.elapsed())));
        store->releaseLease(m_profile, QStringLiteral("owner"));
    }

    void noKeyring_unavailableWithClearMessageAndNothingInPlaintext_data()
    {
        QTest::addColumn<bool>("withBus");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no session bus") << false << QStringLiteral("no D-Bus session bus");
        QTest::newRow("no Secret Service")
            << true << QStringLiteral("no Secret Service on the D-Bus session bus");
    }
    void noKeyring_unavailableWithClearMessageAndNothingInPlaintext()
    {
        QFETCH(bool, withBus);
        QFETCH(QString, expected);
        QString address = QStringLiteral("unix:path=/nonexistent");
        if (withBus) {
            QString error;
            address = m_keyring.startBareBus(&error);
            QVERIFY2(!address.isEmpty(), qPrintable(error));
        }
        // The child's whole world is in the temporary dir: home, XDG dirs and data dir.
        QDir root(m_dir->path());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), address);
        for (const char *name : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                                 "XDG_STATE_HOME", "XDG_RUNTIME_DIR", "TMPDIR"}) {
            const QString dir = root.filePath(QString::fromLatin1(name).toLower());
            root.mkpath(dir);
            QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            env.insert(QString::fromLatin1(name), dir);
        }
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        const QString secret = QStringLiteral("at-plaintext-canary-") + randomHex();

        QByteArray line;
        auto process =
            startHolder({QStringLiteral("store"), QStringLiteral("0"), QStringLiteral("1"), secret},
                        &line, env);
        QVERIFY(finished(*process, 30000));
        const QString out = QString::fromUtf8(line + '\n' + process->readAllStandardOutput());
        const QString err = QString::fromUtf8(process->readAllStandardError());
        const QString all = out + err;
        QVERIFY2(line.startsWith("store unavailable 0 "), qPrintable(all));
        QVERIFY2(out.contains(QStringLiteral("\nload unavailable 0 ")), qPrintable(all));
        QVERIFY2(out.contains(expected), qPrintable(all));
        QVERIFY2(out.contains(QLatin1String("--store memory")), qPrintable(all));
        QVERIFY2(out.contains(QLatin1String("unavailable-signals 1")), qPrintable(all));
        QVERIFY2(!all.contains(secret), qPrintable(all));

        // Nothing with the token anywhere: data dir, QSettings, QStandardPaths' test locations.
        const QStringList leaked = filesContaining(m_dir->path(), {secret});
        QVERIFY2(leaked.isEmpty(), qPrintable(leaked.join(QLatin1Char('\n'))));
        for (auto location : {QStandardPaths::GenericConfigLocation,
                              QStandardPaths::GenericDataLocation, QStandardPaths::CacheLocation}) {
            const QString dir = QStandardPaths::writableLocation(location);
            QVERIFY(filesContaining(dir, {secret}).isEmpty());
        }
        // And the keyring of this session did not get it either.
        QCOMPARE(readRaw(m_profile), std::nullopt);
    }

    void lockedKeyring_unavailableNotEmpty()
    {
        // Something is stored, then the keyring is locked: a read must not pass for "nothing
        // stored" (libsecret answers a failed unlock with "not found"), and nothing is written.
        auto store = newStore();
        QVERIFY(swap(*store, m_profile, 0, tokensAt(1))->ok());
        QString error;
        const QString address = m_keyring.startLockedKeyring(&error);
        QVERIFY2(!address.isEmpty(), qPrintable(error));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), address);
        const QString secret = QStringLiteral("at-locked-canary-") + randomHex();

        // Until the new daemon owns its bus name the answer is "no Secret Service".
        QString out;
        QElapsedTimer timer;
        timer.start();
        do {
            QByteArray line;
            auto process = startHolder(
                {QStringLiteral("store"), QStringLiteral("1"), QStringLiteral("2"), secret}, &line,
                env);
            QVERIFY(finished(*process, 30000));
            out = QString::fromUtf8(line + '\n' + process->readAllStandardOutput());
        } while (out.contains(QLatin1String("no Secret Service")) && timer.elapsed() < 15000);
        QVERIFY2(out.startsWith(QLatin1String("store unavailable 0 ")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("\nload unavailable 0 ")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("the keyring is locked")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("unavailable-signals 1")), qPrintable(out));
        QVERIFY(filesContaining(m_dir->path(), {secret}).isEmpty());
        // This session's keyring still has generation 1.
        auto loaded = load(*store, m_profile);
        QVERIFY(loaded && loaded->ok() && loaded->tokens);
        QCOMPARE(loaded->tokens->generation, quint64(1));
    }

    // ---- the store key of encrypted Redis stores ------------------------------------------

    void storeKey_madeOnceForConcurrentSources_thenReadBack()
    {
        const QString service = QStringLiteral("keyway-test-store-key-") + randomHex();
        const QProcessEnvironment noKey;
        StoreKeySource first(service, m_dir->path(), noKey);
        StoreKeySource second(service, m_dir->path(), noKey);
        QList<StoreKeySource::Result> results;
        const auto collect = [&results](const StoreKeySource::Result &r) {
            results.append(r);
        };
        StoreKeySource reader(service, m_dir->path(), noKey);
        // A machine without a key: show (IfMissing::Fail) says so and makes none.
        reader.fetch(StoreKeySource::IfMissing::Fail, &m_context, collect);
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 1, 10000);
        QVERIFY(!results.at(0).cipher);
        QVERIFY2(results.at(0).error.contains(QLatin1String("no store key yet")),
                 qPrintable(results.at(0).error));
        results.clear();

        first.fetch(StoreKeySource::IfMissing::Generate, &m_context, collect);
        second.fetch(StoreKeySource::IfMissing::Generate, &m_context, collect);
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 2, 20000);
        for (const auto &result : std::as_const(results))
            QVERIFY2(result.cipher, qPrintable(result.error));
        // Two sources racing on an empty keychain end with one key: the lock file serialised
        // them and the second read the first's.
        QCOMPARE(results.at(0).cipher->keyId(), results.at(1).cipher->keyId());
        QCOMPARE(int(results.at(0).generated) + int(results.at(1).generated), 1);
        const QString id = results.at(0).cipher->keyId();

        results.clear();
        StoreKeySource later(service, m_dir->path(), noKey);
        later.fetch(StoreKeySource::IfMissing::Fail, &m_context, collect);
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 1, 10000);
        QVERIFY2(results.at(0).cipher, qPrintable(results.at(0).error));
        QCOMPARE(results.at(0).cipher->keyId(), id);

        // An imported key replaces it for every source from then on.
        const QByteArray imported(StoreCipher::KeySize, 'i');
        QString stored = QStringLiteral("pending");
        later.store(imported, &m_context, [&stored](const QString &error) { stored = error; });
        QTRY_VERIFY_WITH_TIMEOUT(stored != QLatin1String("pending"), 10000);
        QVERIFY2(stored.isEmpty(), qPrintable(stored));
        results.clear();
        StoreKeySource afterImport(service, m_dir->path(), noKey);
        afterImport.fetch(StoreKeySource::IfMissing::Fail, &m_context, collect);
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 1, 10000);
        QCOMPARE(results.at(0).cipher->keyId(), StoreCipher::keyIdOf(imported));
    }

    void twoClients_oneRefreshPerExpiry()
    {
        TwoClients clients;
        QString error;
        QVERIFY2(twoClients(&clients, &error), qPrintable(error));
        for (int cycle = 0; cycle < 5; ++cycle) {
            const QString wrong = expiryCycle(clients);
            QVERIFY2(wrong.isEmpty(),
                     qPrintable(QStringLiteral("cycle %1: %2").arg(cycle).arg(wrong)));
        }
        // The lease did the work (one client waited for the other), not luck in timing.
        QVERIFY(clients.a->count(EventType::LeaseBusy) + clients.b->count(EventType::LeaseBusy)
                > 0);
        QCOMPARE(clients.a->count(EventType::StoreDegraded), 0);
        QCOMPARE(clients.b->count(EventType::StoreDegraded), 0);
    }

    // The daemon is killed while a refresh is at the server and restarted while the clients
    // still wait: this process reconnects to it (libsecret's connection to the killed daemon is
    // dropped and made again), the refresher stores its new tokens, the other client adopts
    // them, and the rotated refresh token is never presented twice.
    void keyringKilledMidRefresh_noFalseSuccess_tokensKept()
    {
        TwoClients clients;
        QString error;
        QVERIFY2(twoClients(&clients, &error), qPrintable(error));
        ClientStack &a = *clients.a;
        ClientStack &b = *clients.b;
        Sandbox &sandbox = *clients.sandbox;
        const TokenSet before = a.tokens->tokens();

        const QList<ApiCall *> calls = ClientStack::sendAcrossExpiry(sandbox, a, b, 25, 500);
        QVERIFY(sandbox.counters().refreshGrants >= 1); // mid-refresh
        m_keyring.killKeyring();
        // The refresher gets its answer with the daemon gone, and cannot store the new tokens.
        QTRY_VERIFY_WITH_TIMEOUT(
            a.count(EventType::StoreDegraded) + b.count(EventType::StoreDegraded) > 0, 20000);

        // The Redis store key cannot be read either: a clear error, and no new key made in its
        // place (which would make every encrypted Redis value unreadable here).
        QList<StoreKeySource::Result> keys;
        StoreKeySource source(QStringLiteral("keyway-test-store-key-") + randomHex(), m_dir->path(),
                              QProcessEnvironment());
        source.fetch(StoreKeySource::IfMissing::Generate, &m_context,
                     [&keys](const StoreKeySource::Result &result) { keys.append(result); });
        QTRY_COMPARE_WITH_TIMEOUT(keys.size(), 1, 20000);
        QVERIFY(!keys.at(0).cipher && !keys.at(0).generated);
        for (const QString &part :
             {QStringLiteral("cannot read the store key"), QStringLiteral("KEYWAY_STORE_KEY")})
            QVERIFY2(keys.at(0).error.contains(part), qPrintable(keys.at(0).error));

        QVERIFY2(m_keyring.restartKeyring(&error), qPrintable(error));
        QVERIFY(ClientStack::waitAll(calls, 60000));
        const SandboxCounters counters = sandbox.counters();
        const QString wrong = ClientStack::checkOutcomes(
            calls, counters.apiHits - counters.sent401 - counters.sent403);
        qDeleteAll(calls);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        QCOMPARE(counters.reuseDetections, 0);
        QCOMPARE(counters.refreshes, 1);
        // While the daemon was gone the clients said why they could not use the store, and the
        // refresher stored its tokens once it was back.
        QVERIFY(a.count(EventType::StoreUpdated) + b.count(EventType::StoreUpdated) > 0);
        const QList<Event> said =
            a.eventsOf(EventType::StoreDegraded) + b.eventsOf(EventType::StoreDegraded);
        QVERIFY(!said.isEmpty());
        for (const Event &event : said)
            QVERIFY2(event.message.contains(QLatin1String("Secret Service"))
                         || event.message.contains(QLatin1String("keyring"))
                         || event.message.contains(QLatin1String("keychain")),
                     qPrintable(event.message));

        // This process reads the restarted keyring: a new store instance finds the refresher's
        // generation whole, and both clients hold it.
        const TokenSet refreshed = a.tokens->tokens();
        QVERIFY(refreshed.generation > before.generation);
        QCOMPARE(b.tokens->tokens().generation, refreshed.generation);
        const auto stored = load(*newStore(), m_profile);
        QVERIFY(stored && stored->ok() && stored->tokens);
        QVERIFY(ClientStack::isOneWholeGeneration(*stored->tokens, {refreshed}));
        // ... and writes to it: the next expiry is one refresh, stored and shared.
        const QString next = expiryCycle(clients);
        QVERIFY2(next.isEmpty(), qPrintable(next));

        // A new process finds the same generation in the restarted keyring.
        QByteArray line;
        auto reader = startHolder({QStringLiteral("read")}, &line);
        const QList<QByteArray> fields = line.split(' ');
        QVERIFY2(fields.size() == 5 && fields.at(1) == "ok", line.constData());
        const TokenSet last = a.tokens->tokens();
        QCOMPARE(fields.at(2).toULongLong(), last.generation);
        QCOMPARE(fields.at(3), fingerprint(last.accessToken).toLatin1());
        QCOMPARE(fields.at(4), fingerprint(last.refreshToken).toLatin1());
    }
};

QTEST_GUILESS_MAIN(tst_KeychainStore)
#include "tst_keychainstore.moc"
