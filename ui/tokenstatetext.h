#pragma once

#include "auth/tokenmanager.h"

#include <QString>

namespace Keyway {

// How a profile's token state reads, the same in the token inspector and the status bar: the
// core's state name, except after a refused TLS handshake with the token endpoint, which the
// core files as ReauthRequired but which no sign-in can get past: that says "TLS refused",
// names the endpoint, and points at the profile's TLS page.
struct TokenStateText
{
    explicit TokenStateText(const TokenManager &tokens);

    TokenManager::State state;
    bool tlsRefused = false;
    QString name;
    QString advice; // what to do; empty unless tlsRefused
    QString oneLineAdvice; // the same, short enough for the status bar
    QString detail; // the core's own account of the refusal; empty unless tlsRefused
};

// Why a sign-in or refresh of `tokens` failed, for the window: the core's message, except for a
// refused TLS certificate, whose message names keyway-cli's options; that gets the advice above
// (`oneLine`: its short form).
QString failureReason(const TokenManager &tokens, const TokenError &error, bool oneLine = false);

} // namespace Keyway
