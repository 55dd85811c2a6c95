#pragma once

#include "auth/profilesessions.h"
#include "log/eventlog.h"

#include <QNetworkAccessManager>

namespace Keyway {
class AuthorizedClient;
class Sandbox;
class TokenManager;
} // namespace Keyway

namespace Keyway::Test {

// The core a window gets, wired as app/gui/main.cpp wires it for the demo: the sandbox's
// password-grant profile "sandbox" in memory, kept whatever workspace the window opens.
struct WindowCore
{
    // Without a sandbox: no profile of the window's own (the workspace's saved ones only).
    explicit WindowCore(const Sandbox *sandbox = nullptr);

    TokenManager &tokens() const;
    AuthorizedClient &client() const;

    QNetworkAccessManager network;
    EventLog events;
    ProfileSessions profiles;
};

} // namespace Keyway::Test
