#pragma once

#include "auth/profile.h"
#include "store/tokenstore.h"

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace Keyway {
class AuthorizedClient;
class EventLog;
class ProfileSessions;
class TokenManager;
} // namespace Keyway

namespace Keyway::Cli {

// The core objects one CLI command uses, wired as every front end wires them: one network, one
// event log and one ProfileSessions, so that each profile has one TokenManager over its token
// store (memory when none is given: a one-shot run writes nothing to disk) whatever clients the
// command sends with.
class Session
{
public:
    // No profile yet: add() them (a collection run).
    Session();
    // One profile, the command's own (send, token, logout, demo).
    explicit Session(Profile profile, std::unique_ptr<TokenStore> store = {});
    ~Session();
    Q_DISABLE_COPY_MOVE(Session)

    // Adds `profile` over `store`; says on stderr when it does not check TLS certificates.
    TokenManager *add(Profile profile, std::unique_ptr<TokenStore> store = {});

    ProfileSessions *profiles() const { return m_profiles.get(); }
    EventLog *events() const { return m_events.get(); }
    // The first profile's.
    TokenStore *store() const;
    TokenManager *tokens() const { return m_first; }
    AuthorizedClient *client() const;

    // Reads the first profile's stored tokens and, when that works, hands them to its
    // TokenManager. Answers with the store's own result, so that callers can tell "nothing
    // stored", "unreachable" and "unreadable" apart.
    void loadStored(QObject *context, std::function<void(const StoreResult &)> done);

    // Lets every profile's store finish what it sent without waiting for an answer (a released
    // refresh lease) before the process ends, so that the next process does not find the lease
    // taken. `done` runs on `context` once each store has answered two reads in a row: a store
    // answers in order, and the second read also covers a command it had to send again.
    void settle(QObject *context, std::function<void()> done);

private:
    // Declared in dependency order: the clients (and their calls) go first, the network last.
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<EventLog> m_events;
    std::unique_ptr<ProfileSessions> m_profiles;
    TokenManager *m_first = nullptr;
};

// Says on stderr that `what` (a profile, a run) does not check TLS certificates. Every Session
// of an insecure profile says it once.
void warnInsecureTls(const QString &what);

} // namespace Keyway::Cli
