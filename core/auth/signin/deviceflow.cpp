#include "auth/signin/deviceflow.h"

#include "auth/clock.h"
#include "auth/signin/authserverrequest.h"
#include "auth/signin/clientauthentication.h"
#include "auth/signin/signinevents.h"
#include "auth/tokenendpoint.h"
#include "auth/tokenmanager.h"

namespace Keyway {

DeviceFlow::DeviceFlow(TokenManager *tokens, EventLog *events, Clock *clock, QObject *parent)
    : QObject(parent),
      m_tokens(tokens),
      m_events(events),
      m_clock(clock),
      m_run(tokens, new TokenEndpoint(clock, this), events, QStringLiteral("device_code"))
{
}

DeviceFlow::~DeviceFlow() = default;

QString DeviceFlow::configurationProblem(const Profile &profile)
{
    if (!SignInRun::isHttpUrl(profile.deviceAuthorizationUrl))
        return QStringLiteral("profile '%1' has no device authorization endpoint (give one, or "
                              "an issuer to discover it from)")
            .arg(profile.name);
    return SignInRun::tokenEndpointProblem(profile);
}

void DeviceFlow::start()
{
    if (!m_run.begin())
        return;
    if (const QString problem = configurationProblem(m_tokens->profile()); !problem.isEmpty())
        return finish(SignInResult::failure(SignInResult::Status::NotConfigured, problem));
    const Profile &profile = m_tokens->profile();
    // RFC 8628 §3.1: client authentication as at the token endpoint, plus the scope and the
    // same extras an authorization request would carry.
    QUrlQuery form;
    if (!profile.scope.isEmpty())
        form.addQueryItem(QStringLiteral("scope"), profile.scope);
    addProfileExtras(profile, profile.extraAuthorizationParams, &form);
    HttpHeaders headers;
    addClientAuthentication(profile, &headers, &form);
    m_request = AuthServerRequest::postForm(profile.deviceAuthorizationUrl, headers, form, m_clock,
                                            profile.refreshTimeoutMs, this);
    m_request->setTls(profile.tls);
    AuthServerRequest *request = m_request;
    connect(request, &AuthServerRequest::finished, this, [this, request] {
        request->deleteLater();
        if (m_request != request)
            return;
        m_request = nullptr;
        onDeviceAuthorization(request);
    });
    request->start();
}

void DeviceFlow::onDeviceAuthorization(AuthServerRequest *request)
{
    if (!request->ok()) {
        const QString error = request->oauthError();
        if (!error.isEmpty()) {
            finish(SignInResult::refused(QStringLiteral("the device authorization endpoint "
                                                        "refused"),
                                         error, request->oauthErrorDescription(),
                                         request->httpStatus()));
        } else {
            SignInResult failed = SignInResult::failure(
                SignInResult::Status::Failed,
                QStringLiteral("the device sign-in could not start: %1").arg(request->message()));
            failed.tlsRefused = request->tlsRefused();
            finish(failed);
        }
        return;
    }
    // RFC 8628 §3.2.
    const QJsonObject json = request->json();
    m_deviceCode = json.value(QStringLiteral("device_code")).toString();
    const QString userCode = json.value(QStringLiteral("user_code")).toString();
    QString verification = json.value(QStringLiteral("verification_uri")).toString();
    if (verification.isEmpty()) // the name some servers used before RFC 8628
        verification = json.value(QStringLiteral("verification_url")).toString();
    const QUrl verificationUri(verification, QUrl::StrictMode);
    const QUrl verificationUriComplete(
        json.value(QStringLiteral("verification_uri_complete")).toString(), QUrl::StrictMode);
    const int expiresIn = json.value(QStringLiteral("expires_in")).toInt(0);
    if (m_deviceCode.isEmpty() || userCode.isEmpty() || !SignInRun::isHttpUrl(verificationUri)
        || expiresIn <= 0) {
        finish(SignInResult::failure(SignInResult::Status::Failed,
                                     QStringLiteral("the device authorization endpoint's answer "
                                                    "lacks device_code, user_code, "
                                                    "verification_uri or expires_in")));
        return;
    }
    const QJsonValue interval = json.value(QStringLiteral("interval"));
    m_intervalMs = 1000 * (interval.isDouble() ? qMax(0, interval.toInt()) : DefaultIntervalSec);

    const qint64 expiresInMs = qint64(expiresIn) * 1000;
    m_expiryTimer = m_clock->schedule(expiresInMs, this, [this, expiresIn] {
        m_expiryTimer.release()->deleteLater(); // not destroyed from inside its own callback
        finish(SignInResult::failure(SignInResult::Status::Expired,
                                     QStringLiteral("the device code expired after %1 s before "
                                                    "the sign-in was approved; start again")
                                         .arg(expiresIn)));
    });
    postSignInStep(m_events, m_tokens->profile().name, SignInStep::Started,
                   QStringLiteral("device code: waiting for approval at %1")
                       .arg(verificationUri.toDisplayString()),
                   {{QStringLiteral("grant"), QStringLiteral("device_code")},
                    {QStringLiteral("interval_ms"), m_intervalMs},
                    {QStringLiteral("expires_in"), expiresIn}});
    const quint64 run = m_run.id();
    Q_EMIT userCodeReady(userCode, verificationUri,
                         verificationUriComplete.isValid() ? verificationUriComplete : QUrl(),
                         expiresIn);
    if (m_run.isCurrent(run))
        schedulePoll();
}

void DeviceFlow::schedulePoll()
{
    m_pollTimer = m_clock->schedule(m_intervalMs, this, [this] {
        m_pollTimer.release()->deleteLater();
        poll();
    });
}

void DeviceFlow::poll()
{
    if (!m_run.isRunning())
        return;
    m_run.exchange(
        TokenEndpoint::deviceCodeForm(m_tokens->profile(), m_deviceCode), this,
        [this](const TokenResponse &response) { adopt(response); },
        [this](const TokenError &error) { onPollFailed(error); });
}

void DeviceFlow::onPollFailed(const TokenError &error)
{
    // RFC 8628 §3.5.
    const QString &code = error.oauthError;
    if (code == QLatin1String("authorization_pending")) {
        schedulePoll();
        return;
    }
    if (code == QLatin1String("slow_down")) {
        m_intervalMs += SlowDownStepSec * 1000;
        postSignInStep(m_events, m_tokens->profile().name, SignInStep::SlowDown,
                       QStringLiteral("the server asked to poll less often; polling every %1 s")
                           .arg(m_intervalMs / 1000),
                       {{QStringLiteral("interval_ms"), m_intervalMs}});
        schedulePoll();
        return;
    }
    if (code == QLatin1String("access_denied")) {
        finish(SignInResult::refused(QStringLiteral("the sign-in was denied on the verification "
                                                    "page"),
                                     code, error.oauthDescription, error.httpStatus));
        return;
    }
    if (code == QLatin1String("expired_token")) {
        SignInResult result = SignInResult::refused(
            QStringLiteral("the device code expired before the sign-in was approved; start "
                           "again"),
            code, error.oauthDescription, error.httpStatus);
        result.status = SignInResult::Status::Expired;
        finish(result);
        return;
    }
    if (!code.isEmpty() || error.kind == TokenError::Kind::Terminal) {
        finish(SignInResult::fromTokenError(QStringLiteral("the device sign-in"), error));
        return;
    }
    // No answer, a timeout or a 5xx: keep polling until the code expires, less often each time
    // (RFC 8628 §3.5 asks for exponential backoff after a timeout).
    m_intervalMs = qBound(qint64(1000), m_intervalMs * 2, qint64(MaxBackoffIntervalSec) * 1000);
    schedulePoll();
}

void DeviceFlow::adopt(const TokenResponse &response)
{
    m_pollTimer.reset();
    m_expiryTimer.reset();
    m_run.store(response, this, QStringLiteral("signed in with the device code"),
                [this](const SignInResult &result) { finish(result); });
}

void DeviceFlow::cancel()
{
    if (m_run.isRunning() && !m_run.isStoring())
        finish(SignInResult::failure(SignInResult::Status::Cancelled,
                                     QStringLiteral("the sign-in was cancelled")));
}

void DeviceFlow::finish(const SignInResult &result)
{
    if (!m_run.end(result))
        return;
    m_deviceCode.clear();
    m_pollTimer.reset();
    m_expiryTimer.reset();
    if (m_request) {
        AuthServerRequest *request = m_request;
        m_request = nullptr;
        request->abort();
    }
    Q_EMIT finished(result);
}

} // namespace Keyway
