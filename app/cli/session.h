#pragma once

#include "auth/profile.h"
#include "store/tokenstore.h"

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace Keyway {
class AuthorizedClient;
class EventLog;
class TokenManager;
} // namespace Keyway

namespace Keyway::Cli {

// The core objects one CLI run uses, wired as every front end wires them, over the token store
// the run was given (memory when none: a one-shot run writes nothing to disk).
class Session
{
public:
    explicit Session(Profile profile, std::unique_ptr<TokenStore> store = {});
    ~Session();
    Q_DISABLE_COPY_MOVE(Session)

    EventLog *events() const { return m_events.get(); }
    TokenStore *store() const { return m_store.get(); }
    TokenManager *tokens() const { return m_tokens.get(); }
    AuthorizedClient *client() const { return m_client.get(); }

    // Reads the profile's stored tokens and, when that works, hands them to the TokenManager.
    // Answers with the store's own result, so that callers can tell "nothing stored",
    // "unreachable" and "unreadable" apart.
    void loadStored(QObject *context, std::function<void(const StoreResult &)> done);

    // Lets the store finish what it sent without waiting for an answer (a released refresh
    // lease) before the process ends, so that the next process does not find the lease taken.
    // `done` runs on `context` once the store has answered two reads in a row: a store answers
    // in order, and the second read also covers a command it had to send again.
    void settle(QObject *context, std::function<void()> done);

private:
    // Declared in dependency order: the client (and its calls) goes first, the network last.
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<EventLog> m_events;
    std::unique_ptr<TokenStore> m_store;
    std::unique_ptr<TokenManager> m_tokens;
    std::unique_ptr<AuthorizedClient> m_client;
};

// Says on stderr that `what` (a profile, a run) does not check TLS certificates. Every Session
// of an insecure profile says it once.
void warnInsecureTls(const QString &what);

} // namespace Keyway::Cli
