#pragma once

#include "store/redisurl.h"
#include "store/tokenstore.h"

#include <QHash>
#include <QSet>

#include <functional>
#include <memory>

namespace Keyway {

class RedisConnection;
class StoreCipher;
class StoreKeySource;
struct RedisReply;

// Tokens in Redis, shared by many processes on many machines: a hash per profile written only by
// a Lua compare-and-swap on the generation, a SET NX PX refresh lease, and pub/sub as a hint on
// top of the TokenManager's polling. Keys, for prefix P and profile N (N percent-encoded by
// StoreNames::encode, so it never contains ':' and names cannot collide):
//   P N:tokens      hash: "set" = TokenSet::toStoredJson() (sealed by StoreCipher with
//                   ?encrypt=1), "generation" = decimal (always in the clear: the scripts
//                   compare it)
//   P N:lease       string: the lease owner, with the lease's TTL
//   P N:dead        string: a terminal refresh error, with a short TTL
//   P N:generation  pub/sub channel: each new generation (0 after clear)
// A profile whose name changed under the encoding has its tokens hash from before renamed on its
// first load.
class RedisTokenStore final : public TokenStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedisTokenStore)
public:
    // `keyPrefix` separates workspaces sharing a server: keyPrefixFor(workspace). Connects at
    // once and keeps reconnecting while Redis is down. With url.encrypt the store key comes from
    // `keys`, or from a StoreKeySource of its own when `keys` is null.
    RedisTokenStore(const RedisUrl &url, QString keyPrefix, StoreKeySource *keys = nullptr,
                    QObject *parent = nullptr);

    // "keyway:<workspace>:" with the workspace's name encoded (StoreNames::encode).
    static QString keyPrefixFor(const QString &workspace);
    ~RedisTokenStore() override;

    // How long an operation may wait for Redis before it answers Unavailable (default 2 s).
    void setCommandTimeoutMs(int ms);
    bool isAvailable() const;

    QString describe() const override;
    void load(const QString &profile, QObject *context, Callback callback) override;
    void compareAndSwap(const QString &profile, quint64 expectedGeneration, const TokenSet &next,
                        QObject *context, Callback callback) override;
    void clear(const QString &profile, QObject *context, Callback callback) override;
    void acquireLease(const QString &profile, const QString &owner, qint64 ttlMs, QObject *context,
                      Callback callback) override;
    void releaseLease(const QString &profile, const QString &owner) override;
    void recordTerminalError(const QString &profile, const QString &message, qint64 ttlMs) override;

    // The key TTL for a stored set: none while it has a refresh token (whose lifetime Keyway does
    // not know), otherwise the access token's lifetime.
    static qint64 tokensTtlMs(const TokenSet &tokens);

private:
    QByteArray key(const QString &profile, const char *suffix);
    // Runs `then` with the cipher (null when the store does not encrypt), or answers `callback`
    // Unavailable when the store key cannot be had.
    void withCipher(QObject *context, const Callback &callback,
                    std::function<void(const StoreCipher *)> then);
    StoreResult unavailable(const RedisReply &reply, const QString &what) const;
    void onMessage(const QByteArray &channel, const QByteArray &payload);
    void onSubscribed();
    void announce(const QString &profile, quint64 generation);

    RedisUrl m_url;
    QString m_prefix;
    RedisConnection *m_commands;
    RedisConnection *m_subscriber;
    StoreKeySource *m_keys = nullptr; // null: no encryption
    std::shared_ptr<const StoreCipher> m_cipher; // once the key was found
    QSet<QString> m_profiles; // every profile this store has served, for a resync
    QHash<QByteArray, QString> m_channels; // pub/sub channel -> profile
    QHash<QString, quint64> m_announced; // the last generation `changed` said, per profile
    bool m_subscribedBefore = false;
};

} // namespace Keyway
