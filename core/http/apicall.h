#pragma once

#include "http/attempt.h"
#include "http/request.h"

#include <QObject>
#include <QPointer>

class QIODevice;

namespace Keyway {

class CallDriver;

// The caller's handle on one logical request across all its attempts (redirects, an auth replay).
// Callers never see an intermediate 401: `finished` is emitted exactly once, with the final answer.
class ApiCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiCall)
public:
    enum class Error {
        None,
        Network, // no HTTP answer (refused, reset, timeout, bad URL)
        Body, // the body could not be read or cannot be re-sent
        TokenUnavailable, // no token could be had: see errorString() for why and what to do
        TooManyRedirects,
        Cancelled, // abort() was called before the answer came
        TooLarge, // the body is larger than the client keeps (ClientOptions::maxBodyBytes)
    };
    Q_ENUM(Error)

    ApiCall(quint64 id, Request request, QObject *parent = nullptr);

    // Stops the call now: the request in flight is aborted, or, when the call waits on a token
    // refresh, it leaves the refresh (which goes on for the others waiting). Finishes the call
    // with Error::Cancelled; nothing is sent or replayed afterwards. A finished call is left as
    // it is.
    void abort();

    quint64 id() const { return m_id; }
    const Request &request() const { return m_request; }
    bool isFinished() const { return m_finished; }

    // Success: no error and a 2xx answer.
    bool isSuccess() const { return m_error == Error::None && m_status >= 200 && m_status < 300; }
    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    int httpStatus() const { return m_status; } // 0 when there was no answer
    // The final answer's body; empty when it went to the body sink.
    const QByteArray &body() const { return m_body; }
    // True when the final body went to the body sink given to AuthorizedClient::send().
    bool bodyStreamed() const { return m_bodyStreamed; }
    // The final body's size, streamed or kept; for TooLarge, what arrived before the call
    // stopped (none of it is kept).
    qint64 bodyBytes() const { return m_bodyBytes; }
    const HeaderList &responseHeaders() const { return m_responseHeaders; }
    QByteArray responseHeader(const QByteArray &name) const;
    QUrl finalUrl() const { return m_finalUrl; }
    int attempts() const { return m_attempts; }
    // Each attempt with its answer, oldest first; recorded only while the event log is
    // observed (the GUI's log, an exchange log), empty otherwise.
    const QList<Attempt> &attemptLog() const { return m_attemptLog; }
    int authReplays() const { return m_authReplays; }
    qint64 elapsedMs() const { return m_elapsedMs; }

Q_SIGNALS:
    void finished();

private:
    friend class AuthorizedClient;
    friend class CallDriver;

    CallDriver *m_driver = nullptr; // a child of this call

    quint64 m_id;
    Request m_request;
    bool m_finished = false;
    Error m_error = Error::None;
    QString m_errorString;
    int m_status = 0;
    QByteArray m_body;
    QPointer<QIODevice> m_sink;
    bool m_bodyStreamed = false;
    qint64 m_bodyBytes = 0;
    HeaderList m_responseHeaders;
    QUrl m_finalUrl;
    int m_attempts = 0;
    QList<Attempt> m_attemptLog;
    int m_authReplays = 0;
    qint64 m_elapsedMs = 0;
};

} // namespace Keyway
