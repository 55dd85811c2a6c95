#include "auth/signin/logout.h"

#include "auth/signin/revoker.h"
#include "auth/signin/signinevents.h"
#include "auth/tokenmanager.h"
#include "log/fingerprint.h"

namespace Keyway {

Logout::Logout(TokenManager *tokens, Revoker *revoker, EventLog *events, QObject *parent)
    : QObject(parent), m_tokens(tokens), m_revoker(revoker), m_events(events)
{
}

Logout::~Logout() = default;

void Logout::start()
{
    if (m_running)
        return;
    m_running = true;
    // The store, not memory, is the truth: another process may have refreshed since this one
    // loaded, and its refresh token is the one to revoke.
    m_tokens->store()->load(m_tokens->profile().name, this, [this](const StoreResult &result) {
        revokeAndClear(result.ok() && result.tokens ? *result.tokens : m_tokens->tokens());
    });
}

void Logout::revokeAndClear(const TokenSet &tokens)
{
    const Profile &profile = m_tokens->profile();
    QString revocation;
    if (profile.revocationUrl.isEmpty()) {
        revocation = QStringLiteral("the profile has no revocation endpoint, so the tokens stay "
                                    "valid at the server until they expire");
    } else if (tokens.hasRefreshToken()) {
        // Revoking the refresh token ends its access tokens too at most servers (RFC 7009 §2.1).
        m_revoker->revoke(profile, tokens.refreshToken, Revoker::TokenKind::RefreshToken);
        revocation = QStringLiteral("revoking the refresh token");
    } else if (tokens.isValid()) {
        m_revoker->revoke(profile, tokens.accessToken, Revoker::TokenKind::AccessToken);
        revocation = QStringLiteral("revoking the access token");
    } else {
        revocation = QStringLiteral("there were no tokens to revoke");
    }
    const QJsonObject details = tokens.describe();
    m_tokens->store()->clear(
        profile.name, this, [this, revocation, details](const StoreResult &result) {
            m_running = false;
            const QString name = m_tokens->profile().name;
            if (!result.ok()) {
                const SignInResult failure = SignInResult::failure(
                    SignInResult::Status::Failed,
                    QStringLiteral("the stored tokens of '%1' could not be cleared (%2); %3")
                        .arg(name, result.message, revocation));
                postSignInStep(m_events, name, SignInStep::Failed, failure.message);
                Q_EMIT finished(failure);
                return;
            }
            m_tokens->forget(); // and out of this process's memory too
            const QString message =
                QStringLiteral("signed out of '%1': the stored tokens were cleared; %2")
                    .arg(name, revocation);
            postSignInStep(m_events, name, SignInStep::SignedOut, message, details);
            Q_EMIT finished(SignInResult::success(message));
        });
}

} // namespace Keyway
