#include "store/redisconnection.h"

#include "log/logging.h"
#include "store/redisscripts.h"

#include <QRandomGenerator>
#include <QSocketNotifier>

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <limits>
#include <vector>

namespace Keyway {

namespace {

// privdata values that are not command ids.
constexpr quintptr HandshakeTag = 0;
constexpr quintptr SubscriptionTag = 1;
constexpr quint64 FirstCommandId = 16;

constexpr int MinRetryMs = 200;
constexpr int MaxRetryMs = 2000;
// A link that breaks sooner than this after logging in counts as a failed attempt for backoff,
// so that a server that keeps closing connections is not hammered.
constexpr qint64 HealthyLinkMs = 2000;

int retryDelayMs(int failures)
{
    if (failures <= 0)
        return 0;
    const int exponential = qMin(MaxRetryMs, MinRetryMs << qMin(failures - 1, 8));
    return exponential / 2 + int(QRandomGenerator::global()->bounded(exponential / 2 + 1));
}

// hiredis says "Connection refused"; messages read "(connection refused)".
QString lowerFirst(QString text)
{
    if (!text.isEmpty())
        text[0] = text.at(0).toLower();
    return text;
}

} // namespace

// One hiredis context and the socket notifiers that drive it. hiredis owns the context's
// lifetime (it frees it itself on errors); the link outlives it until hiredis has made its last
// call (cleanup, then the disconnect callback) and goes away with deleteLater().
class RedisConnection::Link final : public QObject
{
public:
    Link(RedisConnection *owner, redisAsyncContext *context) : QObject(owner), ctx(context)
    {
        ctx->data = this;
        ctx->ev.data = this;
        ctx->ev.addRead = [](void *link) {
            static_cast<Link *>(link)->watch(QSocketNotifier::Read);
        };
        ctx->ev.delRead = [](void *link) {
            static_cast<Link *>(link)->unwatch(QSocketNotifier::Read);
        };
        ctx->ev.addWrite = [](void *link) {
            static_cast<Link *>(link)->watch(QSocketNotifier::Write);
        };
        ctx->ev.delWrite = [](void *link) {
            static_cast<Link *>(link)->unwatch(QSocketNotifier::Write);
        };
        ctx->ev.cleanup = [](void *link) {
            static_cast<Link *>(link)->release();
        };
    }

    RedisConnection *owner() const { return static_cast<RedisConnection *>(parent()); }

    // The owner goes away first: hiredis must not call into us any more.
    void detach()
    {
        if (!ctx)
            return;
        ctx->data = nullptr;
        ctx->ev.data = nullptr;
        ctx->ev.addRead = nullptr;
        ctx->ev.delRead = nullptr;
        ctx->ev.addWrite = nullptr;
        ctx->ev.delWrite = nullptr;
        ctx->ev.cleanup = nullptr;
        release();
    }

    redisAsyncContext *ctx; // null once hiredis has let go of it
    QString dropReason; // why we dropped it: the answer for commands still waiting on it
    bool connected = false;
    qsizetype step = 0; // the handshake step waiting for its answer

private:
    void watch(QSocketNotifier::Type type)
    {
        QSocketNotifier *&notifier = type == QSocketNotifier::Read ? m_read : m_write;
        if (!notifier) {
            notifier = new QSocketNotifier(ctx->c.fd, type, this);
            connect(notifier, &QSocketNotifier::activated, this, [this, type] {
                if (!ctx)
                    return;
                if (type == QSocketNotifier::Read)
                    redisAsyncHandleRead(ctx);
                else
                    redisAsyncHandleWrite(ctx);
            });
        }
        notifier->setEnabled(true);
    }

    void unwatch(QSocketNotifier::Type type)
    {
        if (QSocketNotifier *notifier = type == QSocketNotifier::Read ? m_read : m_write)
            notifier->setEnabled(false);
    }

    // hiredis is about to close the socket and free the context. The notifiers are disabled
    // rather than deleted: we may be inside one of their activations.
    void release()
    {
        unwatch(QSocketNotifier::Read);
        unwatch(QSocketNotifier::Write);
        ctx = nullptr;
        deleteLater();
    }

    QSocketNotifier *m_read = nullptr;
    QSocketNotifier *m_write = nullptr;
};

RedisConnection::RedisConnection(const RedisUrl &url, Role role, QObject *parent)
    : QObject(parent), m_url(url), m_role(role)
{
    if (!m_url.password.isEmpty()) {
        // AUTH user password is Redis 6 ACL; AUTH password logs in the default user.
        if (m_url.user.isEmpty())
            m_handshake.append({"AUTH", m_url.password.toUtf8()});
        else
            m_handshake.append({"AUTH", m_url.user.toUtf8(), m_url.password.toUtf8()});
    }
    // Channels are not per database: a subscriber needs no SELECT.
    if (m_role == Role::Commands && m_url.db != 0)
        m_handshake.append({"SELECT", QByteArray::number(m_url.db)});
    if (m_handshake.isEmpty())
        m_handshake.append({"PING"});
    m_clock.start();
    m_nextId = FirstCommandId;
    m_sweepTimer.setSingleShot(true);
    m_handshakeTimer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    connect(&m_sweepTimer, &QTimer::timeout, this, &RedisConnection::sweep);
    connect(&m_handshakeTimer, &QTimer::timeout, this, &RedisConnection::onHandshakeTimeout);
    connect(&m_retryTimer, &QTimer::timeout, this, &RedisConnection::connectNow);
}

RedisConnection::~RedisConnection()
{
    if (m_link && m_link->ctx) {
        redisAsyncContext *ctx = m_link->ctx;
        m_link->detach();
        redisAsyncFree(ctx);
    }
    m_link = nullptr;
}

void RedisConnection::setTimeoutMs(int ms)
{
    m_timeoutMs = qMax(1, ms);
}

void RedisConnection::open()
{
    if (m_state == State::Idle)
        connectNow();
}

// ---- connecting -----------------------------------------------------------------------------

void RedisConnection::connectNow()
{
    m_retryTimer.stop();
    redisAsyncContext *ctx = nullptr;
    if (m_url.transport == RedisUrl::Transport::Unix)
        ctx = redisAsyncConnectUnix(m_url.socketPath.toLocal8Bit().constData());
    else
        ctx = redisAsyncConnect(m_url.host.toUtf8().constData(), m_url.port);
    m_state = State::Connecting;
    if (!ctx) {
        attemptFailed(unreachable(QStringLiteral("out of memory")));
        return;
    }
    if (ctx->err) {
        const QString why = QString::fromLocal8Bit(ctx->errstr);
        redisAsyncFree(ctx);
        attemptFailed(unreachable(why));
        return;
    }
    capReplyArrays(ctx->c.reader);
    m_link = new Link(this, ctx);
    redisAsyncSetConnectCallback(ctx, &RedisConnection::connectThunk);
    redisAsyncSetDisconnectCallback(ctx, &RedisConnection::disconnectThunk);
    // A connect that never completes (a firewall dropping packets) is caught by the same
    // deadline as a server that accepts but never answers.
    m_handshakeTimer.start(m_timeoutMs);
    m_link->step = 0;
    // hiredis only notices the connect completing when it has something to write.
    sendHandshakeStep();
}

void RedisConnection::sendHandshakeStep()
{
    const QList<QByteArray> &args = m_handshake.at(m_link->step);
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    for (const QByteArray &arg : args) {
        argv.push_back(arg.constData());
        lengths.push_back(size_t(arg.size()));
    }
    if (redisAsyncCommandArgv(m_link->ctx, &RedisConnection::replyThunk,
                              reinterpret_cast<void *>(HandshakeTag), int(argv.size()), argv.data(),
                              lengths.data())
        != REDIS_OK) {
        const QString message = unreachable(QStringLiteral("the connection could not be set up"));
        dropLink(m_link, message);
        attemptFailed(message);
    }
}

void RedisConnection::onConnected(Link *link, bool ok)
{
    if (link != m_link)
        return;
    if (!ok) {
        // hiredis frees the context right after this callback; commands on it are answered
        // with the reason.
        const QString message = unreachable(QString::fromLocal8Bit(link->ctx->errstr));
        link->dropReason = message;
        m_link = nullptr;
        attemptFailed(message);
        return;
    }
    link->connected = true;
    if (m_url.transport == RedisUrl::Transport::Tcp)
        redisEnableKeepAlive(&link->ctx->c);
}

void RedisConnection::onHandshakeReply(Link *link, const RedisReply &reply)
{
    if (link != m_link || m_state != State::Connecting || reply.is(RedisReply::Type::Unavailable))
        return; // a dropped link: its disconnect says what happened
    if (reply.is(RedisReply::Type::Error)) {
        const QString message = refusedSetup(m_handshake.at(link->step), reply.text);
        dropLink(link, message);
        attemptFailed(message);
        return;
    }
    if (++link->step < m_handshake.size()) {
        sendHandshakeStep();
        return;
    }
    becomeReady();
}

void RedisConnection::subscribe(const QByteArray &channel)
{
    Q_ASSERT(m_role == Role::Subscriber);
    if (m_channels.contains(channel))
        return;
    m_channels.append(channel);
    if (m_state == State::Ready)
        sendSubscribe({channel});
}

void RedisConnection::sendSubscribe(const QList<QByteArray> &channels)
{
    if (channels.isEmpty() || !m_link || !m_link->ctx)
        return;
    std::vector<const char *> argv {"SUBSCRIBE"};
    std::vector<size_t> lengths {9};
    for (const QByteArray &channel : channels) {
        argv.push_back(channel.constData());
        lengths.push_back(size_t(channel.size()));
    }
    // hiredis calls the callback for the confirmation and for every message on these channels.
    // A refusal (NOPERM) makes hiredis close the connection; the reconnect tries again.
    redisAsyncCommandArgv(m_link->ctx, &RedisConnection::replyThunk,
                          reinterpret_cast<void *>(SubscriptionTag), int(argv.size()), argv.data(),
                          lengths.data());
}

void RedisConnection::onSubscriptionReply(Link *link, const RedisReply &reply)
{
    if (link != m_link || !reply.is(RedisReply::Type::Array) || reply.elements.size() < 3)
        return;
    if (reply.elements.at(0).text.toLower() == "message") {
        const QByteArray channel = reply.elements.at(1).text;
        const QByteArray payload = reply.elements.at(2).text;
        QMetaObject::invokeMethod(
            this, [this, channel, payload] { Q_EMIT message(channel, payload); },
            Qt::QueuedConnection);
    }
}

void RedisConnection::onHandshakeTimeout()
{
    if (m_state != State::Connecting || !m_link)
        return;
    const QString message = m_link->connected
        ? timedOut()
        : unreachable(QStringLiteral("no connection within %1 ms").arg(m_timeoutMs));
    dropLink(m_link, message);
    attemptFailed(message);
}

void RedisConnection::becomeReady()
{
    m_handshakeTimer.stop();
    m_state = State::Ready;
    m_failures = 0;
    m_readySince.start();
    qCDebug(lcStore) << "redis: connected to" << m_url.describe()
                     << (m_role == Role::Subscriber ? "(subscriber)" : "");
    setAvailable(true, {});
    std::vector<quint64> waiting;
    for (const auto &[id, pending] : m_pending) {
        if (!pending.sentOn)
            waiting.push_back(id);
    }
    for (quint64 id : waiting)
        send(id);
    if (m_role == Role::Subscriber)
        sendSubscribe(m_channels);
    QMetaObject::invokeMethod(
        this, [this] { Q_EMIT ready(); }, Qt::QueuedConnection);
}

void RedisConnection::attemptFailed(const QString &message)
{
    m_handshakeTimer.stop();
    m_state = State::Waiting;
    m_lastError = message;
    failWaiting(message);
    setAvailable(false, message);
    ++m_failures;
    const int delay = retryDelayMs(m_failures);
    qCDebug(lcStore) << "redis:" << message << "- retrying in" << delay << "ms";
    m_retryTimer.start(delay);
}

void RedisConnection::onDisconnected(Link *link, const QString &why)
{
    if (link != m_link)
        return; // dropped on purpose, already handled
    m_link = nullptr;
    if (m_state == State::Connecting) {
        // Closed during the login: e.g. "max number of clients reached".
        attemptFailed(unreachable(why));
        return;
    }
    // An established link broke (server restart, CLIENT KILL, idle timeout): reconnect at once,
    // and change availability only if that fails. Commands arriving meanwhile wait for it.
    const bool healthy = m_readySince.isValid() && m_readySince.elapsed() >= HealthyLinkMs;
    m_quickLosses = healthy ? 0 : m_quickLosses + 1;
    m_state = State::Connecting;
    qCDebug(lcStore).noquote() << "redis: connection to" << m_url.describe() << "lost (" << why
                               << ")" << (m_role == Role::Subscriber ? "(subscriber)" : "");
    m_retryTimer.start(retryDelayMs(m_quickLosses));
}

void RedisConnection::dropLink(Link *link, const QString &reason)
{
    if (!link)
        return;
    if (link == m_link)
        m_link = nullptr;
    link->dropReason = reason;
    // Inside a hiredis callback the free is deferred until the callback returns; either way
    // hiredis answers the commands still on the link (with dropReason) before letting go.
    if (link->ctx)
        redisAsyncFree(link->ctx);
}

// ---- hiredis callbacks ----------------------------------------------------------------------

void RedisConnection::replyThunk(redisAsyncContext *ac, void *reply, void *privdata)
{
    auto *link = static_cast<Link *>(ac->data);
    if (!link)
        return;
    RedisConnection *self = link->owner();
    RedisReply copy = reply ? RedisReply::fromHiredis(static_cast<redisReply *>(reply))
                            : RedisReply::unavailable(self->lostBeforeAnswer(link));
    const quintptr tag = reinterpret_cast<quintptr>(privdata);
    if (tag == HandshakeTag)
        self->onHandshakeReply(link, copy);
    else if (tag == SubscriptionTag)
        self->onSubscriptionReply(link, copy);
    else
        self->onCommandReply(link, tag, copy);
}

void RedisConnection::connectThunk(const redisAsyncContext *ac, int status)
{
    if (auto *link = static_cast<Link *>(ac->data))
        link->owner()->onConnected(link, status == REDIS_OK);
}

void RedisConnection::disconnectThunk(const redisAsyncContext *ac, int)
{
    // hiredis has already run the cleanup hook: the link no longer has the context, so the
    // reason is read here.
    if (auto *link = static_cast<Link *>(ac->data)) {
        const QString why = ac->errstr[0] ? QString::fromLocal8Bit(ac->errstr)
                                          : QStringLiteral("the server closed the connection");
        link->owner()->onDisconnected(link, why);
    }
}

// ---- commands -------------------------------------------------------------------------------

void RedisConnection::command(const QList<QByteArray> &args, QObject *context, Callback callback)
{
    Q_ASSERT(m_role == Role::Commands);
    const quint64 id = m_nextId++;
    m_pending.emplace(
        id, Pending {args, context, std::move(callback), m_clock.elapsed() + m_timeoutMs, nullptr});
    switch (m_state) {
    case State::Ready: send(id); break;
    case State::Waiting:
        // Known to be down: say so now rather than after the timeout.
        finish(id, RedisReply::unavailable(m_lastError));
        return;
    case State::Idle: connectNow(); break;
    case State::Connecting: break;
    }
    armSweep();
}

void RedisConnection::eval(const RedisScript &script, const QList<QByteArray> &keys,
                           const QList<QByteArray> &args, QObject *context, Callback callback)
{
    QList<QByteArray> tail {QByteArray::number(keys.size())};
    tail += keys;
    tail += args;
    const QByteArray source = script.source;
    command(QList<QByteArray> {"EVALSHA", script.sha1} + tail, context,
            [this, source, tail, context, callback](const RedisReply &reply) {
                // The script cache is empty after a restart or SCRIPT FLUSH.
                if (reply.is(RedisReply::Type::Error) && reply.text.startsWith("NOSCRIPT")) {
                    command(QList<QByteArray> {"EVAL", source} + tail, context, callback);
                    return;
                }
                callback(reply);
            });
}

void RedisConnection::send(quint64 id)
{
    Pending &pending = m_pending.at(id);
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    for (const QByteArray &arg : std::as_const(pending.args)) {
        argv.push_back(arg.constData());
        lengths.push_back(size_t(arg.size()));
    }
    if (!m_link || !m_link->ctx
        || redisAsyncCommandArgv(m_link->ctx, &RedisConnection::replyThunk,
                                 reinterpret_cast<void *>(quintptr(id)), int(argv.size()),
                                 argv.data(), lengths.data())
            != REDIS_OK) {
        finish(id, RedisReply::unavailable(lostBeforeAnswer(m_link)));
        return;
    }
    pending.sentOn = m_link;
}

void RedisConnection::onCommandReply(Link *link, quint64 id, const RedisReply &reply)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return; // it already timed out and was answered
    // The link broke under it (not dropped by us): an idle connection the server or a NAT box
    // closed is no outage. Sent again after the reconnect, within its deadline.
    if (reply.is(RedisReply::Type::Unavailable) && link->dropReason.isEmpty()
        && !it->second.resent) {
        it->second.resent = true;
        it->second.sentOn = nullptr;
        return;
    }
    finish(id, reply);
}

void RedisConnection::finish(quint64 id, const RedisReply &reply)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    Pending pending = std::move(it->second);
    m_pending.erase(it);
    QMetaObject::invokeMethod(
        this,
        [context = pending.context, callback = std::move(pending.callback), reply] {
            if (context)
                callback(reply);
        },
        Qt::QueuedConnection);
}

void RedisConnection::failWaiting(const QString &message)
{
    std::vector<quint64> waiting;
    for (const auto &[id, pending] : m_pending) {
        if (!pending.sentOn)
            waiting.push_back(id);
    }
    for (quint64 id : waiting)
        finish(id, RedisReply::unavailable(message));
}

void RedisConnection::armSweep()
{
    if (m_pending.empty()) {
        m_sweepTimer.stop();
        return;
    }
    qint64 earliest = std::numeric_limits<qint64>::max();
    for (const auto &[id, pending] : m_pending)
        earliest = qMin(earliest, pending.deadlineMs);
    m_sweepTimer.start(int(std::clamp<qint64>(earliest - m_clock.elapsed(), 0, m_timeoutMs)));
}

void RedisConnection::sweep()
{
    const qint64 now = m_clock.elapsed();
    bool stuck = false;
    std::vector<quint64> expired;
    for (const auto &[id, pending] : m_pending) {
        if (pending.deadlineMs <= now) {
            expired.push_back(id);
            stuck = stuck || (pending.sentOn && pending.sentOn == m_link);
        }
    }
    const QString message = timedOut();
    for (quint64 id : expired)
        finish(id, RedisReply::unavailable(message));
    if (stuck) {
        // A server that does not answer one command will not answer the next: start over
        // rather than queue more behind it.
        qCWarning(lcStore).noquote() << message;
        dropLink(m_link, message);
        attemptFailed(message);
    }
    armSweep();
}

void RedisConnection::setAvailable(bool available, const QString &message)
{
    if (available == m_available)
        return;
    m_available = available;
    if (m_role == Role::Commands) {
        if (available)
            qCInfo(lcStore).noquote() << "Redis at" << m_url.address() << "is reachable again";
        else
            qCWarning(lcStore).noquote() << message;
    }
    QMetaObject::invokeMethod(
        this, [this, available, message] { Q_EMIT availabilityChanged(available, message); },
        Qt::QueuedConnection);
}

// ---- messages -------------------------------------------------------------------------------

QString RedisConnection::unreachable(const QString &why) const
{
    return QStringLiteral("Redis at %1 is not reachable (%2): start it or choose --store memory")
        .arg(m_url.address(), lowerFirst(why));
}

QString RedisConnection::timedOut() const
{
    return QStringLiteral("Redis at %1 did not answer within %2 ms: check that it is running and "
                          "not overloaded, or choose --store memory")
        .arg(m_url.address())
        .arg(m_timeoutMs);
}

QString RedisConnection::refusedSetup(const QList<QByteArray> &step, const QByteArray &error) const
{
    // Redis's error texts never contain the password; the command's arguments do, so only its
    // name is used.
    const QString said = QString::fromUtf8(error);
    const QByteArray name = step.value(0).toUpper();
    if (error.startsWith("NOAUTH")) {
        return QStringLiteral("Redis at %1 requires a password (%2): put it in the Redis URL as "
                              "redis://:PASSWORD@%1/%3, or redis://USER:PASSWORD@... for an ACL "
                              "user")
            .arg(m_url.address(), said)
            .arg(m_url.db);
    }
    if (name == "AUTH") {
        return QStringLiteral("Redis at %1 refused the credentials (%2): check the user and "
                              "password in the Redis URL")
            .arg(m_url.address(), said);
    }
    if (name == "SELECT") {
        return QStringLiteral("Redis at %1 refused database %2 (%3): choose a database the "
                              "server has")
            .arg(m_url.address())
            .arg(m_url.db)
            .arg(said);
    }
    if (error.startsWith("NOPERM")) {
        return QStringLiteral("Redis at %1 does not allow this user to %2 (%3): grant it in the "
                              "user's ACL")
            .arg(m_url.address(), QString::fromUtf8(name), said);
    }
    return QStringLiteral("Redis at %1 refused %2 (%3)")
        .arg(m_url.address(), QString::fromUtf8(name), said);
}

QString RedisConnection::lostBeforeAnswer(const Link *link) const
{
    if (link && !link->dropReason.isEmpty())
        return link->dropReason;
    const QString why = link && link->ctx && link->ctx->errstr[0]
        ? lowerFirst(QString::fromLocal8Bit(link->ctx->errstr))
        : QStringLiteral("connection closed");
    return QStringLiteral("the connection to Redis at %1 broke before it answered (%2); the "
                          "command may or may not have run")
        .arg(m_url.address(), why);
}

} // namespace Keyway
