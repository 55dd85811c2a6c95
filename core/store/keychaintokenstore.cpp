#include "store/keychaintokenstore.h"

#include "collection/atomicfile.h"
#include "log/logging.h"
#include "store/generationsidecar.h"
#include "store/keychainjob.h"
#include "store/keychainproblem.h"
#include "store/keyringlock.h"
#include "store/profilelock.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace Keyway {

namespace {

// A lock file left by a process that died on another host (or without its PID on record) is
// taken over after this long when a write, not a refresh lease, needs it.
constexpr qint64 WriteLockStaleMs = 30000;
constexpr int WriteLockRetryMs = 25;

const QLatin1String OtherStore("or choose --store memory");

void answer(const QPointer<QObject> &context, const TokenStore::Callback &callback,
            const StoreResult &result)
{
    if (context)
        callback(result);
}

StoreResult withStatus(StoreResult::Status status, const QString &message)
{
    StoreResult result;
    result.status = status;
    result.message = message;
    return result;
}

} // namespace

struct KeychainTokenStore::ProfileState
{
    std::unique_ptr<ProfileLock> lock;
    QString leaseOwner; // empty: no lease
    quint64 leaseSerial = 0; // which lease a time-out belongs to
    int writeHolds = 0; // writes of this store under the lock
    std::deque<Step> queue; // writes wait here: a read-compare-write must not interleave
    bool running = false;
};

KeychainTokenStore::KeychainTokenStore(QString service, QString dataDir, QObject *parent)
    : TokenStore(parent),
      m_service(std::move(service)),
      m_dataDir(std::move(dataDir)),
      m_sidecar(new GenerationSidecar(m_dataDir, this))
{
    connect(m_sidecar, &GenerationSidecar::changed, this, &TokenStore::changed);
}

KeychainTokenStore::~KeychainTokenStore() = default;

QString KeychainTokenStore::describe() const
{
    return QStringLiteral("keychain (Secret Service)");
}

KeychainTokenStore::ProfileState &KeychainTokenStore::state(const QString &profile)
{
    auto &slot = m_profiles[profile];
    if (!slot) {
        slot = std::make_unique<ProfileState>();
        slot->lock = std::make_unique<ProfileLock>(m_dataDir, profile);
    }
    return *slot;
}

// ---- keychain access ------------------------------------------------------------------------

void KeychainTokenStore::readEntry(const QString &profile,
                                   std::function<void(const StoreResult &)> then)
{
    runKeychainJob(
        this,
        [service = m_service, profile] {
            auto *job = new QKeychain::ReadPasswordJob(service);
            job->setKey(profile);
            return job;
        },
        [this, profile, then](QKeychain::Job &done) {
            if (done.error() == QKeychain::EntryNotFound)
                checkNothingStored(profile, then);
            else
                then(interpretRead(profile, done));
        });
}

void KeychainTokenStore::checkNothingStored(const QString &profile,
                                            std::function<void(const StoreResult &)> then)
{
    checkKeyringLocked(this, [this, profile, then](bool locked) {
        if (locked) {
            then(unavailable(
                QStringLiteral("cannot read the tokens of profile '%1' from the keychain: %2")
                    .arg(profile,
                         keychainProblem(OtherStore, QKeychain::AccessDenied,
                                         QStringLiteral("its default collection is "
                                                        "locked")))));
            return;
        }
        noteAvailable();
        then({});
    });
}

StoreResult KeychainTokenStore::interpretRead(const QString &profile, const QKeychain::Job &job)
{
    switch (job.error()) {
    case QKeychain::NoError: break;
    case QKeychain::EntryNotFound: noteAvailable(); return {};
    default:
        return unavailable(
            QStringLiteral("cannot read the tokens of profile '%1' from the "
                           "keychain: %2")
                .arg(profile, keychainProblem(OtherStore, job.error(), job.errorString())));
    }
    noteAvailable();
    const auto &read = static_cast<const QKeychain::ReadPasswordJob &>(job);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(read.textData().toUtf8(), &parseError);
    QString problem;
    std::optional<TokenSet> tokens;
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        problem = QStringLiteral("it is not JSON");
    else
        tokens = TokenSet::fromStoredJson(doc.object(), &problem);
    if (!tokens) {
        // Never the value itself in the message: it may be someone's secret.
        return withStatus(StoreResult::Status::Corrupt,
                          QStringLiteral("the keychain entry '%1' of service '%2' does not hold a "
                                         "Keyway token set (%3); it is left untouched: sign out of "
                                         "this profile (token clear) to remove it, or delete it in "
                                         "the keyring manager (Seahorse, KWalletManager)")
                              .arg(profile, m_service, problem));
    }
    StoreResult result;
    result.tokens = std::move(tokens);
    return result;
}

StoreResult KeychainTokenStore::unavailable(const QString &message)
{
    // Said once when it happens; callers that poll (a client waiting on another) get the
    // answer every time, the log does not.
    if (m_available) {
        m_available = false;
        qCWarning(lcStore).noquote() << message;
        Q_EMIT availabilityChanged(false, message);
    } else {
        qCDebug(lcStore).noquote() << message;
    }
    return withStatus(StoreResult::Status::Unavailable, message);
}

void KeychainTokenStore::noteAvailable()
{
    if (!m_available) {
        m_available = true;
        qCInfo(lcStore) << "the keychain is reachable again";
        Q_EMIT availabilityChanged(true, QString());
    }
}

void KeychainTokenStore::publish(const QString &profile, quint64 generation)
{
    QString error;
    if (!m_sidecar->write(profile, generation, &error))
        qCWarning(lcStore).noquote() << "other processes will only see the new tokens when they "
                                        "poll:"
                                     << error;
}

// ---- one write at a time --------------------------------------------------------------------

void KeychainTokenStore::runExclusive(const QString &profile, Step step)
{
    ProfileState &s = state(profile);
    s.queue.push_back(std::move(step));
    if (!s.running)
        runNext(profile);
}

void KeychainTokenStore::runNext(const QString &profile)
{
    ProfileState &s = state(profile);
    if (s.queue.empty()) {
        s.running = false;
        return;
    }
    s.running = true;
    Step step = std::move(s.queue.front());
    s.queue.pop_front();
    step([this, profile] {
        // Queued: the finished step's own stack unwinds before the next one starts.
        QMetaObject::invokeMethod(
            this, [this, profile] { runNext(profile); }, Qt::QueuedConnection);
    });
}

void KeychainTokenStore::withWriteLock(const QString &profile,
                                       std::function<void(const StoreResult &)> then,
                                       qint64 waitedMs)
{
    // The keychain has no compare-and-swap: the profile lock makes read-compare-write atomic
    // between processes. A lease held by this store already is that lock.
    ProfileState &s = state(profile);
    if (s.lock->isHeld()) {
        ++s.writeHolds;
        then({});
        return;
    }
    QString error;
    switch (s.lock->tryAcquire(WriteLockStaleMs, &error)) {
    case ProfileLock::Outcome::Acquired:
        ++s.writeHolds;
        then({});
        return;
    case ProfileLock::Outcome::Failed:
        then(unavailable(
            QStringLiteral("cannot lock profile '%1' for writing: %2").arg(profile, error)));
        return;
    case ProfileLock::Outcome::Busy: break;
    }
    if (waitedMs >= WriteLockWaitMs) {
        then(withStatus(StoreResult::Status::Busy,
                        QStringLiteral("another process has held the lock of profile '%1' (%2) for "
                                       "more than %3 s; try again when it has finished")
                            .arg(profile, s.lock->path())
                            .arg(WriteLockWaitMs / 1000)));
        return;
    }
    QTimer::singleShot(WriteLockRetryMs, this, [this, profile, then, waitedMs] {
        withWriteLock(profile, then, waitedMs + WriteLockRetryMs);
    });
}

void KeychainTokenStore::dropWriteLock(const QString &profile)
{
    ProfileState &s = state(profile);
    if (--s.writeHolds == 0 && s.leaseOwner.isEmpty())
        s.lock->release();
}

// ---- TokenStore -----------------------------------------------------------------------------

void KeychainTokenStore::load(const QString &profile, QObject *context, Callback callback)
{
    const QPointer<QObject> guard(context);
    readEntry(profile, [this, profile, guard, callback](const StoreResult &result) {
        if (!result.ok()) {
            answer(guard, callback, result);
            return;
        }
        StoreResult withDeadGrant = result;
        withDeadGrant.terminalError = deadGrant(profile);
        answer(guard, callback, withDeadGrant);
    });
}

void KeychainTokenStore::recordTerminalError(const QString &profile, const QString &message,
                                             qint64 ttlMs)
{
    // Beside the generation file, like it free of secrets: the error text and until when it
    // holds (wall-clock time, which every process on this machine shares).
    const QString path = deadGrantPath(profile);
    const qint64 untilMs = QDateTime::currentMSecsSinceEpoch() + qMax<qint64>(1, ttlMs);
    if (const QString why =
            writeFileAtomically(path, QByteArray::number(untilMs) + '\n' + message.toUtf8());
        !why.isEmpty()) {
        qCWarning(lcStore).noquote() << "cannot record the dead grant of profile" << profile << "in"
                                     << QDir::toNativeSeparators(path) << "(" << why << ")";
    }
}

QString KeychainTokenStore::deadGrantPath(const QString &profile) const
{
    return QDir(m_dataDir).filePath(ProfileLock::fileStem(profile) + QStringLiteral(".dead"));
}

QString KeychainTokenStore::deadGrant(const QString &profile) const
{
    QFile file(deadGrantPath(profile));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray content = file.read(64 * 1024);
    const qsizetype newline = content.indexOf('\n');
    bool ok = false;
    const qint64 untilMs = content.left(newline).toLongLong(&ok);
    if (!ok || newline < 0 || QDateTime::currentMSecsSinceEpoch() >= untilMs)
        return {};
    return QString::fromUtf8(content.mid(newline + 1));
}

void KeychainTokenStore::forgetDeadGrant(const QString &profile)
{
    // New tokens (a sign-in) or none at all: an earlier refresh failure says nothing about them.
    QFile::remove(deadGrantPath(profile));
}

void KeychainTokenStore::writeExclusively(const QString &profile, QObject *context,
                                          Callback callback, std::function<void(Finish)> write)
{
    const QPointer<QObject> guard(context);
    runExclusive(profile, [=, this](Done done) {
        const auto finish = [=, this](const StoreResult &result, bool locked) {
            if (locked)
                dropWriteLock(profile);
            answer(guard, callback, result);
            done();
        };
        withWriteLock(profile, [=, this](const StoreResult &lock) {
            if (!lock.ok())
                finish(lock, false);
            else
                write([finish](const StoreResult &result) { finish(result, true); });
        });
    });
}

void KeychainTokenStore::committed(const QString &profile, const StoreResult &result,
                                   const Finish &finish)
{
    const quint64 generation = result.tokens ? result.tokens->generation : 0;
    noteAvailable();
    forgetDeadGrant(profile);
    publish(profile, generation);
    finish(result);
    Q_EMIT changed(profile, generation);
}

void KeychainTokenStore::compareAndSwap(const QString &profile, quint64 expectedGeneration,
                                        const TokenSet &next, QObject *context, Callback callback)
{
    writeExclusively(profile, context, callback, [=, this](Finish finish) {
        readEntry(profile, [=, this](const StoreResult &current) {
            if (!current.ok()) {
                finish(current); // Unavailable, or Corrupt: never overwritten here
                return;
            }
            const quint64 stored = current.tokens ? current.tokens->generation : 0;
            if (stored != expectedGeneration) {
                StoreResult conflict = current;
                conflict.status = StoreResult::Status::Conflict;
                conflict.message = current.tokens
                    ? QStringLiteral("generation %1 is stored, not %2")
                          .arg(stored)
                          .arg(expectedGeneration)
                    : QStringLiteral("the tokens of profile '%1' were removed meanwhile")
                          .arg(profile);
                finish(conflict);
                return;
            }
            const QString text = QString::fromUtf8(
                QJsonDocument(next.toStoredJson()).toJson(QJsonDocument::Compact));
            const auto write = [service = m_service, profile, text] {
                auto *job = new QKeychain::WritePasswordJob(service);
                job->setKey(profile);
                job->setTextData(text);
                return job;
            };
            runKeychainJob(this, write, [=, this](QKeychain::Job &written) {
                if (written.error() != QKeychain::NoError) {
                    finish(
                        unavailable(QStringLiteral("cannot store the tokens of profile '%1' in the "
                                                   "keychain: %2")
                                        .arg(profile,
                                             keychainProblem(OtherStore, written.error(),
                                                             written.errorString()))));
                    return;
                }
                StoreResult swapped;
                swapped.tokens = next;
                committed(profile, swapped, finish);
            });
        });
    });
}

void KeychainTokenStore::clear(const QString &profile, QObject *context, Callback callback)
{
    writeExclusively(profile, context, callback, [=, this](Finish finish) {
        const auto remove = [service = m_service, profile] {
            auto *job = new QKeychain::DeletePasswordJob(service);
            job->setKey(profile);
            return job;
        };
        runKeychainJob(this, remove, [=, this](QKeychain::Job &deleted) {
            if (deleted.error() != QKeychain::NoError
                && deleted.error() != QKeychain::EntryNotFound) {
                finish(unavailable(
                    QStringLiteral("cannot remove the tokens of profile '%1' "
                                   "from the keychain: %2")
                        .arg(profile,
                             keychainProblem(OtherStore, deleted.error(), deleted.errorString()))));
                return;
            }
            committed(profile, {}, finish);
        });
    });
}

void KeychainTokenStore::acquireLease(const QString &profile, const QString &owner, qint64 ttlMs,
                                      QObject *context, Callback callback)
{
    const QPointer<QObject> guard(context);
    ProfileState &s = state(profile);
    if (s.leaseOwner == owner && s.lock->isHeld()) {
        startLeaseClock(profile, ttlMs);
        answer(guard, callback, {});
        return;
    }
    // Another owner in this process, or a write of this store in progress (its new generation is
    // about to be published): the caller waits for it like for another process.
    if (!s.leaseOwner.isEmpty() || s.writeHolds > 0) {
        answer(guard, callback,
               withStatus(StoreResult::Status::Busy,
                          QStringLiteral("another client in this process holds the refresh lease "
                                         "of profile '%1'")
                              .arg(profile)));
        return;
    }
    QString error;
    switch (s.lock->tryAcquire(ttlMs, &error)) {
    case ProfileLock::Outcome::Acquired:
        s.leaseOwner = owner;
        startLeaseClock(profile, ttlMs);
        answer(guard, callback, {});
        return;
    case ProfileLock::Outcome::Busy:
        answer(guard, callback,
               withStatus(StoreResult::Status::Busy,
                          QStringLiteral("%1 holds the refresh lease of profile '%2'")
                              .arg(s.lock->holder(), profile)));
        return;
    case ProfileLock::Outcome::Failed:
        answer(guard, callback,
               unavailable(QStringLiteral("cannot take the refresh lease of profile '%1': %2")
                               .arg(profile, error)));
        return;
    }
}

void KeychainTokenStore::startLeaseClock(const QString &profile, qint64 ttlMs)
{
    // Other processes cannot take a lock this live process holds (QLockFile's flock), so the
    // lease ends here when its time is up: a hung refresh, or an owner that went away without
    // releasing, must not block every other client of the profile for good.
    ProfileState &s = state(profile);
    const quint64 serial = ++s.leaseSerial;
    QTimer::singleShot(std::chrono::milliseconds(qMax<qint64>(1, ttlMs)), this,
                       [this, profile, serial, ttlMs] {
                           ProfileState &held = state(profile);
                           if (held.leaseSerial != serial || held.leaseOwner.isEmpty())
                               return;
                           qCWarning(lcStore).noquote()
                               << QStringLiteral("the refresh lease of profile '%1' was not "
                                                 "released within %2 ms; it ends now")
                                      .arg(profile)
                                      .arg(ttlMs);
                           releaseLease(profile, held.leaseOwner);
                       });
}

void KeychainTokenStore::releaseLease(const QString &profile, const QString &owner)
{
    const auto it = m_profiles.find(profile);
    if (it == m_profiles.end() || it->second->leaseOwner != owner)
        return;
    ProfileState &s = *it->second;
    s.leaseOwner.clear();
    ++s.leaseSerial;
    if (s.writeHolds == 0)
        s.lock->release();
}

} // namespace Keyway
