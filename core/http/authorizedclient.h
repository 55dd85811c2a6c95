#pragma once

#include "http/apicall.h"
#include "http/request.h"
#include "http/tlssetup.h"

#include <QObject>

class QIODevice;
class QNetworkAccessManager;

namespace Keyway {

class Clock;
class EventLog;
class TokenManager;

// What a client puts up with from a server. The defaults bound what a hostile or broken answer
// can cost: time, memory, and a call that never ends.
struct ClientOptions
{
    static constexpr qint64 DefaultMaxBodyBytes = qint64(256) << 20;

    int maxRedirects = 10;
    // Stall timeout, per attempt: no byte for this long (no answer yet, headers that never end
    // or a body that stopped) ends the call with a Network error. 0: wait forever.
    qint64 transferTimeoutMs = 30000;
    // The most of a body kept in memory (ApiCall::body(), and any answer that is not streamed
    // to a sink): a larger answer ends the call with Error::TooLarge. 0: no limit.
    qint64 maxBodyBytes = DefaultMaxBodyBytes;
    // The same for a body streamed to a sink. 0: no limit.
    qint64 maxStreamedBodyBytes = 0;
    // A body that trickles in (slow-loris): fewer than slowBodyMinBytes in any slowBodyWindowMs
    // ends the call with a Network error. A window of 0 turns this off.
    qint64 slowBodyWindowMs = 60000;
    qint64 slowBodyMinBytes = 1024;
    // Without a TokenManager; with one, its profile's settings apply.
    TlsSettings tls;

    friend bool operator==(const ClientOptions &, const ClientOptions &) = default;
};

// Sends requests with the profile's bearer token. Attaches the token at send time for each
// attempt, recognises an expired-token answer, waits for the TokenManager's single refresh and
// replays, so the caller only ever sees the final answer. Without a TokenManager (null) it sends
// requests as they are, with the same redirect rules: a saved request whose auth is none, a
// fixed Bearer or Basic header.
class AuthorizedClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuthorizedClient)
public:
    AuthorizedClient(QNetworkAccessManager *network, TokenManager *tokens, EventLog *events,
                     Clock *clock, ClientOptions options = {}, QObject *parent = nullptr);

    // The returned call belongs to this client until the caller reparents or deletes it; it
    // emits finished() exactly once.
    //
    // With a `bodySink`, the final answer's body is written there as it arrives instead of being
    // kept in ApiCall::body(), so that a download of any size takes bounded memory (as long as
    // the sink's writes do not buffer without bound: a file, a pipe, standard output). Only the
    // final answer reaches it: a rejection that is replayed after a refresh, or a redirect that
    // is followed, never does. The sink must outlive the call; a write that fails ends the call
    // with ApiCall::Error::Body.
    ApiCall *send(Request request, QIODevice *bodySink = nullptr);

    TokenManager *tokenManager() const { return m_tokens; }

private:
    QNetworkAccessManager *m_network;
    TokenManager *m_tokens;
    EventLog *m_events;
    Clock *m_clock;
    ClientOptions m_options;
    quint64 m_nextCallId = 1;
    TlsSetup m_tls; // read once, again when the profile's settings change
};

} // namespace Keyway
