#include "http/calldriver.h"

#include "auth/challenge.h"
#include "auth/clock.h"
#include "http/endpoint.h"
#include "http/heldconnectionrelease.h"
#include "http/networkreplacement.h"
#include "http/tlssetup.h"
#include "log/eventlog.h"
#include "log/redaction.h"

#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <utility>

namespace Keyway {

namespace {

// A streamed body is read in pieces of this size, and Qt reads at most a few of them ahead of
// the sink: what bounds the memory of a download.
constexpr qint64 StreamChunkBytes = 64 * 1024;
constexpr qint64 StreamReadAheadBytes = 4 * StreamChunkBytes;
constexpr qint64 KeptReadAheadMarginBytes = 1024 * 1024;

bool isFollowableRedirect(const Request &request, QNetworkReply *reply, int status)
{
    static const QList<int> redirectStatuses {301, 302, 303, 307, 308};
    return request.followRedirects && redirectStatuses.contains(status)
        && !reply->rawHeader("Location").isEmpty();
}

// "256 MB", "2.0 GB": sizes as people say them (powers of 1024).
QString sizeText(qint64 bytes, int decimals)
{
    return QLocale::c().formattedDataSize(bytes, decimals, QLocale::DataSizeTraditionalFormat);
}

// The connection failed after the status line came: the body is cut short. (Errors from 101 on
// are about proxies, content and the protocol; Qt sets those from the status itself.)
bool brokeMidAnswer(QNetworkReply *reply)
{
    return reply->error() > QNetworkReply::NoError
        && reply->error() < QNetworkReply::ProxyConnectionRefusedError;
}

} // namespace

CallDriver::CallDriver(ApiCall *call, QNetworkAccessManager *network, TokenManager *tokens,
                       EventLog *events, Clock *clock, const ClientOptions &options, TlsSetup tls)
    : QObject(call),
      m_call(call),
      m_network(network),
      m_tokens(tokens),
      m_events(events),
      m_clock(clock),
      m_options(options),
      m_tls(std::move(tls)),
      m_url(call->request().url),
      m_method(call->request().method.toUpper())
{
}

void CallDriver::post(EventType type, const QString &message, QJsonObject details,
                      quint64 generation) const
{
    if (!m_events->isObserved())
        return;
    Event event;
    event.type = type;
    event.profile = m_tokens ? m_tokens->profile().name : QString();
    event.callId = m_call->m_id;
    event.attempt = qMax(1, m_call->m_attempts); // "started" is posted before attempt 1 begins
    // The generation the event is about: the token an attempt carried, else the current one.
    event.generation = generation || !m_tokens ? generation : m_tokens->tokens().generation;
    event.message = message;
    event.details = std::move(details);
    m_events->post(std::move(event));
}

QString CallDriver::describeNetworkError(QNetworkReply *reply) const
{
    const QString where = endpointOf(m_url);
    switch (reply->error()) {
    case QNetworkReply::SslHandshakeFailedError:
        return describeTlsFailure(where, m_sslErrors, reply->errorString());
    case QNetworkReply::RemoteHostClosedError:
        // A server that wants a client certificate and gets none may just close the connection
        // once the handshake is done (TLS 1.3 checks the client's certificate last).
        if (m_url.scheme() == QLatin1String("https")
            && m_tls.settings.clientCertificateFile.isEmpty())
            return QStringLiteral("%1 closed the connection without answering; if the server "
                                  "asks for a client certificate, give one with --client-cert "
                                  "FILE --client-key FILE or in the profile's TLS settings")
                .arg(where);
        return QStringLiteral("%1: %2").arg(where, reply->errorString());
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("nothing is listening on %1 (connection refused): is the server "
                              "running, and is the port right?")
            .arg(where);
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("the host '%1' was not found: check the URL").arg(m_url.host());
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        // Only Qt's transfer timeout cancels a reply this driver did not abort itself.
        if (m_options.transferTimeoutMs <= 0)
            return QStringLiteral("%1 did not answer in time").arg(where);
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 0) {
            return QStringLiteral("no answer from %1: nothing came for %2 s, or its headers "
                                  "never ended (the server is stuck or hostile); raise the "
                                  "timeout if it is only slow")
                .arg(where)
                .arg(double(m_options.transferTimeoutMs) / 1000);
        }
        return QStringLiteral("%1 stopped sending: no byte came for %2 s; raise the timeout if "
                              "the server is only slow")
            .arg(where)
            .arg(double(m_options.transferTimeoutMs) / 1000);
    default:
        // A TLS 1.3 server refuses a client certificate (or its absence) with a fatal alert
        // after the client's side of the handshake is done; Qt 6.4 reports that as an unknown
        // error carrying OpenSSL's text ("... tlsv13 alert certificate required").
        if (m_url.scheme() == QLatin1String("https")
            && reply->errorString().contains(QLatin1String(" alert ")))
            return describeTlsFailure(where, m_sslErrors, reply->errorString());
        return QStringLiteral("%1: %2").arg(where, reply->errorString());
    }
}

void CallDriver::start()
{
    m_starting = true;
    m_startedMs = m_clock->nowMs();
    if (!m_url.isValid() || m_url.isRelative()
        || (m_url.scheme() != QLatin1String("http") && m_url.scheme() != QLatin1String("https"))) {
        finishWithError(ApiCall::Error::Network,
                        QStringLiteral("'%1' is not an http:// or https:// URL")
                            .arg(redactedUrl(m_call->request().url)));
        return;
    }
    if (m_events->isObserved()) {
        post(EventType::RequestStarted,
             QStringLiteral("%1 %2").arg(QString::fromLatin1(m_method), redactedUrl(m_url)));
        if (m_tls.settings.insecure && m_url.scheme() == QLatin1String("https"))
            post(EventType::TlsInsecure,
                 QStringLiteral("the certificate of %1 is not checked: the profile is set to "
                                "insecure TLS (for testing only)")
                     .arg(endpointOf(m_url)));
    }
    if (!m_tls.error.isEmpty() && m_url.scheme() == QLatin1String("https")) {
        finishWithError(ApiCall::Error::Network, m_tls.error);
        return;
    }
    beginAttempt();
    m_starting = false;
}

void CallDriver::beginAttempt()
{
    ++m_call->m_attempts;
    // The token only ever goes to the origin the caller addressed.
    if (!m_tokens || m_leftOrigin || !isSameOrigin(m_url, m_call->request().url)) {
        dispatch(std::nullopt);
        return;
    }
    const bool replayable = m_call->request().body.isReplayable();
    m_tokens->tokenForAttempt(ref(), !replayable, this, [this](const TokenOutcome &outcome) {
        if (m_cancelled)
            return; // answered from a list of waiters taken before the call left it
        if (!outcome.ok()) {
            finishWithError(ApiCall::Error::TokenUnavailable, outcome.error.message);
            return;
        }
        dispatch(outcome.grant);
    });
}

void CallDriver::dispatch(const std::optional<TokenGrant> &grant)
{
    QNetworkRequest request(m_url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (m_options.transferTimeoutMs > 0)
        request.setTransferTimeout(int(m_options.transferTimeoutMs));
    if (m_tls.configuration)
        request.setSslConfiguration(*m_tls.configuration);
    for (const auto &[name, value] : m_call->request().headers) {
        // A caller's own credentials are not carried to another origin either.
        if (m_leftOrigin && isSecretHeader(name))
            continue;
        request.setRawHeader(name, value);
    }
    if (grant) {
        request.setRawHeader("Authorization", grant->authorization);
        if (m_events->isObserved())
            post(EventType::TokenAttached, QString(),
                 {{QStringLiteral("access_token"), grant->fingerprint},
                  {QStringLiteral("generation"), QString::number(grant->generation)}},
                 grant->generation);
    }

    const BodySource &body = m_call->request().body;
    QNetworkAccessManager *network = currentNetwork(m_network);
    QNetworkReply *reply = nullptr;
    if (!m_sendBody || body.isEmpty()) {
        // The named operations take QNAM's cheaper paths; any other verb goes as it is.
        if (m_method == "GET")
            reply = network->get(request);
        else if (m_method == "HEAD")
            reply = network->head(request);
        else if (m_method == "DELETE")
            reply = network->deleteResource(request);
        else
            reply = network->sendCustomRequest(request, m_method);
    } else if (body.kind() == BodySource::Kind::Bytes) {
        reply = network->sendCustomRequest(request, m_method, body.data());
    } else {
        if (m_bodyConsumed && !body.isReplayable()) {
            finishWithError(ApiCall::Error::Body,
                            QStringLiteral("the body is a one-shot stream and was already sent; "
                                           "it cannot be sent again"));
            return;
        }
        QString error;
        std::unique_ptr<QIODevice> device = body.openForAttempt(&error);
        if (!device) {
            finishWithError(ApiCall::Error::Body, error);
            return;
        }
        if (const qint64 size = body.size(); size >= 0)
            request.setHeader(QNetworkRequest::ContentLengthHeader, size);
        m_bodyConsumed = true;
        reply = network->sendCustomRequest(request, m_method, device.get());
        device.release()->setParent(reply); // lives exactly as long as the upload needs it
    }
    if (m_call->m_sink) {
        // Bounded from the start: Qt's network thread would otherwise read the whole answer
        // ahead before the headers even reach us. Seen on Qt 6.4.2: with an upload, the network
        // thread starts the request later and drops a size set before that (the answer to a
        // 50 MB PUT was held whole), so it is set again once the upload is under way.
        boundReadAhead(reply, StreamReadAheadBytes);
        connect(
            reply, &QNetworkReply::metaDataChanged, this,
            [this, reply, attached = grant.has_value()] { onHeadersReceived(reply, attached); });
        connect(reply, &QNetworkReply::readyRead, this, [this, reply] {
            if (reply == m_streaming)
                pumpBody(reply);
            else
                m_heldBody += reply->readAll(); // a redirect or a rejection: not the answer's
        });
    }
    m_reply = reply;
    noteAttemptSent(grant);
    m_windowStartMs = -1;
    // A kept body: Qt reads no further ahead than this, a little past the limit so that
    // checkAnswer sees it crossed (Qt stops short of the size rather than cross it: at the limit
    // itself a body one byte too large would stall instead); a body within the limit is not
    // held back.
    if (!m_call->m_sink && m_options.maxBodyBytes > 0)
        boundReadAhead(reply, m_options.maxBodyBytes + KeptReadAheadMarginBytes);
    // Not downloadProgress: Qt 6.4 emits that at most every 100 ms, by when a fast server has
    // sent a hundred megabytes more. readyRead comes with every read (and after the sink's
    // handler above has taken its share).
    if (m_options.maxBodyBytes > 0 || m_options.maxStreamedBodyBytes > 0
        || m_options.slowBodyWindowMs > 0) {
        connect(reply, &QNetworkReply::readyRead, this, [this, reply] { checkAnswer(reply); });
    }
    m_sslErrors.clear();
    connect(reply, &QNetworkReply::sslErrors, this,
            [this](const QList<QSslError> &errors) { m_sslErrors = errors; });
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, grant] { onReplyFinished(reply, grant); });
}

void CallDriver::boundReadAhead(QNetworkReply *reply, qint64 bytes)
{
    reply->setReadBufferSize(bytes);
    m_readAheadResent = false;
    if (!m_sendBody || m_call->request().body.isEmpty())
        return;
    connect(reply, &QNetworkReply::uploadProgress, this, [this, reply, bytes](qint64 sent) {
        if (sent > 0 && !m_readAheadResent) {
            m_readAheadResent = true;
            reply->setReadBufferSize(bytes);
        }
    });
}

void CallDriver::noteAttemptSent(const std::optional<TokenGrant> &grant)
{
    if (!m_events->isObserved())
        return;
    Attempt attempt;
    attempt.number = m_call->m_attempts;
    attempt.method = m_method;
    attempt.url = m_url;
    attempt.startedMs = m_clock->nowMs();
    attempt.ownCredentialsSent = !m_leftOrigin;
    attempt.bodySent = m_sendBody && !m_call->request().body.isEmpty();
    if (grant) {
        attempt.tokenFingerprint = grant->fingerprint;
        attempt.generation = grant->generation;
    }
    m_call->m_attemptLog.append(std::move(attempt));
}

// The answer to the latest attempt was a step (a rejection replayed, a redirect followed), not
// the call's answer: it is kept with the attempt for the exports.
void CallDriver::noteStep(QNetworkReply *reply, Attempt::Outcome outcome, const QByteArray &body)
{
    if (m_call->m_attemptLog.isEmpty())
        return;
    Attempt &attempt = m_call->m_attemptLog.last();
    attempt.outcome = outcome;
    attempt.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    attempt.elapsedMs = m_clock->nowMs() - attempt.startedMs;
    attempt.responseHeaders = reply->rawHeaderPairs();
    attempt.responseBody = body.left(Attempt::MaxKeptBodyBytes);
    attempt.responseBodySize = body.size();
}

void CallDriver::cancel()
{
    if (m_call->m_finished)
        return;
    m_cancelled = true;
    const bool waitingOnToken = !m_reply;
    if (m_tokens)
        m_tokens->withdraw(this);
    if (QNetworkReply *reply = std::exchange(m_reply, nullptr)) {
        // Not through onReplyFinished: Qt's abort() finishes the reply at once, and an aborted
        // answer is neither followed nor replayed.
        disconnect(reply, nullptr, this, nullptr);
        // Cancelled before the headers ended: Qt's network thread may be held by headers that
        // never end, as after the stall timeout (see heldconnectionrelease.h).
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 0)
            HeldConnectionRelease::start(reply->manager(), m_url, false);
        reply->abort();
        reply->deleteLater();
    }
    // Whatever an earlier attempt left (a rejection, a redirect) is not an answer to show.
    m_call->m_status = 0;
    m_call->m_responseHeaders.clear();
    m_call->m_body.clear();
    if (!m_call->m_bodyStreamed)
        m_call->m_bodyBytes = 0;
    const QString message = waitingOnToken
        ? QStringLiteral("cancelled while waiting for a token; the refresh goes on for the "
                         "other requests")
        : QStringLiteral("cancelled before the answer came (attempt %1); nothing more is sent")
              .arg(m_call->m_attempts);
    post(EventType::RequestCancelled, message);
    finishWithError(ApiCall::Error::Cancelled, message);
}

bool CallDriver::canReplay() const
{
    return m_call->m_authReplays < 1 && !(m_bodyConsumed && !m_call->request().body.isReplayable());
}

// Says, as soon as the status and headers are in, what onReplyFinished will make of the answer.
bool CallDriver::isFinalAnswer(QNetworkReply *reply, int status, bool tokenWasAttached) const
{
    if (isFollowableRedirect(m_call->request(), reply, status))
        return false; // followed, or one too many: a redirect's body is never the answer's
    if (!tokenWasAttached)
        return true;
    return !canReplay()
        || classifyAnswer(status, reply->rawHeader("WWW-Authenticate"),
                          m_tokens->profile().expiredStatuses)
        != ChallengeVerdict::ExpiredToken;
}

void CallDriver::onHeadersReceived(QNetworkReply *reply, bool tokenWasAttached)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_streaming == reply || status == 0 || !m_call->m_sink
        || !isFinalAnswer(reply, status, tokenWasAttached))
        return;
    m_streaming = reply;
    m_call->m_body.clear(); // a rejection kept from an earlier attempt is not this answer
    m_call->m_bodyStreamed = true;
    m_call->m_bodyBytes = 0;
    pumpBody(reply);
}

void CallDriver::pumpBody(QNetworkReply *reply)
{
    QIODevice *sink = m_call->m_sink;
    while (m_sinkError.isEmpty() && reply->bytesAvailable() > 0) {
        const QByteArray chunk = reply->read(StreamChunkBytes);
        if (!sink || sink->write(chunk) != chunk.size()) {
            m_sinkError = sink ? sink->errorString() : QStringLiteral("the sink is gone");
            reply->abort(); // finishes the reply; onReplyFinished says why
            return;
        }
        m_call->m_bodyBytes += chunk.size();
    }
}

void CallDriver::checkAnswer(QNetworkReply *reply)
{
    if (reply != m_reply)
        return; // it finished in the handler before this one (the sink took no more)
    // What came of this answer's body so far: in Qt's buffer, held here, or gone to the sink.
    // Checked as the bytes come, so that a kept body never grows past the limit by more than
    // one read.
    const bool streamed = reply == m_streaming;
    const qint64 received =
        reply->bytesAvailable() + (streamed ? m_call->m_bodyBytes : m_heldBody.size());
    const qint64 announced = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
    const qint64 limit = streamed ? m_options.maxStreamedBodyBytes : m_options.maxBodyBytes;
    if (limit > 0 && qMax(received, announced) > limit) {
        const QString size = announced > limit
            ? sizeText(announced, 1)
            : QStringLiteral("larger than %1 so far").arg(sizeText(received, 1));
        stopReply(reply, ApiCall::Error::TooLarge,
                  streamed ? QStringLiteral("the answer is %1, more than the %2 allowed for a "
                                            "download; raise the limit to take it")
                                 .arg(size, sizeText(limit, 0))
                           : QStringLiteral("the answer is %1, more than the %2 kept in memory; "
                                            "save it to a file instead (keyway-cli send -o FILE "
                                            "writes it as it arrives)")
                                 .arg(size, sizeText(limit, 0)));
        return;
    }
    if (m_options.slowBodyWindowMs <= 0)
        return;
    // A trickle keeps the stall timeout from firing; what it brings per window gives it away.
    const qint64 now = m_clock->nowMs();
    if (m_windowStartMs < 0) {
        m_windowStartMs = now;
        m_windowStartBytes = received;
        return;
    }
    if (now - m_windowStartMs < m_options.slowBodyWindowMs)
        return;
    const qint64 came = received - m_windowStartBytes;
    if (came < m_options.slowBodyMinBytes) {
        stopReply(reply, ApiCall::Error::Network,
                  QStringLiteral("the answer trickles in: %1 bytes in %2 s, less than %3 bytes "
                                 "per %4 s; stopped after %5 bytes of its body (the server is "
                                 "overloaded or hostile)")
                      .arg(came)
                      .arg(double(now - m_windowStartMs) / 1000)
                      .arg(m_options.slowBodyMinBytes)
                      .arg(double(m_options.slowBodyWindowMs) / 1000)
                      .arg(received));
        return;
    }
    m_windowStartMs = now;
    m_windowStartBytes = received;
}

void CallDriver::stopReply(QNetworkReply *reply, ApiCall::Error error, const QString &message)
{
    if (reply != m_streaming)
        m_call->m_bodyBytes = reply->bytesAvailable() + m_heldBody.size();
    m_stopError = error;
    m_stopMessage = message;
    reply->abort(); // finishes the reply at once; onReplyFinished ends the call
}

void CallDriver::onReplyFinished(QNetworkReply *reply, std::optional<TokenGrant> grant)
{
    reply->deleteLater();
    if (m_reply == reply)
        m_reply = nullptr;
    if (m_stopError != ApiCall::Error::None) {
        // The status and headers are kept; the body is not (it was too large, or cut short).
        m_call->m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        m_call->m_responseHeaders = reply->rawHeaderPairs();
        if (reply != m_streaming) {
            m_call->m_body.clear(); // an earlier attempt's rejection is not this answer either
            m_heldBody.clear();
        }
        finishWithError(m_stopError, m_stopMessage);
        return;
    }
    if (!m_sinkError.isEmpty()) {
        finishWithReply(reply);
        return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) {
        // Qt's stall timeout before the headers ended: its network thread may be held by headers
        // that never end (see heldconnectionrelease.h). Later requests go through a new manager
        // at once, so that none waits on the check.
        if (reply->error() == QNetworkReply::OperationCanceledError
            && m_options.transferTimeoutMs > 0) {
            replaceNetwork(m_network);
            HeldConnectionRelease::start(reply->manager(), m_url, true);
        }
        finishWithError(ApiCall::Error::Network, describeNetworkError(reply));
        return;
    }
    if (brokeMidAnswer(reply)) {
        recordAnswer(reply);
        finishWithError(ApiCall::Error::Network,
                        QStringLiteral("the answer was cut off after %1 bytes of its body: %2")
                            .arg(m_call->m_bodyBytes)
                            .arg(describeNetworkError(reply)));
        return;
    }
    if (followRedirect(reply, status, grant.has_value()))
        return;
    if (!grant) {
        finishWithReply(reply);
        return;
    }
    // Qt 6.4 reports a Bearer 401 as AuthenticationRequiredError without emitting
    // authenticationRequired(): the status attribute is what counts.
    const ChallengeVerdict verdict = classifyAnswer(status, reply->rawHeader("WWW-Authenticate"),
                                                    m_tokens->profile().expiredStatuses);
    switch (verdict) {
    case ChallengeVerdict::NotAChallenge:
        if (status >= 200 && status < 300)
            m_tokens->accepted(grant->generation);
        finishWithReply(reply);
        return;
    case ChallengeVerdict::InsufficientScope:
        post(EventType::ChallengeIgnored,
             QStringLiteral("%1 insufficient_scope: a refresh would not add scope").arg(status));
        finishWithReply(reply);
        return;
    case ChallengeVerdict::ExpiredToken: onChallenge(reply, *grant); return;
    }
}

void CallDriver::onChallenge(QNetworkReply *reply, const TokenGrant &grant)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    post(EventType::ChallengeReceived,
         QStringLiteral("%1 for generation %2").arg(status).arg(grant.generation),
         {{QStringLiteral("status"), status},
          {QStringLiteral("access_token"), grant.fingerprint},
          {QStringLiteral("www_authenticate"),
           QString::fromLatin1(reply->rawHeader("WWW-Authenticate"))}},
         grant.generation);
    if (m_call->m_authReplays >= 1) { // canReplay() says the same for isFinalAnswer()
        // At most one auth replay per call: a second rejection is the final answer.
        post(EventType::LoopGuard,
             QStringLiteral("the replay was rejected too; not replaying again"));
        m_tokens->replayRejected(ref(), grant.generation);
        finishWithReply(reply);
        return;
    }
    if (m_bodyConsumed && !m_call->request().body.isReplayable()) {
        post(EventType::NotReplayable,
             QStringLiteral("the body was a one-shot stream; the rejection is the answer"));
        finishWithReply(reply);
        return;
    }
    // The rejection is the answer unless a replay replaces it; the reply itself is released now.
    recordAnswer(reply);
    noteStep(reply, Attempt::Outcome::Rejected, m_call->m_body);
    m_tokens->challenged(ref(), grant.generation, this, [this](const TokenOutcome &outcome) {
        if (m_cancelled)
            return;
        if (!outcome.ok()) {
            finishWithError(ApiCall::Error::TokenUnavailable, outcome.error.message);
            return;
        }
        ++m_call->m_authReplays;
        post(EventType::RequestReplayed,
             QStringLiteral("with generation %1").arg(outcome.grant->generation));
        ++m_call->m_attempts;
        dispatch(outcome.grant);
    });
}

bool CallDriver::followRedirect(QNetworkReply *reply, int status, bool tokenWasAttached)
{
    if (!isFollowableRedirect(m_call->request(), reply, status))
        return false;
    const QByteArray location = reply->rawHeader("Location");
    if (++m_redirects > m_options.maxRedirects) {
        recordAnswer(reply);
        finishWithError(ApiCall::Error::TooManyRedirects,
                        QStringLiteral("more than %1 redirects").arg(m_options.maxRedirects));
        return true;
    }
    const QUrl next = m_url.resolved(QUrl::fromEncoded(location));
    // RFC 9110 §15.4: 303 becomes GET; 301/302 after POST too, as every browser does.
    if (status == 303 || ((status == 301 || status == 302) && m_method == "POST")) {
        if (m_method != "HEAD")
            m_method = QByteArrayLiteral("GET");
        m_sendBody = false;
    }
    if (m_sendBody && m_bodyConsumed && !m_call->request().body.isReplayable()) {
        recordAnswer(reply);
        finishWithError(ApiCall::Error::Body,
                        QStringLiteral("redirected with %1, but the one-shot body cannot be sent "
                                       "again")
                            .arg(status));
        return true;
    }
    if (m_events->isObserved())
        noteStep(reply, Attempt::Outcome::Redirected,
                 m_heldBody + reply->peek(Attempt::MaxKeptBodyBytes));
    m_heldBody.clear(); // a redirect's body is no part of the answer
    const bool leaving = !m_leftOrigin && !isSameOrigin(next, m_call->request().url);
    post(EventType::RedirectFollowed,
         QStringLiteral("%1 to %2").arg(status).arg(redactedUrl(next)));
    if (leaving) {
        m_leftOrigin = true;
        if (tokenWasAttached) {
            post(EventType::RedirectAuthStripped,
                 QStringLiteral("Authorization not sent to %1 (another origin)")
                     .arg(next.adjusted(QUrl::RemovePath | QUrl::RemoveQuery).toDisplayString()));
        }
    }
    m_url = next;
    beginAttempt();
    return true;
}

void CallDriver::recordAnswer(QNetworkReply *reply)
{
    m_call->m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply == m_streaming) {
        pumpBody(reply);
    } else {
        m_call->m_body = std::exchange(m_heldBody, {}) + reply->readAll();
        m_call->m_bodyBytes = m_call->m_body.size();
    }
    m_call->m_responseHeaders = reply->rawHeaderPairs();
}

void CallDriver::finishWithReply(QNetworkReply *reply)
{
    recordAnswer(reply);
    if (!m_sinkError.isEmpty()) {
        finishWithError(ApiCall::Error::Body,
                        QStringLiteral("the response body could not be written after %1 bytes: %2")
                            .arg(m_call->m_bodyBytes)
                            .arg(m_sinkError));
        return;
    }
    m_call->m_finalUrl = m_url;
    complete();
}

void CallDriver::finishWithError(ApiCall::Error error, const QString &message)
{
    m_call->m_error = error;
    m_call->m_errorString = message;
    m_call->m_finalUrl = m_url;
    complete();
}

void CallDriver::complete()
{
    if (m_call->m_finished)
        return;
    m_call->m_finished = true;
    m_call->m_elapsedMs = m_clock->nowMs() - m_startedMs;
    if (!m_call->m_attemptLog.isEmpty()) {
        Attempt &last = m_call->m_attemptLog.last();
        if (last.outcome == Attempt::Outcome::Answer) {
            last.status = m_call->m_status;
            last.elapsedMs = m_clock->nowMs() - last.startedMs;
        }
    }
    if (m_starting) {
        // Finished before send() returned (a bad URL, no token to be had): the caller has not
        // had a chance to connect yet, so tell it from the event loop.
        QMetaObject::invokeMethod(this, &CallDriver::announce, Qt::QueuedConnection);
        return;
    }
    announce();
}

void CallDriver::announce()
{
    if (!m_events->isObserved()) {
        Q_EMIT m_call->finished();
        return;
    }
    QJsonObject details {{QStringLiteral("status"), m_call->m_status},
                         {QStringLiteral("attempts"), m_call->m_attempts},
                         {QStringLiteral("replays"), m_call->m_authReplays},
                         {QStringLiteral("ms"), m_call->m_elapsedMs}};
    if (m_call->m_error != ApiCall::Error::None)
        details.insert(QStringLiteral("error"), m_call->m_errorString);
    post(EventType::RequestFinished,
         m_call->m_error == ApiCall::Error::None ? QString::number(m_call->m_status)
                                                 : m_call->m_errorString,
         details);
    Q_EMIT m_call->finished();
}

} // namespace Keyway
