#pragma once

#include "auth/signin/clientauthentication.h"
#include "http/tlssettings.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <memory>

namespace Keyway {

class Clock;
class OneShotHttp;

// One request to an authorization server that is not a token request: discovery, device
// authorization, revocation. Sent at most once on its own connection (see OneShotHttp), with a
// timeout on the Clock; emits `finished` exactly once.
class AuthServerRequest final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuthServerRequest)
public:
    enum class Status {
        Ok, // a 2xx answer
        HttpError, // an answer with another status
        Unreachable, // nothing answered the connection: nothing was sent
        NoAnswer, // sent, but the connection broke before an answer
        TimedOut,
        BadAnswer, // too large, or not HTTP
    };

    AuthServerRequest(QByteArray method, QUrl url, HttpHeaders headers, QByteArray body,
                      Clock *clock, qint64 timeoutMs, QObject *parent = nullptr);
    ~AuthServerRequest() override;

    // A form POST (application/x-www-form-urlencoded) that expects JSON back.
    static AuthServerRequest *postForm(const QUrl &url, HttpHeaders headers, const QUrlQuery &form,
                                       Clock *clock, qint64 timeoutMs, QObject *parent);
    static AuthServerRequest *get(const QUrl &url, Clock *clock, qint64 timeoutMs, QObject *parent);

    // The profile's TLS settings (see TlsSettings); before start().
    void setTls(const TlsSettings &tls);
    void start();
    void abort();

    Status status() const { return m_status; }
    bool ok() const { return m_status == Status::Ok; }
    // Unreachable because the TLS handshake was refused (the certificate, or the server's alert).
    bool tlsRefused() const { return m_tlsRefused; }
    int httpStatus() const { return m_httpStatus; }
    const QByteArray &body() const { return m_body; }
    QByteArray header(const QByteArray &name) const;
    // The body as a JSON object; empty when it is not one.
    QJsonObject json() const;
    // RFC 6749 §5.2 "error" and "error_description" from a JSON error body.
    QString oauthError() const;
    QString oauthErrorDescription() const;
    // What went wrong, for a person: the server's error and description when it sent them,
    // otherwise the HTTP status or the transport failure. Never contains the request body.
    QString message() const;

Q_SIGNALS:
    void finished();

private:
    void onHttpFinished();

    QUrl m_url;
    Clock *m_clock;
    qint64 m_timeoutMs;
    OneShotHttp *m_http;
    std::unique_ptr<QObject> m_timeout;
    bool m_timedOut = false;
    bool m_finished = false;
    Status m_status = Status::BadAnswer;
    bool m_tlsRefused = false;
    int m_httpStatus = 0;
    QByteArray m_body;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QString m_transportError;
};

} // namespace Keyway
