#pragma once

#include "auth/profile.h"
#include "auth/tokenmanager.h"
#include "http/authorizedclient.h"
#include "log/event.h"
#include "log/eventlog.h"
#include "sandbox/sandboxconfig.h"
#include "store/memorytokenstore.h"

#include <QList>
#include <QNetworkAccessManager>

#include <memory>

namespace Keyway {
class Sandbox;
}

namespace Keyway::Test {

// The core's objects wired the way the CLI wires them, against a sandbox, recording every event.
class ClientStack
{
public:
    ClientStack(const Sandbox &sandbox, Clock *clock, Profile profile);
    ClientStack(const Sandbox &sandbox, Clock *clock);
    // Over a store the caller owns (a shared backend); `store` stays empty.
    ClientStack(const Sandbox &sandbox, Clock *clock, Profile profile, TokenStore *sharedStore);
    ~ClientStack();

    // A password-grant profile for the sandbox's demo client.
    static Profile profileFor(const Sandbox &sandbox);

    // Signs in and waits; returns false (with the reason in *error) when it fails.
    bool signIn(QString *error = nullptr);
    // Obtains tokens with the sandbox's password grant outside the TokenManager and hands them
    // over as `keyway-cli --tokens` does: for profiles that cannot sign in by themselves.
    bool seedTokens(QString *error = nullptr);
    ApiCall *send(const QByteArray &method, const QString &path, BodySource body = {},
                  HeaderList headers = {});
    // Waits until every call has finished.
    static bool waitAll(const QList<ApiCall *> &calls, int timeoutMs = 60000);
    // `follower` loads what `leader` stored after signing in; for two stacks over one shared
    // store. Returns false (with the reason in *error) when either fails.
    static bool signInAndFollow(ClientStack &leader, ClientStack &follower, QString *error);

    // The load a fault test injects its fault under: every token expired, the token endpoint
    // holding the refresh for `tokenDelayMs`, `perClient` calls sent from each of `a` and `b`.
    // Returns once the sandbox has the refresh request (or after 15 s), with the calls.
    static QList<ApiCall *> sendAcrossExpiry(Sandbox &sandbox, ClientStack &a, ClientStack &b,
                                             int perClient, int tokenDelayMs);
    // For fault tests, over finished calls: each success is the API's own 200, each failure
    // carries the server's status or a reason, and the successes number exactly
    // `apiSuccesses` (the answers the API really gave). Returns what is wrong; empty when all
    // holds.
    static QString checkOutcomes(const QList<ApiCall *> &calls, int apiSuccesses);
    // Whether `held` is one of `candidates` whole: generation, access and refresh token alike.
    static bool isOneWholeGeneration(const TokenSet &held, const QList<TokenSet> &candidates);

    int count(EventType type) const;
    QList<Event> eventsOf(EventType type) const;

    const Sandbox &sandbox;
    std::unique_ptr<QNetworkAccessManager> network;
    std::unique_ptr<EventLog> events;
    std::unique_ptr<MemoryTokenStore> store;
    std::unique_ptr<TokenManager> tokens;
    std::unique_ptr<AuthorizedClient> client;
    QList<Event> recorded;
    QObject context;
};

// The raw answer of `sandbox`'s token endpoint to a password grant for its demo client, obtained
// as another tool would (for `keyway-cli --tokens FILE`); empty when it failed.
QByteArray passwordGrantResponse(const Sandbox &sandbox);
// The same from the token endpoint at `tokenUrl` (a keyway-sandbox process's) for `config`'s
// client and user.
QByteArray passwordGrantResponse(const QUrl &tokenUrl, const SandboxConfig &config);

} // namespace Keyway::Test
