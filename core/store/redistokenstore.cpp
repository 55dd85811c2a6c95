#include "store/redistokenstore.h"

#include "log/logging.h"
#include "store/redisconnection.h"
#include "store/redisscripts.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace Keyway {

namespace {

using Type = RedisReply::Type;

const QByteArray ChannelSuffix(":generation");

QString leftUntouched()
{
    return QStringLiteral("Keyway leaves it untouched: delete it if it is stale, or choose "
                          "another key prefix");
}

} // namespace

RedisTokenStore::RedisTokenStore(const RedisUrl &url, QString keyPrefix, QObject *parent)
    : TokenStore(parent),
      m_url(url),
      m_prefix(std::move(keyPrefix)),
      m_commands(new RedisConnection(url, RedisConnection::Role::Commands, this)),
      m_subscriber(new RedisConnection(url, RedisConnection::Role::Subscriber, this))
{
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

QByteArray RedisTokenStore::key(const QString &profile, const char *suffix)
{
    const QByteArray base = (m_prefix + profile).toUtf8() + ':';
    if (!m_profiles.contains(profile)) {
        m_profiles.insert(profile);
        // One channel per profile this store serves, not a pattern: an ACL user then needs only
        // "&<prefix>*", where PSUBSCRIBE would need the very pattern spelled out.
        m_subscriber->subscribe(base + ChannelSuffix.mid(1));
    }
    return base + suffix;
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
    m_commands->eval(RedisScripts::load(), {tokensKey, key(profile, "dead")}, {}, context,
                     [this, tokensKey, callback](const RedisReply &reply) {
                         callback(parseLoad(tokensKey, reply));
                     });
}

void RedisTokenStore::compareAndSwap(const QString &profile, quint64 expectedGeneration,
                                     const TokenSet &next, QObject *context, Callback callback)
{
    const QByteArray tokensKey = key(profile, "tokens");
    const QJsonObject stored = next.toStoredJson();
    const QByteArray json = QJsonDocument(stored).toJson(QJsonDocument::Compact);
    m_commands->eval(RedisScripts::compareAndSwap(), {tokensKey, key(profile, "dead")},
                     {QByteArray::number(expectedGeneration), json,
                      QByteArray::number(next.generation), QByteArray::number(tokensTtlMs(next)),
                      key(profile, "generation"),
                      QByteArray::number(stored.value(QStringLiteral("version")).toInt())},
                     context, [this, profile, tokensKey, next, callback](const RedisReply &reply) {
                         const StoreResult result = parseCompareAndSwap(tokensKey, next, reply);
                         if (result.ok())
                             announce(profile, next.generation);
                         callback(result);
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
    StoreResult result;
    result.status = StoreResult::Status::Unavailable;
    if (reply.is(Type::Unavailable)) {
        result.message = reply.failure;
    } else if (reply.is(Type::Error)) {
        // e.g. NOPERM for an ACL user without the commands, READONLY on a replica, OOM.
        result.message = QStringLiteral("Redis at %1 refused to %2 (%3)")
                             .arg(m_url.address(), what, QString::fromUtf8(reply.text));
    } else {
        result.message = QStringLiteral("Redis at %1 gave an unexpected answer when asked to %2")
                             .arg(m_url.address(), what);
    }
    return result;
}

std::optional<TokenSet> RedisTokenStore::parseSet(const QByteArray &tokensKey,
                                                  const RedisReply &set, QString *error) const
{
    const QString name = QString::fromUtf8(tokensKey);
    if (!set.is(Type::String)) {
        *error = QStringLiteral("Redis key '%1' is a hash without a 'set' field, not Keyway "
                                "tokens; %2")
                     .arg(name, leftUntouched());
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(set.text, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("Redis key '%1' does not hold a Keyway token set (its 'set' field "
                                "is not a JSON object); %2")
                     .arg(name, leftUntouched());
        return std::nullopt;
    }
    QString why;
    std::optional<TokenSet> tokens = TokenSet::fromStoredJson(doc.object(), &why);
    if (!tokens) {
        *error = QStringLiteral("Redis key '%1': %2; %3").arg(name, why, leftUntouched());
        return std::nullopt;
    }
    return tokens;
}

StoreResult RedisTokenStore::parseLoad(const QByteArray &tokensKey, const RedisReply &reply) const
{
    if (!reply.is(Type::Array) || reply.elements.size() < 2)
        return unavailable(reply, QStringLiteral("load the tokens"));
    const QList<RedisReply> &parts = reply.elements;
    StoreResult result;
    if (parts.constLast().is(Type::String))
        result.terminalError = QString::fromUtf8(parts.constLast().text);
    const QByteArray kind = parts.at(0).text;
    const QString name = QString::fromUtf8(tokensKey);
    if (kind == "none")
        return result;
    result.status = StoreResult::Status::Corrupt;
    if (kind == "wrongtype") {
        result.message = QStringLiteral("Redis key '%1' holds a %2, not Keyway tokens; %3")
                             .arg(name, QString::fromUtf8(parts.at(1).text), leftUntouched());
        return result;
    }
    if (kind != "hash" || parts.size() < 4)
        return unavailable(reply, QStringLiteral("load the tokens"));
    std::optional<TokenSet> tokens = parseSet(tokensKey, parts.at(1), &result.message);
    if (!tokens)
        return result;
    // The script compares the generation field; it must be the set's own.
    bool numeric = false;
    const quint64 generation = parts.at(2).text.toULongLong(&numeric);
    if (!parts.at(2).is(Type::String) || !numeric || generation != tokens->generation) {
        result.message = QStringLiteral("Redis key '%1' has a generation field that does not "
                                        "match its token set; %2")
                             .arg(name, leftUntouched());
        return result;
    }
    result.status = StoreResult::Status::Ok;
    result.tokens = std::move(tokens);
    return result;
}

StoreResult RedisTokenStore::parseCompareAndSwap(const QByteArray &tokensKey, const TokenSet &next,
                                                 const RedisReply &reply) const
{
    if (!reply.is(Type::Array) || reply.elements.isEmpty())
        return unavailable(reply, QStringLiteral("store the tokens"));
    const QByteArray kind = reply.elements.at(0).text;
    StoreResult result;
    if (kind == "ok") {
        result.tokens = next;
        return result;
    }
    if (kind == "corrupt" && reply.elements.size() >= 2) {
        result.status = StoreResult::Status::Corrupt;
        result.message = QStringLiteral("Redis key '%1' is not Keyway tokens (%2), so the new "
                                        "tokens were not written over it; %3")
                             .arg(QString::fromUtf8(tokensKey),
                                  QString::fromUtf8(reply.elements.at(1).text), leftUntouched());
        return result;
    }
    if (kind == "conflict") {
        result.status = StoreResult::Status::Conflict;
        const RedisReply set = reply.elements.value(1);
        if (set.is(Type::Nil)) {
            // Expected a generation, found nothing: another client cleared the tokens.
            result.message = QStringLiteral("the tokens were cleared meanwhile");
            return result;
        }
        result.tokens = parseSet(tokensKey, set, &result.message);
        if (!result.tokens)
            result.status = StoreResult::Status::Corrupt;
        return result;
    }
    return unavailable(reply, QStringLiteral("store the tokens"));
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
    const QByteArray prefix = m_prefix.toUtf8();
    if (!channel.startsWith(prefix) || !channel.endsWith(ChannelSuffix))
        return;
    const QString profile = QString::fromUtf8(
        channel.mid(prefix.size(), channel.size() - prefix.size() - ChannelSuffix.size()));
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
