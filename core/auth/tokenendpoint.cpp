#include "auth/tokenendpoint.h"

#include "auth/clock.h"
#include "auth/tokenresponseclassifier.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>

namespace Keyway {

namespace {

// RFC 6749 §2.3.1: the client id and secret are form-urlencoded before they go into Basic.
QByteArray formEncode(const QString &value)
{
    return QUrl::toPercentEncoding(value).replace("%20", "+");
}

// One exchange in flight: collects the answer and finishes exactly once.
class Exchange final : public QObject
{
public:
    Exchange(QNetworkReply *reply, qint64 maxBytes, Clock *clock, qint64 timeoutMs,
             QPointer<QObject> context, TokenEndpoint::Callback callback)
        : QObject(reply),
          m_reply(reply),
          m_maxBytes(maxBytes),
          m_clock(clock),
          m_context(std::move(context)),
          m_callback(std::move(callback))
    {
        m_timeout = clock->schedule(timeoutMs, this, [this] {
            m_answer.timedOut = true;
            // Queued: aborting finishes the reply, which drops this timer; not from inside it.
            QMetaObject::invokeMethod(m_reply, &QNetworkReply::abort, Qt::QueuedConnection);
        });
        connect(reply, &QNetworkReply::uploadProgress, this, [this](qint64 sent, qint64) {
            if (sent > 0)
                m_answer.requestSent = true;
        });
        connect(reply, &QNetworkReply::readyRead, this, &Exchange::read);
        connect(reply, &QNetworkReply::finished, this, &Exchange::finish);
    }

private:
    void read()
    {
        m_answer.requestSent = true;
        m_answer.body += m_reply->readAll();
        if (m_answer.body.size() > m_maxBytes && !m_answer.oversize) {
            m_answer.oversize = true;
            m_answer.body.clear();
            m_reply->abort();
        }
    }

    void finish()
    {
        m_timeout.reset();
        if (!m_answer.oversize)
            read();
        m_answer.networkError = m_reply->error();
        m_answer.httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        m_answer.retryAfter = m_reply->rawHeader("Retry-After");
        m_answer.contentType = m_reply->rawHeader("Content-Type");
        // A body this small is always written in one go, so a reply that got as far as an error
        // other than "refused"/"not found" had its request on the wire.
        if (m_answer.networkError == QNetworkReply::RemoteHostClosedError
            || m_answer.networkError == QNetworkReply::OperationCanceledError)
            m_answer.requestSent = true;
        const auto result = classifyTokenAnswer(m_answer, m_clock->nowMs(), m_maxBytes);
        m_reply->deleteLater();
        if (m_context)
            m_callback(result);
    }

    QNetworkReply *m_reply;
    qint64 m_maxBytes;
    Clock *m_clock;
    QPointer<QObject> m_context;
    TokenEndpoint::Callback m_callback;
    std::unique_ptr<QObject> m_timeout;
    TokenEndpointAnswer m_answer;
};

} // namespace

TokenEndpoint::TokenEndpoint(Clock *clock, QObject *parent)
    : QObject(parent), m_clock(clock), m_network(new QNetworkAccessManager(this))
{
    // The token request is never redirected: a 3xx from a token endpoint is an error to report.
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

TokenEndpoint::~TokenEndpoint() = default;

QUrlQuery TokenEndpoint::refreshForm(const Profile &profile, const QString &refreshToken)
{
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
    form.addQueryItem(QStringLiteral("refresh_token"), refreshToken);
    if (!profile.scope.isEmpty())
        form.addQueryItem(QStringLiteral("scope"), profile.scope);
    return form;
}

QUrlQuery TokenEndpoint::signInForm(const Profile &profile)
{
    QUrlQuery form;
    switch (profile.grant) {
    case GrantType::Password:
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("password"));
        form.addQueryItem(QStringLiteral("username"), profile.username);
        form.addQueryItem(QStringLiteral("password"), profile.password);
        break;
    case GrantType::ClientCredentials:
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
        break;
    case GrantType::None:
        break;
    }
    if (!profile.scope.isEmpty())
        form.addQueryItem(QStringLiteral("scope"), profile.scope);
    return form;
}

void TokenEndpoint::exchange(const Profile &profile, QUrlQuery form, QObject *context,
                             Callback callback)
{
    QNetworkRequest request(profile.tokenUrl);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader("Accept", "application/json");
    if (profile.clientAuth == ClientAuthMethod::Basic && !profile.clientSecret.isEmpty()) {
        const QByteArray pair = formEncode(profile.clientId) + ':' + formEncode(profile.clientSecret);
        request.setRawHeader("Authorization", "Basic " + pair.toBase64());
    } else {
        form.addQueryItem(QStringLiteral("client_id"), profile.clientId);
        if (!profile.clientSecret.isEmpty())
            form.addQueryItem(QStringLiteral("client_secret"), profile.clientSecret);
    }
    // QUrlQuery leaves '+' alone, which a form decoder reads as a space: encode it fully.
    const QByteArray body = form.query(QUrl::FullyEncoded).toLatin1().replace('+', "%2B");
    QNetworkReply *reply = m_network->post(request, body);
    new Exchange(reply, profile.maxTokenResponseBytes, m_clock, profile.refreshTimeoutMs,
                 QPointer<QObject>(context), std::move(callback));
}

} // namespace Keyway
