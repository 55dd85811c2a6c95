#pragma once

#include "auth/profile.h"

#include <memory>

class QNetworkAccessManager;

namespace Keyway {
class AuthorizedClient;
class EventLog;
class MemoryTokenStore;
class TokenManager;
} // namespace Keyway

namespace Keyway::Cli {

// The core objects one CLI run uses, wired as every front end wires them. Tokens live in memory
// only: a one-shot run writes nothing to disk.
class Session
{
public:
    explicit Session(Profile profile);
    ~Session();
    Q_DISABLE_COPY_MOVE(Session)

    EventLog *events() const { return m_events.get(); }
    TokenManager *tokens() const { return m_tokens.get(); }
    AuthorizedClient *client() const { return m_client.get(); }

private:
    // Declared in dependency order: the client (and its calls) goes first, the network last.
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<EventLog> m_events;
    std::unique_ptr<MemoryTokenStore> m_store;
    std::unique_ptr<TokenManager> m_tokens;
    std::unique_ptr<AuthorizedClient> m_client;
};

} // namespace Keyway::Cli
