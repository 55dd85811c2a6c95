#pragma once

#include "store/storecipher.h"

#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QLockFile;

namespace Keyway {

// Where the key that encrypts a Redis store's tokens (StoreCipher) comes from: KEYWAY_STORE_KEY
// when it is set (base64: for CI machines without a keychain), else the OS keychain entry
// "store-key" of service "keyway-store", generated there the first time it is needed. Every
// machine sharing the Redis needs the same key: `keyway-cli store key export` on one,
// `keyway-cli store key import` on the others (or the same KEYWAY_STORE_KEY everywhere).
class StoreKeySource final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreKeySource)
public:
    static const QString EnvironmentVariable; // "KEYWAY_STORE_KEY"

    struct Result
    {
        std::optional<StoreCipher> cipher;
        QByteArray key; // the raw key, for export only
        bool generated = false; // made just now
        QString error; // no cipher: what is wrong and what to do
    };
    using Callback = std::function<void(const Result &)>;

    enum class IfMissing { Generate, Fail };

    // `service`, `lockDir` and `environment` are for tests; the defaults are what every Keyway
    // process uses (this process's environment).
    explicit StoreKeySource(QObject *parent = nullptr);
    StoreKeySource(QString service, QString lockDir, const QProcessEnvironment &environment,
                   QObject *parent = nullptr);
    ~StoreKeySource() override;

    // Answers `callback` once, later (unless `context` is gone), with the key or why there is
    // none. A key once found is kept; a failure is not (the keyring may come back).
    void fetch(IfMissing ifMissing, QObject *context, Callback callback);

    // Stores `key` in the keychain (replacing the one there). Answers with the error, empty when
    // done. KEYWAY_STORE_KEY, when set, still wins over it.
    void store(const QByteArray &key, QObject *context, std::function<void(const QString &)> done);

private:
    struct Waiter
    {
        QPointer<QObject> context;
        Callback callback;
    };
    void read(IfMissing ifMissing);
    void generate();
    void finish(const Result &result);

    QString m_service;
    QString m_lockDir;
    QByteArray m_fromEnvironment;
    std::optional<Result> m_found;
    std::vector<Waiter> m_waiters;
    bool m_running = false;
    bool m_lockedRead = false; // the read under the lock file, before generating
    int m_lockAttempts = 0;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace Keyway
