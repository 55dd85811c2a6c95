#include "auth/signin/authserverrequest.h"

#include "auth/clock.h"
#include "auth/oneshothttp.h"

#include <QJsonDocument>

namespace Keyway {

namespace {

// Discovery documents and device or revocation answers are small; anything this large is not one.
constexpr qint64 MaxAnswerBytes = 1 << 20;

// The one place where a transport outcome and an HTTP status become a status.
AuthServerRequest::Status statusOf(OneShotHttp::Failure failure, bool timedOut, int httpStatus)
{
    using Status = AuthServerRequest::Status;
    if (timedOut)
        return Status::TimedOut;
    switch (failure) {
    case OneShotHttp::Failure::None:
        return httpStatus >= 200 && httpStatus < 300 ? Status::Ok : Status::HttpError;
    case OneShotHttp::Failure::ConnectionRefused:
    case OneShotHttp::Failure::HostNotFound:
    case OneShotHttp::Failure::Tls: return Status::Unreachable;
    case OneShotHttp::Failure::ClosedBeforeAnswer:
    case OneShotHttp::Failure::Aborted: return Status::NoAnswer;
    case OneShotHttp::Failure::Oversize:
    case OneShotHttp::Failure::Protocol: return Status::BadAnswer;
    case OneShotHttp::Failure::Other: return Status::Unreachable;
    }
    return Status::BadAnswer;
}

} // namespace

AuthServerRequest::AuthServerRequest(QByteArray method, QUrl url, HttpHeaders headers,
                                     QByteArray body, Clock *clock, qint64 timeoutMs,
                                     QObject *parent)
    : QObject(parent),
      m_url(url),
      m_clock(clock),
      m_timeoutMs(timeoutMs),
      m_http(new OneShotHttp(std::move(method), std::move(url), std::move(headers), std::move(body),
                             MaxAnswerBytes, this))
{
    connect(m_http, &OneShotHttp::finished, this, &AuthServerRequest::onHttpFinished);
}

AuthServerRequest::~AuthServerRequest() = default;

AuthServerRequest *AuthServerRequest::postForm(const QUrl &url, HttpHeaders headers,
                                               const QUrlQuery &form, Clock *clock,
                                               qint64 timeoutMs, QObject *parent)
{
    headers.prepend({"Content-Type", "application/x-www-form-urlencoded"});
    headers.emplaceBack(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    headers.emplaceBack(QByteArrayLiteral("User-Agent"),
                        QByteArrayLiteral("Keyway/" KEYWAY_VERSION));
    return new AuthServerRequest(QByteArrayLiteral("POST"), url, std::move(headers),
                                 encodeForm(form), clock, timeoutMs, parent);
}

AuthServerRequest *AuthServerRequest::get(const QUrl &url, Clock *clock, qint64 timeoutMs,
                                          QObject *parent)
{
    HttpHeaders headers {{"Accept", "application/json"}, {"User-Agent", "Keyway/" KEYWAY_VERSION}};
    return new AuthServerRequest(QByteArrayLiteral("GET"), url, std::move(headers), {}, clock,
                                 timeoutMs, parent);
}

void AuthServerRequest::setTls(const TlsSettings &tls)
{
    m_http->setTls(tls);
}

void AuthServerRequest::start()
{
    m_timeout = m_clock->schedule(m_timeoutMs, this, [this] {
        m_timedOut = true;
        // Queued: aborting finishes the request, which drops this timer; not from inside it.
        QMetaObject::invokeMethod(
            m_http, [http = m_http] { http->abort(QStringLiteral("timed out")); },
            Qt::QueuedConnection);
    });
    m_http->start();
}

void AuthServerRequest::abort()
{
    if (!m_finished)
        m_http->abort(QStringLiteral("cancelled"));
}

void AuthServerRequest::onHttpFinished()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.reset();
    const OneShotHttp::Result &result = m_http->result();
    m_httpStatus = result.status;
    m_body = result.body;
    m_headers = result.headers;
    m_transportError = result.errorString;
    m_status = statusOf(result.failure, m_timedOut, result.status);
    m_tlsRefused = m_status == Status::Unreachable && result.failure == OneShotHttp::Failure::Tls;
    Q_EMIT finished();
}

QByteArray AuthServerRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : m_headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonObject AuthServerRequest::json() const
{
    return QJsonDocument::fromJson(m_body).object();
}

QString AuthServerRequest::oauthError() const
{
    return json().value(QStringLiteral("error")).toString();
}

QString AuthServerRequest::oauthErrorDescription() const
{
    return json().value(QStringLiteral("error_description")).toString();
}

QString AuthServerRequest::message() const
{
    const QString where = m_url.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo);
    switch (m_status) {
    case Status::Ok: return {};
    case Status::HttpError: {
        const QString code = oauthError();
        if (code.isEmpty())
            return QStringLiteral("%1 answered HTTP %2").arg(where).arg(m_httpStatus);
        const QString description = oauthErrorDescription();
        return QStringLiteral("%1 answered HTTP %2: %3")
            .arg(where)
            .arg(m_httpStatus)
            .arg(description.isEmpty() ? code : code + QStringLiteral(": ") + description);
    }
    case Status::Unreachable:
        return QStringLiteral("%1 could not be reached (%2)").arg(where, m_transportError);
    case Status::NoAnswer:
        return QStringLiteral("the connection to %1 broke before it answered").arg(where);
    case Status::TimedOut:
        return QStringLiteral("%1 did not answer within %2 s").arg(where).arg(m_timeoutMs / 1000);
    case Status::BadAnswer:
        return QStringLiteral("%1 answered something that is not a usable HTTP answer (%2)")
            .arg(where, m_transportError);
    }
    return {};
}

} // namespace Keyway
