#include "tokenaction.h"

#include "auth/tokenmanager.h"

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

TokenAction::TokenAction(const TokenManager &tokens) : signIn(needsSignIn(tokens.state()))
{
    const TokenManager::State state = tokens.state();
    const bool busy =
        state == TokenManager::State::Refreshing || state == TokenManager::State::WaitingOnPeer;
    // A browser or device sign-in needs the profile dialog: this button only starts a silent one.
    enabled = !busy && (!signIn || tokens.profile().canSignInSilently());
    label = signIn ? tr("Sign in") : tr("Refresh now");
    toolTip =
        signIn ? tr("Get tokens with the profile's grant") : tr("Refresh the access token now");
}

void runTokenAction(TokenManager *tokens, QObject *context,
                    std::function<void(const QString &message)> done)
{
    if (TokenAction(*tokens).signIn) {
        tokens->signIn(context, [done](const TokenError *error) {
            done(error ? tr("Sign-in failed: %1").arg(error->message) : tr("Signed in"));
        });
        return;
    }
    tokens->refreshNow(context, [done](const TokenOutcome &outcome) {
        done(outcome.ok() ? tr("Token refreshed: generation %1").arg(outcome.grant->generation)
                          : tr("Refresh failed: %1").arg(outcome.error.message));
    });
}

} // namespace Keyway
