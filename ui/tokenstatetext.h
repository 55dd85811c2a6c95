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
    QString detail; // the core's own account of the refusal; empty unless tlsRefused
};

} // namespace Keyway
