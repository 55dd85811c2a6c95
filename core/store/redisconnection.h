#pragma once

#include "store/redisreply.h"
#include "store/redisurl.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <map>

struct redisAsyncContext;

namespace Keyway {

struct RedisScript;

// One hiredis asynchronous connection run by the Qt event loop. It logs in (AUTH, SELECT) on
// every connect, gives every command a deadline, reconnects with backoff, and as a subscriber
// SUBSCRIBEs again after each reconnect. Answers always arrive later from the event loop, never
// from inside hiredis, so a callback may do anything, including destroying this connection.
class RedisConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedisConnection)
public:
    enum class Role { Commands, Subscriber };
    using Callback = std::function<void(const RedisReply &)>;

    static constexpr int DefaultTimeoutMs = 2000;

    RedisConnection(const RedisUrl &url, Role role, QObject *parent = nullptr);
    ~RedisConnection() override;

    // The longest a command (and a connect with its login) may take before it answers
    // Unavailable. Applies to commands sent afterwards.
    void setTimeoutMs(int ms);
    int timeoutMs() const { return m_timeoutMs; }

    // Starts connecting; from then on the connection keeps itself connected until destroyed.
    void open();
    bool isReady() const { return m_state == State::Ready; }
    // False from the first failed connect until a connect succeeds again.
    bool isAvailable() const { return m_available; }

    // Runs `callback` exactly once, unless `context` is gone by then: with Redis's answer, or with
    // Unavailable when Redis is down, did not answer in time, or the connection broke twice. A
    // command whose connection broke before it answered is sent once more on a new connection,
    // so commands must be idempotent (RedisTokenStore's are).
    void command(const QList<QByteArray> &args, QObject *context, Callback callback);
    // Subscriber only: listens on `channel` from now on, and again after every reconnect.
    void subscribe(const QByteArray &channel);
    // EVALSHA, and EVAL when the server does not know the script yet.
    void eval(const RedisScript &script, const QList<QByteArray> &keys,
              const QList<QByteArray> &args, QObject *context, Callback callback);

Q_SIGNALS:
    // Connected and logged in (again); for a subscriber, subscribed.
    void ready();
    void availabilityChanged(bool available, const QString &message);
    // Subscriber only: a message published on a subscribed channel.
    void message(const QByteArray &channel, const QByteArray &payload);

private:
    class Link;
    enum class State { Idle, Connecting, Ready, Waiting };
    struct Pending
    {
        QList<QByteArray> args;
        QPointer<QObject> context;
        Callback callback;
        qint64 deadlineMs = 0; // on m_clock
        Link *sentOn = nullptr; // null: waiting for a connection
        bool resent = false;
    };

    static void replyThunk(redisAsyncContext *ac, void *reply, void *privdata);
    static void connectThunk(const redisAsyncContext *ac, int status);
    static void disconnectThunk(const redisAsyncContext *ac, int status);

    void connectNow();
    void sendHandshakeStep();
    void sendSubscribe(const QList<QByteArray> &channels);
    void onHandshakeReply(Link *link, const RedisReply &reply);
    void onSubscriptionReply(Link *link, const RedisReply &reply);
    void onCommandReply(Link *link, quint64 id, const RedisReply &reply);
    void onConnected(Link *link, bool ok);
    void onDisconnected(Link *link, const QString &why);
    void onHandshakeTimeout();
    void becomeReady();
    void attemptFailed(const QString &message);
    void dropLink(Link *link, const QString &reason);
    void send(quint64 id);
    void finish(quint64 id, const RedisReply &reply);
    void failWaiting(const QString &message);
    void sweep();
    void armSweep();
    void setAvailable(bool available, const QString &message);

    QString unreachable(const QString &why) const;
    QString timedOut() const;
    QString refusedSetup(const QList<QByteArray> &step, const QByteArray &error) const;
    QString lostBeforeAnswer(const Link *link) const;

    RedisUrl m_url;
    Role m_role;
    QList<QByteArray> m_channels;
    QList<QList<QByteArray>> m_handshake;
    int m_timeoutMs = DefaultTimeoutMs;

    State m_state = State::Idle;
    Link *m_link = nullptr;
    bool m_available = true;
    QString m_lastError;
    int m_failures = 0;
    int m_quickLosses = 0;
    QElapsedTimer m_readySince;

    QElapsedTimer m_clock;
    quint64 m_nextId = 0;
    std::map<quint64, Pending> m_pending;
    QTimer m_sweepTimer;
    QTimer m_handshakeTimer;
    QTimer m_retryTimer;
};

} // namespace Keyway
