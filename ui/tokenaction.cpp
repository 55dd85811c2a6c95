#include "tokenaction.h"

#include "auth/tokenmanager.h"
#include "tokenstatetext.h"

#include <QCoreApplication>

namespace Keyway {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("TokenAction", text);
}

bool needsSignIn(TokenManager::State state)
{
    return state == TokenManager::State::NoToken || state == TokenManager::State::ReauthRequired;
}

} // namespace

TokenAction::TokenAction(const TokenManager &tokens)
{
    const TokenStateText shown(tokens);
    const TokenManager::State state = shown.state;
    signIn = needsSignIn(state) && !shown.tlsRefused;
    const bool busy =
        state == TokenManager::State::Refreshing || state == TokenManager::State::WaitingOnPeer;
    // A browser or device sign-in needs the profile dialog: this button only starts a silent one
    // (and the core retries a refused handshake only for a profile that can sign in silently).
    enabled = !busy && ((!signIn && !shown.tlsRefused) || tokens.profile().canSignInSilently());
    if (shown.tlsRefused) {
        label = tr("Try again");
        toolTip = tr("Try the token endpoint again, for a server whose certificate was fixed");
        return;
    }
    label = signIn ? tr("Sign in") : tr("Refresh now");
    toolTip =
        signIn ? tr("Get tokens with the profile's grant") : tr("Refresh the access token now");
}

void runTokenAction(TokenManager *tokens, QObject *context,
                    std::function<void(const QString &message)> done)
{
    const auto why = [tokens](const TokenError &error) {
        return failureReason(*tokens, error);
    };
    if (TokenAction(*tokens).signIn) {
        tokens->signIn(context, [done, why](const TokenError *error) {
            done(error ? tr("Sign-in failed: %1").arg(why(*error)) : tr("Signed in"));
        });
        return;
    }
    tokens->refreshNow(context, [done, why](const TokenOutcome &outcome) {
        done(outcome.ok() ? tr("Token refreshed: generation %1").arg(outcome.grant->generation)
                          : tr("Refresh failed: %1").arg(why(outcome.error)));
    });
}

} // namespace Keyway
