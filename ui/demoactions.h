#pragma once

#include <QObject>

namespace Keyway {

class ApiCall;
class AuthorizedClient;
class ExchangeLog;
class Sandbox;

// What the Demo menu does against the in-process sandbox: expire every token at the server, and
// fire a burst of concurrent requests so the log shows the 401s, one refresh and the replays.
class DemoActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoActions)
public:
    // Calls go into `exchanges` so that the log can show and export them.
    DemoActions(Sandbox *sandbox, AuthorizedClient *client, ExchangeLog *exchanges,
                QObject *parent = nullptr);

    Sandbox *sandbox() const { return m_sandbox; }

    void expireTokens();
    void sendConcurrent(int count);
    // The first run's show, without a click: a few seconds in, the sandbox expires the token
    // and a handful of requests go at once, so the log shows 401s, one refresh and the replays.
    void startTour(int delayMs = 4000, int requests = 5);

Q_SIGNALS:
    void message(const QString &text);
    // The last call of a burst to finish, to show as an example; it goes after this signal.
    void burstFinished(const QString &summary, const Keyway::ApiCall &lastCall);

private:
    Sandbox *m_sandbox;
    AuthorizedClient *m_client;
    ExchangeLog *m_exchanges;
};

} // namespace Keyway
