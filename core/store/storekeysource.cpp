#include "store/storekeysource.h"

#include "store/keychainjob.h"
#include "store/keychainproblem.h"

#include <QDir>
#include <QLockFile>
#include <QStandardPaths>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace Keyway {

namespace {

const QLatin1String Account("store-key");
const QLatin1String Otherwise("or give the key in KEYWAY_STORE_KEY");
// Two local processes meeting a keychain without a key must not both generate one: the second
// waits for the first's write this long at most.
constexpr int GenerateLockWaitMs = 10000;
constexpr int GenerateRetryMs = 100;

QString defaultLockDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + QStringLiteral("/keyway/local");
}

} // namespace

const QString StoreKeySource::EnvironmentVariable = QStringLiteral("KEYWAY_STORE_KEY");

StoreKeySource::StoreKeySource(QObject *parent)
    : StoreKeySource(QStringLiteral("keyway-store"), defaultLockDir(),
                     QProcessEnvironment::systemEnvironment(), parent)
{
}

StoreKeySource::StoreKeySource(QString service, QString lockDir,
                               const QProcessEnvironment &environment, QObject *parent)
    : QObject(parent),
      m_service(std::move(service)),
      m_lockDir(std::move(lockDir)),
      m_fromEnvironment(environment.value(EnvironmentVariable).toLatin1())
{
}

StoreKeySource::~StoreKeySource() = default;

void StoreKeySource::fetch(IfMissing ifMissing, QObject *context, Callback callback)
{
    m_waiters.push_back({context, std::move(callback)});
    if (m_found) {
        QMetaObject::invokeMethod(
            this, [this] { finish(*m_found); }, Qt::QueuedConnection);
        return;
    }
    if (m_running)
        return;
    m_running = true;
    if (!m_fromEnvironment.isEmpty()) {
        Result result;
        QString error;
        if (const auto key = StoreCipher::decodeKey(m_fromEnvironment, &error)) {
            result.key = *key;
            result.cipher = StoreCipher::fromKey(*key, &error);
        }
        if (!result.cipher)
            result.error = EnvironmentVariable + QStringLiteral(": ") + error;
        QMetaObject::invokeMethod(
            this, [this, result] { finish(result); }, Qt::QueuedConnection);
        return;
    }
    read(ifMissing);
}

void StoreKeySource::read(IfMissing ifMissing)
{
    const auto readKey = [service = m_service] {
        auto *job = new QKeychain::ReadPasswordJob(service);
        job->setKey(Account);
        return job;
    };
    runKeychainJob(this, readKey, [this, ifMissing](QKeychain::Job &job) {
        QKeychain::Job *done = &job;
        Result result;
        if (done->error() == QKeychain::NoError) {
            const QByteArray key = static_cast<QKeychain::ReadPasswordJob *>(done)->binaryData();
            QString error;
            result.key = key;
            result.cipher = StoreCipher::fromKey(key, &error);
            if (!result.cipher) {
                result.error = QStringLiteral("the store key in the keychain (service %1) is "
                                              "not usable: %2; import a good one with "
                                              "`keyway-cli store key import`")
                                   .arg(m_service, error);
            }
        } else if (done->error() == QKeychain::EntryNotFound && ifMissing == IfMissing::Generate) {
            if (!m_lockedRead) {
                generate();
                return;
            }
            // Read again under the lock: nobody else made one meanwhile.
            const QByteArray key = StoreCipher::generateKey();
            if (key.isEmpty()) {
                result.error = QStringLiteral("the system's random generator failed to make a "
                                              "store key");
                finish(result);
                return;
            }
            store(key, this, [this, key](const QString &error) {
                Result made;
                made.key = key;
                made.generated = true;
                QString unused;
                if (error.isEmpty())
                    made.cipher = StoreCipher::fromKey(key, &unused);
                else
                    made.error = error;
                finish(made);
            });
            return;
        } else if (done->error() == QKeychain::EntryNotFound) {
            result.error = QStringLiteral("this machine has no store key yet: import the one "
                                          "the other machines use (`keyway-cli store key "
                                          "import`) or set %1")
                               .arg(EnvironmentVariable);
        } else {
            result.error = QStringLiteral("cannot read the store key that encrypts the tokens "
                                          "in Redis from the keychain: %1")
                               .arg(keychainProblem(Otherwise, done->error(), done->errorString()));
        }
        finish(result);
    });
}

void StoreKeySource::generate()
{
    QDir().mkpath(m_lockDir);
    if (!m_lock)
        m_lock = std::make_unique<QLockFile>(m_lockDir + QStringLiteral("/store-key.lock"));
    // Never a blocking wait: the holder may be in this very process, waiting for the event loop
    // to finish its keychain write. Read again a little later instead: by then there may be a key.
    if (!m_lock->tryLock(0)) {
        if (++m_lockAttempts * GenerateRetryMs >= GenerateLockWaitMs) {
            Result result;
            result.error = QStringLiteral("cannot take the lock file %1 to make a store key: "
                                          "another Keyway process holds it; try again")
                               .arg(QDir::toNativeSeparators(m_lock->fileName()));
            finish(result);
            return;
        }
        QTimer::singleShot(GenerateRetryMs, this, [this] { read(IfMissing::Generate); });
        return;
    }
    m_lockedRead = true;
    read(IfMissing::Generate);
}

void StoreKeySource::store(const QByteArray &key, QObject *context,
                           std::function<void(const QString &)> done)
{
    const auto writeKey = [service = m_service, key] {
        auto *job = new QKeychain::WritePasswordJob(service);
        job->setKey(Account);
        job->setBinaryData(key);
        return job;
    };
    const QPointer<QObject> guard(context);
    runKeychainJob(this, writeKey, [this, guard, done](QKeychain::Job &written) {
        QString error;
        if (written.error() != QKeychain::NoError) {
            error = QStringLiteral("cannot write the store key to the keychain: %1")
                        .arg(keychainProblem(Otherwise, written.error(), written.errorString()));
        } else if (m_found) {
            // An imported key replaces the one this source had found.
            m_found.reset();
        }
        if (guard)
            done(error);
    });
}

void StoreKeySource::finish(const Result &result)
{
    if (m_lock) {
        m_lock->unlock();
        m_lock.reset();
    }
    m_lockedRead = false;
    m_lockAttempts = 0;
    m_running = false;
    if (result.cipher)
        m_found = result;
    std::vector<Waiter> waiters;
    waiters.swap(m_waiters);
    for (const Waiter &waiter : waiters) {
        if (waiter.context)
            waiter.callback(result);
    }
}

} // namespace Keyway
