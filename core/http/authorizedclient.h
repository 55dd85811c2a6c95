#pragma once

#include "http/apicall.h"
#include "http/request.h"

#include <QObject>

class QIODevice;
class QNetworkAccessManager;

namespace Keyway {

class Clock;
class EventLog;
class TokenManager;

struct ClientOptions
{
    int maxRedirects = 10;
    // Per attempt; 0: none. Off by default: a timer per reply costs throughput, and a slow API is
    // the caller's call (the CLI and the GUI set their own).
    qint64 transferTimeoutMs = 0;
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
};

} // namespace Keyway
