#pragma once

#include "store/tokenstore.h"

#include <deque>
#include <functional>
#include <map>
#include <memory>

namespace QKeychain {
class Job;
}

namespace Keyway {

class GenerationSidecar;
class ProfileLock;

// The desktop default: each profile's token set in the system keychain (the Secret Service on
// Linux) through QtKeychain, with a lock file and a generation file in the workspace's data dir
// so that several local processes refresh once and hear of each other's tokens. Never falls back
// to plaintext: without a reachable keyring every operation answers Unavailable.
class KeychainTokenStore final : public TokenStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainTokenStore)
public:
    // `service` names the keychain entries ("keyway"; one entry per profile, keyed by its name);
    // `dataDir` holds the lock, generation and dead-grant files (never a secret) and is created
    // when missing.
    KeychainTokenStore(QString service, QString dataDir, QObject *parent = nullptr);
    ~KeychainTokenStore() override;

    QString describe() const override;
    void load(const QString &profile, QObject *context, Callback callback) override;
    void compareAndSwap(const QString &profile, quint64 expectedGeneration, const TokenSet &next,
                        QObject *context, Callback callback) override;
    void clear(const QString &profile, QObject *context, Callback callback) override;
    void acquireLease(const QString &profile, const QString &owner, qint64 ttlMs, QObject *context,
                      Callback callback) override;
    void releaseLease(const QString &profile, const QString &owner) override;
    // Kept in <dataDir>/<profile>.dead until `ttlMs` passes or new tokens are stored.
    void recordTerminalError(const QString &profile, const QString &message, qint64 ttlMs) override;

    // How long a write waits for another process's lock before answering Busy.
    static constexpr qint64 WriteLockWaitMs = 5000;

private:
    struct ProfileState;
    using Done = std::function<void()>;
    using Step = std::function<void(Done)>;

    ProfileState &state(const QString &profile);
    void runExclusive(const QString &profile, Step step);
    void runNext(const QString &profile);
    void withWriteLock(const QString &profile, std::function<void(const StoreResult &)> then,
                       qint64 waitedMs = 0);
    void dropWriteLock(const QString &profile);
    // Answers a write: drops the write lock, then calls back.
    using Finish = std::function<void(const StoreResult &)>;
    // Runs `write` alone among this process's operations on `profile` and under its write lock
    // (against other processes); `write` ends by calling the Finish it is given. A lock that
    // cannot be taken is the answer.
    void writeExclusively(const QString &profile, QObject *context, Callback callback,
                          std::function<void(Finish)> write);
    // A write that reached the keychain: others hear of the new generation (0 when cleared), and
    // an earlier dead grant is forgotten.
    void committed(const QString &profile, const StoreResult &result, const Finish &finish);
    void startLeaseClock(const QString &profile, qint64 ttlMs);

    void readEntry(const QString &profile, std::function<void(const StoreResult &)> then);
    void checkNothingStored(const QString &profile, std::function<void(const StoreResult &)> then);
    StoreResult interpretRead(const QString &profile, const QKeychain::Job &job);
    StoreResult unavailable(const QString &message);
    void noteAvailable();
    void publish(const QString &profile, quint64 generation);
    QString deadGrantPath(const QString &profile) const;
    QString deadGrant(const QString &profile) const;
    void forgetDeadGrant(const QString &profile);

    QString m_service;
    QString m_dataDir;
    GenerationSidecar *m_sidecar;
    std::map<QString, std::unique_ptr<ProfileState>> m_profiles;
    bool m_available = true;
};

} // namespace Keyway
