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
    const bool busy =
        state == TokenManager::State::Refreshing || state == TokenManager::State::WaitingOnPeer;
    const bool silent = tokens.profile().canSignInSilently();
    if (shown.tlsRefused) {
        // A refresh tries the handshake again; the core retries it only for a profile that can
        // sign in silently.
        enabled = !busy && silent;
        label = tr("Try again");
        toolTip = tr("Try the token endpoint again, for a server whose certificate was fixed");
        return;
    }
    signIn = needsSignIn(state);
    // A browser or device sign-in needs the profile dialog: this button only starts a silent one.
    enabled = !busy && (!signIn || silent);
    label = signIn ? tr("Sign in") : tr("Refresh now");
    toolTip =
        signIn ? tr("Get tokens with the profile's grant") : tr("Refresh the access token now");
}

void runTokenAction(TokenManager *tokens, QObject *context,
                    std::function<void(const QString &message)> done)
{
    if (TokenAction(*tokens).signIn) {
        tokens->signIn(context, [done, tokens](const TokenError *error) {
            done(error ? tr("Sign-in failed: %1").arg(failureReason(*tokens, *error))
                       : tr("Signed in"));
        });
        return;
    }
    tokens->refreshNow(context, [done, tokens](const TokenOutcome &outcome) {
        done(outcome.ok() ? tr("Token refreshed: generation %1").arg(outcome.grant->generation)
                          : tr("Refresh failed: %1").arg(failureReason(*tokens, outcome.error)));
    });
}

} // namespace Keyway
