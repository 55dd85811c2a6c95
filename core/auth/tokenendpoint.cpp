#include "auth/tokenendpoint.h"

#include "auth/clock.h"
#include "auth/tokenresponseclassifier.h"

#include "auth/oneshothttp.h"
#include "auth/signin/clientauthentication.h"
#include "http/endpoint.h"
#include "http/tlssetup.h"

#include <QPointer>

namespace Keyway {

namespace {

// What every token request of the profile carries besides its grant: audience, resource
// (RFC 8707 §2.2) and the profile's own extras, none of which may override a grant parameter.
void addProfileParameters(const Profile &profile, QUrlQuery *form)
{
    if (!profile.scope.isEmpty() && !form->hasQueryItem(QStringLiteral("scope")))
        form->addQueryItem(QStringLiteral("scope"), profile.scope);
    addProfileExtras(profile, profile.extraTokenParams, form);
}

// One exchange in flight: runs the request with its own timeout and answers exactly once.
class Exchange final : public QObject
{
public:
    Exchange(OneShotHttp *http, QString endpoint, qint64 maxBytes, Clock *clock, qint64 timeoutMs,
             QPointer<QObject> context, TokenEndpoint::Callback callback)
        : QObject(http),
          m_http(http),
          m_endpoint(std::move(endpoint)),
          m_maxBytes(maxBytes),
          m_clock(clock),
          m_context(std::move(context)),
          m_callback(std::move(callback))
    {
        m_timeout = clock->schedule(timeoutMs, this, [this] {
            m_timedOut = true;
            // Queued: aborting finishes the exchange, which drops this timer; not from inside it.
            QMetaObject::invokeMethod(
                m_http, [http = m_http] { http->abort(QStringLiteral("timed out")); },
                Qt::QueuedConnection);
        });
        connect(http, &OneShotHttp::finished, this, &Exchange::finish);
        http->start();
    }

private:
    void finish()
    {
        m_timeout.reset();
        const OneShotHttp::Result &result = m_http->result();
        TokenEndpointAnswer answer;
        answer.requestSent = result.requestSent;
        answer.httpStatus = result.status;
        answer.body = result.body;
        answer.retryAfter = result.header("Retry-After");
        answer.contentType = result.header("Content-Type");
        answer.networkErrorString = result.errorString;
        answer.endpoint = m_endpoint;
        answer.timedOut = m_timedOut;
        switch (result.failure) {
        case OneShotHttp::Failure::None: break;
        case OneShotHttp::Failure::ConnectionRefused:
            answer.networkError = QNetworkReply::ConnectionRefusedError;
            break;
        case OneShotHttp::Failure::HostNotFound:
            answer.networkError = QNetworkReply::HostNotFoundError;
            break;
        case OneShotHttp::Failure::ClosedBeforeAnswer:
            answer.networkError = QNetworkReply::RemoteHostClosedError;
            break;
        case OneShotHttp::Failure::Tls:
            answer.networkError = QNetworkReply::SslHandshakeFailedError;
            break;
        case OneShotHttp::Failure::Oversize: answer.oversize = true; break;
        case OneShotHttp::Failure::Aborted:
            answer.networkError = QNetworkReply::OperationCanceledError;
            break;
        case OneShotHttp::Failure::Protocol:
            answer.networkError = QNetworkReply::ProtocolFailure;
            break;
        case OneShotHttp::Failure::Other:
            answer.networkError = QNetworkReply::UnknownNetworkError;
            break;
        }
        const auto classified = classifyTokenAnswer(answer, m_clock->nowMs(), m_maxBytes);
        m_http->deleteLater();
        if (m_context)
            m_callback(classified);
    }

    OneShotHttp *m_http;
    QString m_endpoint;
    qint64 m_maxBytes;
    Clock *m_clock;
    QPointer<QObject> m_context;
    TokenEndpoint::Callback m_callback;
    std::unique_ptr<QObject> m_timeout;
    bool m_timedOut = false;
};

} // namespace

TokenEndpoint::TokenEndpoint(Clock *clock, QObject *parent) : QObject(parent), m_clock(clock) { }

TokenEndpoint::~TokenEndpoint() = default;

QUrlQuery TokenEndpoint::refreshForm(const Profile &profile, const QString &refreshToken)
{
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
    form.addQueryItem(QStringLiteral("refresh_token"), refreshToken);
    addProfileParameters(profile, &form);
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
    case GrantType::None: break;
    }
    addProfileParameters(profile, &form);
    return form;
}

QUrlQuery TokenEndpoint::authorizationCodeForm(const Profile &profile, const QString &code,
                                               const QUrl &redirectUri, const QString &codeVerifier)
{
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("authorization_code"));
    form.addQueryItem(QStringLiteral("code"), code);
    // RFC 6749 §4.1.3: identical to the redirect_uri of the authorization request.
    form.addQueryItem(QStringLiteral("redirect_uri"),
                      QString::fromUtf8(redirectUri.toEncoded(QUrl::FullyEncoded)));
    form.addQueryItem(QStringLiteral("code_verifier"), codeVerifier);
    // The scope was granted with the code; RFC 6749 §4.1.3 has no scope here.
    Profile withoutScope = profile;
    withoutScope.scope.clear();
    addProfileParameters(withoutScope, &form);
    return form;
}

QUrlQuery TokenEndpoint::deviceCodeForm(const Profile &profile, const QString &deviceCode)
{
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"),
                      QStringLiteral("urn:ietf:params:oauth:grant-type:device_code"));
    form.addQueryItem(QStringLiteral("device_code"), deviceCode);
    Profile withoutScope = profile;
    withoutScope.scope.clear();
    addProfileParameters(withoutScope, &form);
    return form;
}

void TokenEndpoint::exchange(const Profile &profile, QUrlQuery form, QObject *context,
                             Callback callback)
{
    QList<QPair<QByteArray, QByteArray>> headers {
        {"Content-Type", "application/x-www-form-urlencoded"},
        {"Accept", "application/json"},
        {"User-Agent", "Keyway/" KEYWAY_VERSION},
    };
    addClientAuthentication(profile, &headers, &form);
    const QByteArray body = encodeForm(form);
    // The token request is never redirected: a 3xx from a token endpoint is reported as it is.
    auto *http = new OneShotHttp(QByteArrayLiteral("POST"), profile.tokenUrl, headers, body,
                                 profile.maxTokenResponseBytes, this);
    http->setTls(profile.tls);
    new Exchange(http, endpointOf(profile.tokenUrl), profile.maxTokenResponseBytes, m_clock,
                 profile.refreshTimeoutMs, QPointer<QObject>(context), std::move(callback));
}

} // namespace Keyway
