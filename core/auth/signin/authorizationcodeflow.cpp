#include "auth/signin/authorizationcodeflow.h"

#include "auth/signin/clientauthentication.h"
#include "auth/signin/signinevents.h"
#include "auth/tokenendpoint.h"
#include "auth/tokenmanager.h"

#include <QRandomGenerator>

namespace Keyway {

namespace {

// Parameters this flow sets itself: a profile extra with one of these names would weaken or
// break the request (a fixed state, a foreign redirect), so it is refused rather than sent.
const QStringList &reservedParameters()
{
    static const QStringList names {
        QStringLiteral("response_type"),
        QStringLiteral("client_id"),
        QStringLiteral("redirect_uri"),
        QStringLiteral("state"),
        QStringLiteral("scope"),
        QStringLiteral("code_challenge"),
        QStringLiteral("code_challenge_method"),
    };
    return names;
}

// RFC 6749 §10.10: the state must not be guessable. 32 bytes from the system's CSPRNG.
QString randomState()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          bytes.size() / int(sizeof(quint32)));
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

AuthorizationCodeFlow::AuthorizationCodeFlow(TokenManager *tokens, EventLog *events, Clock *clock,
                                             QObject *parent)
    : QObject(parent),
      m_tokens(tokens),
      m_events(events),
      m_receiver(new LoopbackReceiver(clock, this)),
      m_run(tokens, new TokenEndpoint(clock, this), events, QStringLiteral("authorization_code"))
{
    connect(m_receiver, &LoopbackReceiver::finished, this, &AuthorizationCodeFlow::onRedirect);
}

AuthorizationCodeFlow::~AuthorizationCodeFlow() = default;

QString AuthorizationCodeFlow::configurationProblem(const Profile &profile)
{
    if (!SignInRun::isHttpUrl(profile.authorizationUrl))
        return QStringLiteral("profile '%1' has no authorization endpoint (give one, or an "
                              "issuer to discover it from)")
            .arg(profile.name);
    if (QString problem = SignInRun::tokenEndpointProblem(profile); !problem.isEmpty())
        return problem;
    for (const auto &[name, value] : profile.extraAuthorizationParams) {
        Q_UNUSED(value);
        if (reservedParameters().contains(name))
            return QStringLiteral("the parameter '%1' is set by Keyway itself and cannot be "
                                  "given as an extra parameter")
                .arg(name);
    }
    return {};
}

QUrl AuthorizationCodeFlow::buildAuthorizationUrl(const Profile &profile, const QUrl &redirectUri,
                                                  const QString &state, const Pkce &pkce)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
    query.addQueryItem(QStringLiteral("client_id"), profile.clientId);
    query.addQueryItem(QStringLiteral("redirect_uri"),
                       QString::fromUtf8(redirectUri.toEncoded(QUrl::FullyEncoded)));
    query.addQueryItem(QStringLiteral("state"), state);
    if (!profile.scope.isEmpty())
        query.addQueryItem(QStringLiteral("scope"), profile.scope);
    query.addQueryItem(QStringLiteral("code_challenge"), pkce.challenge);
    query.addQueryItem(QStringLiteral("code_challenge_method"), pkce.method());
    addProfileExtras(profile, profile.extraAuthorizationParams, &query);

    QUrl url = profile.authorizationUrl;
    // Built by hand: QUrlQuery would leave '+' in a value, which the server reads as a space.
    QByteArray encoded = url.query(QUrl::FullyEncoded).toLatin1();
    if (!encoded.isEmpty())
        encoded += '&';
    encoded += encodeForm(query);
    url.setQuery(QString::fromLatin1(encoded), QUrl::StrictMode);
    return url;
}

void AuthorizationCodeFlow::start()
{
    if (!m_run.begin())
        return;
    if (const QString problem = configurationProblem(m_tokens->profile()); !problem.isEmpty())
        return finish(SignInResult::failure(SignInResult::Status::NotConfigured, problem));
    const Profile &profile = m_tokens->profile();
    m_state = randomState();
    m_pkce = Pkce::generate();
    QString error;
    if (!m_receiver->listen(profile.redirectPath, m_state, m_timeoutMs, &error)) {
        finish(SignInResult::failure(SignInResult::Status::Failed, error));
        return;
    }
    m_authorizationUrl = buildAuthorizationUrl(profile, m_receiver->redirectUri(), m_state, m_pkce);
    postSignInStep(
        m_events, profile.name, SignInStep::Started,
        QStringLiteral("authorization code with PKCE: waiting for the browser on %1")
            .arg(m_receiver->redirectUri().toString()),
        {{QStringLiteral("grant"), QStringLiteral("authorization_code")},
         {QStringLiteral("authorization_endpoint"),
          profile.authorizationUrl.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo)}});
    Q_EMIT openUrlRequested(m_authorizationUrl);
}

void AuthorizationCodeFlow::cancel()
{
    if (!m_run.isRunning() || m_run.isStoring())
        return;
    m_receiver->close();
    finish(SignInResult::failure(SignInResult::Status::Cancelled,
                                 QStringLiteral("the sign-in was cancelled")));
}

void AuthorizationCodeFlow::onRedirect(const LoopbackRedirect &redirect)
{
    if (!m_run.isRunning())
        return;
    switch (redirect.status) {
    case LoopbackRedirect::Status::Code:
        Q_EMIT redirectReceived();
        exchange(redirect.code);
        return;
    case LoopbackRedirect::Status::ServerError:
        finish(SignInResult::refused(QStringLiteral("the authorization server refused the "
                                                    "sign-in"),
                                     redirect.error, redirect.errorDescription));
        return;
    case LoopbackRedirect::Status::StateMismatch:
        finish(SignInResult::failure(SignInResult::Status::StateMismatch, redirect.message));
        return;
    case LoopbackRedirect::Status::TimedOut:
        finish(SignInResult::failure(SignInResult::Status::TimedOut, redirect.message));
        return;
    case LoopbackRedirect::Status::Malformed:
        finish(SignInResult::failure(SignInResult::Status::Failed, redirect.message));
        return;
    case LoopbackRedirect::Status::Cancelled:
        finish(SignInResult::failure(SignInResult::Status::Cancelled, redirect.message));
        return;
    }
}

void AuthorizationCodeFlow::exchange(const QString &code)
{
    m_run.exchange(
        TokenEndpoint::authorizationCodeForm(m_tokens->profile(), code, m_receiver->redirectUri(),
                                             m_pkce.verifier),
        this,
        [this](const TokenResponse &response) {
            m_run.store(response, this, QStringLiteral("signed in with the authorization code"),
                        [this](const SignInResult &result) { finish(result); });
        },
        [this](const TokenError &error) {
            finish(SignInResult::fromTokenError(QStringLiteral("exchanging the authorization code"),
                                                error));
        });
}

void AuthorizationCodeFlow::finish(const SignInResult &result)
{
    if (!m_run.end(result))
        return;
    m_pkce = {}; // the verifier is of no use to anyone any more
    m_receiver->close();
    Q_EMIT finished(result);
}

} // namespace Keyway
