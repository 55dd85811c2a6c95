#pragma once

#include "http/apicall.h"
#include "http/request.h"

#include <QObject>

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
// replays, so the caller only ever sees the final answer.
class AuthorizedClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuthorizedClient)
public:
    AuthorizedClient(QNetworkAccessManager *network, TokenManager *tokens, EventLog *events,
                     Clock *clock, ClientOptions options = {}, QObject *parent = nullptr);

    // The returned call belongs to this client until the caller reparents or deletes it; it
    // emits finished() exactly once.
    ApiCall *send(Request request);

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
