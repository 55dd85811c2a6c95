#pragma once

#include "auth/tokenmanager.h"
#include "http/apicall.h"
#include "http/authorizedclient.h"

#include <QObject>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace Keyway {

// Drives one ApiCall through its attempts: token, send, redirect, challenge, replay, finish.
// Lives as the call's child, so it goes when the call goes.
class CallDriver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallDriver)
public:
    CallDriver(ApiCall *call, QNetworkAccessManager *network, TokenManager *tokens,
               EventLog *events, Clock *clock, const ClientOptions &options, TlsSetup tls);

    void start();
    // ApiCall::abort(): see there.
    void cancel();

private:
    void beginAttempt();
    void dispatch(const std::optional<TokenGrant> &grant);
    void onReplyFinished(QNetworkReply *reply, std::optional<TokenGrant> grant);
    void onHeadersReceived(QNetworkReply *reply, bool tokenWasAttached);
    bool isFinalAnswer(QNetworkReply *reply, int status, bool tokenWasAttached) const;
    bool canReplay() const;
    void pumpBody(QNetworkReply *reply);
    void checkAnswer(QNetworkReply *reply); // too large, or trickling in?
    // How far Qt's network thread may read ahead of this driver (see dispatch()).
    void boundReadAhead(QNetworkReply *reply, qint64 bytes);
    void stopReply(QNetworkReply *reply, ApiCall::Error error, const QString &message);
    bool followRedirect(QNetworkReply *reply, int status, bool tokenWasAttached);
    void onChallenge(QNetworkReply *reply, const TokenGrant &grant);
    void finishWithReply(QNetworkReply *reply);
    void recordAnswer(QNetworkReply *reply);
    void noteAttemptSent(const std::optional<TokenGrant> &grant);
    void noteStep(QNetworkReply *reply, Attempt::Outcome outcome, const QByteArray &body);
    void finishWithError(ApiCall::Error error, const QString &message);
    QString describeNetworkError(QNetworkReply *reply) const;
    void complete();
    void announce();
    CallRef ref() const { return CallRef {m_call->m_id, m_call->m_attempts}; }
    void post(EventType type, const QString &message, QJsonObject details = {},
              quint64 generation = 0) const;

    ApiCall *m_call;
    QNetworkAccessManager *m_network;
    TokenManager *m_tokens;
    EventLog *m_events;
    Clock *m_clock;
    ClientOptions m_options;
    TlsSetup m_tls;
    QList<QSslError> m_sslErrors; // what the last attempt's handshake complained about

    QUrl m_url;
    QByteArray m_method;
    bool m_sendBody = true;
    bool m_leftOrigin = false;
    int m_redirects = 0;
    bool m_bodyConsumed = false;
    QNetworkReply *m_reply = nullptr; // the attempt in flight; null while waiting on a token
    bool m_cancelled = false;
    QNetworkReply *m_streaming = nullptr; // the reply whose body goes to the call's sink
    QString m_sinkError; // why the sink took no more
    // Why this driver aborted the reply under way (too large, too slow); None: it did not.
    ApiCall::Error m_stopError = ApiCall::Error::None;
    QString m_stopMessage;
    // The slow-body window of the reply under way: since when, and what had come by then.
    qint64 m_windowStartMs = -1;
    qint64 m_windowStartBytes = 0;
    bool m_readAheadResent = false; // for the reply under way, see dispatch()
    QByteArray m_heldBody; // with a sink: what arrived of an answer that is not the final one
    qint64 m_startedMs = 0;
    bool m_starting = false; // inside start(), i.e. still inside AuthorizedClient::send()
};

} // namespace Keyway
