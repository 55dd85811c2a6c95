#include "auth/signin/signinrun.h"

#include "auth/signin/signinevents.h"
#include "auth/tokenendpoint.h"
#include "auth/tokenmanager.h"

#include <QUrl>

namespace Keyway {

SignInRun::SignInRun(TokenManager *tokens, TokenEndpoint *endpoint, EventLog *events, QString grant)
    : m_tokens(tokens), m_endpoint(endpoint), m_events(events), m_grant(std::move(grant))
{
}

bool SignInRun::begin()
{
    if (m_running)
        return false;
    ++m_run;
    m_running = true;
    return true;
}

bool SignInRun::end(const SignInResult &result)
{
    if (!m_running)
        return false;
    m_running = false;
    ++m_run;
    if (!result.ok())
        postSignInFailure(m_events, m_tokens->profile().name, m_grant, result);
    return true;
}

void SignInRun::exchange(const QUrlQuery &form, QObject *context,
                         std::function<void(const TokenResponse &)> onTokens,
                         std::function<void(const TokenError &)> onError)
{
    const quint64 run = m_run;
    m_endpoint->exchange(m_tokens->profile(), form, context,
                         [this, run, onTokens = std::move(onTokens),
                          onError = std::move(onError)](const TokenExchangeResult &result) {
                             if (!isCurrent(run))
                                 return;
                             if (const auto *response = std::get_if<TokenResponse>(&result))
                                 onTokens(*response);
                             else
                                 onError(std::get<TokenError>(result));
                         });
}

void SignInRun::store(const TokenResponse &response, QObject *context, const QString &signedIn,
                      std::function<void(const SignInResult &)> done)
{
    const quint64 run = m_run;
    m_storing = true;
    m_tokens->adoptResponse(
        response, context, [this, run, signedIn, done = std::move(done)](const TokenError *error) {
            m_storing = false;
            if (!isCurrent(run))
                return;
            if (error)
                done(SignInResult::failure(
                    SignInResult::Status::Failed,
                    QStringLiteral("signed in, but the tokens could not be stored: %1")
                        .arg(error->message)));
            else
                done(SignInResult::success(signedIn));
        });
}

bool SignInRun::isHttpUrl(const QUrl &url)
{
    return url.isValid() && !url.host().isEmpty()
        && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"));
}

QString SignInRun::tokenEndpointProblem(const Profile &profile)
{
    if (!isHttpUrl(profile.tokenUrl))
        return QStringLiteral("profile '%1' has no token endpoint").arg(profile.name);
    if (profile.clientId.isEmpty())
        return QStringLiteral("profile '%1' has no client id").arg(profile.name);
    return {};
}

} // namespace Keyway
