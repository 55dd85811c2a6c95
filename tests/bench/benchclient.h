#pragma once

#include "auth/clock.h"
#include "auth/tokenmanager.h"
#include "http/authorizedclient.h"
#include "log/eventlog.h"
#include "sandboxprocess.h"
#include "store/memorytokenstore.h"

#include <QNetworkAccessManager>

#include <functional>

namespace Keyway::Bench {

// What every benchmark starts from: keyway-sandbox in its own process and a signed-in client
// (memory store, system clock, no event listener) wired the way keyway-cli wires it.
class BenchClient
{
public:
    // False, with the reason in *error, when the sandbox does not start or the sign-in fails.
    bool start(QString *error);

    // One GET through AuthorizedClient, for runLoad().
    void sendGet(const QUrl &url, std::function<void(bool)> done);

    Test::SandboxProcess sandbox;
    QNetworkAccessManager network;
    EventLog events {SystemClock::instance()};
    MemoryTokenStore store;
    std::unique_ptr<TokenManager> tokens;
    std::unique_ptr<AuthorizedClient> client;
};

} // namespace Keyway::Bench
