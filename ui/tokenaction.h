#pragma once

#include <QString>

#include <functional>

class QObject;

namespace Keyway {

class TokenManager;

// The one action a profile's tokens offer, the same in the token inspector and the status bar:
// "Sign in" while there are no usable tokens (none yet, signed out, or the server wants a new
// sign-in), "Try again" after the token endpoint's TLS certificate was refused (a sign-in would
// meet the same refusal; worth it once the server or the CA file changed), "Refresh now"
// otherwise.
struct TokenAction
{
    explicit TokenAction(const TokenManager &tokens);

    bool signIn = false;
    bool enabled = false; // not while a refresh runs, nor a sign-in that needs the profile dialog
    QString label;
    QString toolTip;
};

// Runs the action TokenAction(*tokens) names; `done` gets what to tell the user ("Signed in",
// "Refresh failed: ..."), on `context`.
void runTokenAction(TokenManager *tokens, QObject *context,
                    std::function<void(const QString &message)> done);

} // namespace Keyway
