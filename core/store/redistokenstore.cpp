#include "store/redistokenstore.h"

#include "log/logging.h"
#include "store/redisanswers.h"
#include "store/redisconnection.h"
#include "store/redisscripts.h"
#include "store/storecipher.h"
#include "store/storekeysource.h"
#include "store/storenames.h"

#include <QJsonDocument>
#include <QPointer>

namespace Keyway {

namespace {

using Type = RedisReply::Type;
const QByteArray ChannelSuffix(":generation");

} // namespace

RedisTokenStore::RedisTokenStore(const RedisUrl &url, QString keyPrefix, StoreKeySource *keys,
                                 QObject *parent)
    : TokenStore(parent),
      m_url(url),
      m_prefix(std::move(keyPrefix)),
      m_commands(new RedisConnection(url, RedisConnection::Role::Commands, this)),
      m_subscriber(new RedisConnection(url, RedisConnection::Role::Subscriber, this))
{
    if (url.encrypt)
        m_keys = keys ? keys : new StoreKeySource(this);
    connect(m_commands, &RedisConnection::availabilityChanged, this,
            &TokenStore::availabilityChanged);
    connect(m_subscriber, &RedisConnection::message, this, &RedisTokenStore::onMessage);
    connect(m_subscriber, &RedisConnection::ready, this, &RedisTokenStore::onSubscribed);
    connect(m_subscriber, &RedisConnection::availabilityChanged, this,
            [](bool available, const QString &message) {
                // Pub/sub is a hint: followers keep polling, so this is only worth a note.
                if (!available)
                    qCInfo(lcStore).noquote() << "change notifications paused:" << message;
            });
    m_commands->open();
    m_subscriber->open();
}

RedisTokenStore::~RedisTokenStore() = default;

void RedisTokenStore::setCommandTimeoutMs(int ms)
{
    m_commands->setTimeoutMs(ms);
    m_subscriber->setTimeoutMs(ms);
}

bool RedisTokenStore::isAvailable() const
{
    return m_commands->isAvailable();
}

QString RedisTokenStore::describe() const
{
    return m_url.describe();
}

QString RedisTokenStore::keyPrefixFor(const QString &workspace)
{
    return QStringLiteral("keyway:%1:").arg(StoreNames::encode(workspace));
}

QByteArray RedisTokenStore::key(const QString &profile, const char *suffix)
{
    const QByteArray base = (m_prefix + StoreNames::encode(profile)).toUtf8() + ':';
    if (!m_profiles.contains(profile)) {
        m_profiles.insert(profile);
        // One channel per profile this store serves, not a pattern: an ACL user then needs only
        // "&<prefix>*", where PSUBSCRIBE would need the very pattern spelled out.
        const QByteArray channel = base + ChannelSuffix.mid(1);
        m_channels.insert(channel, profile);
        m_subscriber->subscribe(channel);
    }
    return base + suffix;
}

void RedisTokenStore::withCipher(QObject *context, const Callback &callback,
                                 std::function<void(const StoreCipher *)> then)
{
    if (!m_keys || m_cipher) {
        then(m_cipher.get());
        return;
    }
    // The store, not the caller, is the context: a source given from outside may outlive it.
    m_keys->fetch(StoreKeySource::IfMissing::Generate, this,
                  [this, guard = QPointer<QObject>(context), callback,
                   then](const StoreKeySource::Result &result) {
                      if (!guard)
                          return;
                      if (!result.cipher) {
                          StoreResult failed;
                          failed.status = StoreResult::Status::Unavailable;
                          failed.message = result.error;
                          callback(failed);
                          return;
                      }
                      if (!m_cipher)
                          m_cipher = std::make_shared<const StoreCipher>(*result.cipher);
                      then(m_cipher.get());
                  });
}

qint64 RedisTokenStore::tokensTtlMs(const TokenSet &tokens)
{
    // A refresh token usually outlives the access token by far; expiring the key with the access
    // token would throw the refresh token away. The key lives as long as the refresh token, where
    // the server said how long that is.
    if (tokens.hasRefreshToken()) {
        return tokens.refreshExpiresAtMs && tokens.obtainedAtMs
            ? qMax<qint64>(1, tokens.refreshExpiresAtMs - tokens.obtainedAtMs)
            : 0;
    }
    // The lifetime rather than expiresAtMs minus Redis's clock: clocks of clients and server
    // may disagree, and the set is written right after it was obtained.
    return tokens.obtainedAtMs > 0 ? qMax<qint64>(0, tokens.lifetimeMs()) : 0;
}

// ---- operations -----------------------------------------------------------------------------

void RedisTokenStore::load(const QString &profile, QObject *context, Callback callback)
{
    const QByteArray tokensKey = key(profile, "tokens");
    QList<QByteArray> keys {tokensKey, key(profile, "dead")};
    // The key this profile's tokens had before names were encoded (only a name that changed under
    // the encoding had another, and a name with '%' could be another profile's encoding).
    if (!StoreNames::keptItsLegacyName(profile))
        keys.append((m_prefix + profile).toUtf8() + ":tokens");
    withCipher(context, callback, [=, this](const StoreCipher *cipher) {
        m_commands->eval(
            RedisScripts::load(), keys, {}, context,
            [this, tokensKey, cipher, callback](const RedisReply &reply) {
                callback(RedisAnswers::load({m_url.address(), tokensKey, cipher}, reply));
            });
    });
}

void RedisTokenStore::compareAndSwap(const QString &profile, quint64 expectedGeneration,
                                     const TokenSet &next, QObject *context, Callback callback)
{
    const QByteArray tokensKey = key(profile, "tokens");
    const QByteArray deadKey = key(profile, "dead");
    const QByteArray channel = key(profile, "generation");
    withCipher(context, callback, [=, this](const StoreCipher *cipher) {
        QJsonObject stored = next.toStoredJson();
        const QByteArray version =
            QByteArray::number(stored.value(QStringLiteral("version")).toInt());
        if (cipher) {
            stored = cipher->seal(stored, next.generation,
                                  RedisAnswers::associatedData(tokensKey, next.generation));
            if (stored.isEmpty()) {
                // Never a plaintext fallback.
                StoreResult failed;
                failed.status = StoreResult::Status::Unavailable;
                failed.message = QStringLiteral("the tokens could not be encrypted (OpenSSL "
                                                "failed), so they were not stored");
                callback(failed);
                return;
            }
        }
        const QByteArray json = QJsonDocument(stored).toJson(QJsonDocument::Compact);
        m_commands->eval(
            RedisScripts::compareAndSwap(), {tokensKey, deadKey},
            {QByteArray::number(expectedGeneration), json, QByteArray::number(next.generation),
             QByteArray::number(tokensTtlMs(next)), channel, version,
             cipher ? cipher->keyId().toLatin1() : QByteArray()},
            context, [this, profile, tokensKey, cipher, next, callback](const RedisReply &reply) {
                const StoreResult result =
                    RedisAnswers::compareAndSwap({m_url.address(), tokensKey, cipher}, next, reply);
                if (result.ok())
                    announce(profile, next.generation);
                callback(result);
            });
    });
}

void RedisTokenStore::clear(const QString &profile, QObject *context, Callback callback)
{
    m_commands->eval(RedisScripts::clear(), {key(profile, "tokens"), key(profile, "dead")},
                     {key(profile, "generation")}, context,
                     [this, profile, callback](const RedisReply &reply) {
                         if (reply.is(Type::Integer)) {
                             announce(profile, 0);
                             callback(StoreResult {});
                             return;
                         }
                         callback(unavailable(reply, QStringLiteral("clear the tokens")));
                     });
}

void RedisTokenStore::acquireLease(const QString &profile, const QString &owner, qint64 ttlMs,
                                   QObject *context, Callback callback)
{
    m_commands->eval(RedisScripts::acquireLease(), {key(profile, "lease")},
                     {owner.toUtf8(), QByteArray::number(qMax<qint64>(1, ttlMs))}, context,
                     [this, callback](const RedisReply &reply) {
                         if (!reply.is(Type::Integer)) {
                             callback(unavailable(reply, QStringLiteral("take the refresh lease")));
                             return;
                         }
                         StoreResult result;
                         if (reply.integer != 1)
                             result.status = StoreResult::Status::Busy;
                         callback(result);
                     });
}

void RedisTokenStore::releaseLease(const QString &profile, const QString &owner)
{
    // Nobody waits for this: if it fails, the lease expires with its TTL.
    m_commands->eval(RedisScripts::releaseLease(), {key(profile, "lease")}, {owner.toUtf8()}, this,
                     [this](const RedisReply &reply) {
                         if (!reply.is(Type::Integer)) {
                             qCInfo(lcStore).noquote()
                                 << unavailable(reply,
                                                QStringLiteral("release the refresh "
                                                               "lease"))
                                        .message
                                 << "- it expires by itself";
                         }
                     });
}

void RedisTokenStore::recordTerminalError(const QString &profile, const QString &message,
                                          qint64 ttlMs)
{
    m_commands->command({"SET", key(profile, "dead"), message.toUtf8(), "PX",
                         QByteArray::number(qMax<qint64>(1, ttlMs))},
                        this, [this](const RedisReply &reply) {
                            if (!reply.is(Type::Status)) {
                                qCWarning(lcStore).noquote()
                                    << unavailable(reply,
                                                   QStringLiteral("record a dead "
                                                                  "grant"))
                                           .message;
                            }
                        });
}

// ---- answers --------------------------------------------------------------------------------

StoreResult RedisTokenStore::unavailable(const RedisReply &reply, const QString &what) const
{
    return RedisAnswers::unavailable({m_url.address(), {}, nullptr}, reply, what);
}

// ---- notifications --------------------------------------------------------------------------

void RedisTokenStore::announce(const QString &profile, quint64 generation)
{
    // Our own writes are announced at once and come back over pub/sub: say each one once.
    const auto it = m_announced.constFind(profile);
    if (it != m_announced.constEnd() && *it == generation)
        return;
    m_announced.insert(profile, generation);
    Q_EMIT changed(profile, generation);
}

void RedisTokenStore::onMessage(const QByteArray &channel, const QByteArray &payload)
{
    const QString profile = m_channels.value(channel);
    bool ok = false;
    const quint64 generation = payload.toULongLong(&ok);
    if (ok && !profile.isEmpty())
        announce(profile, generation);
}

void RedisTokenStore::onSubscribed()
{
    if (!m_subscribedBefore) {
        m_subscribedBefore = true;
        return;
    }
    // Messages published while the subscriber was away are lost: announce what is stored now,
    // so that followers catch up without waiting for their next poll.
    const QSet<QString> profiles = m_profiles;
    for (const QString &profile : profiles) {
        m_commands->command({"HGET", key(profile, "tokens"), "generation"}, this,
                            [this, profile](const RedisReply &reply) {
                                bool ok = reply.is(Type::Nil);
                                const quint64 generation = ok ? 0 : reply.text.toULongLong(&ok);
                                if (ok && reply.type != Type::Unavailable)
                                    announce(profile, generation);
                            });
    }
}

} // namespace Keyway
