#pragma once

#include "store/redisurl.h"
#include "store/tokenstore.h"

#include <QHash>
#include <QSet>

namespace Keyway {

class RedisConnection;
struct RedisReply;

// Tokens in Redis, shared by many processes on many machines: a hash per profile written only by
// a Lua compare-and-swap on the generation, a SET NX PX refresh lease, and pub/sub as a hint on
// top of the TokenManager's polling. Keys, for prefix P and profile N:
//   P N:tokens      hash: "set" = TokenSet::toStoredJson(), "generation" = decimal
//   P N:lease       string: the lease owner, with the lease's TTL
//   P N:dead        string: a terminal refresh error, with a short TTL
//   P N:generation  pub/sub channel: each new generation (0 after clear)
class RedisTokenStore final : public TokenStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedisTokenStore)
public:
    // `keyPrefix` separates workspaces sharing a server, e.g. "keyway:<workspace>:". Connects at
    // once and keeps reconnecting while Redis is down.
    RedisTokenStore(const RedisUrl &url, QString keyPrefix, QObject *parent = nullptr);
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
    StoreResult unavailable(const RedisReply &reply, const QString &what) const;
    StoreResult parseLoad(const QByteArray &tokensKey, const RedisReply &reply) const;
    StoreResult parseCompareAndSwap(const QByteArray &tokensKey, const TokenSet &next,
                                    const RedisReply &reply) const;
    std::optional<TokenSet> parseSet(const QByteArray &tokensKey, const RedisReply &set,
                                     QString *error) const;
    void onMessage(const QByteArray &channel, const QByteArray &payload);
    void onSubscribed();
    void announce(const QString &profile, quint64 generation);

    RedisUrl m_url;
    QString m_prefix;
    RedisConnection *m_commands;
    RedisConnection *m_subscriber;
    QSet<QString> m_profiles; // every profile this store has served, for a resync
    QHash<QString, quint64> m_announced; // the last generation `changed` said, per profile
    bool m_subscribedBefore = false;
};

} // namespace Keyway
