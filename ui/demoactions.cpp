#include "demoactions.h"

#include "auth/tokenmanager.h"
#include "http/authorizedclient.h"
#include "log/exchangelog.h"
#include "sandbox/sandbox.h"

#include <QTimer>

#include <memory>

namespace Keyway {

DemoActions::DemoActions(Sandbox *sandbox, AuthorizedClient *client, ExchangeLog *exchanges,
                         QObject *parent)
    : QObject(parent), m_sandbox(sandbox), m_client(client), m_exchanges(exchanges)
{
}

void DemoActions::expireTokens()
{
    m_sandbox->expireAllTokens();
    Q_EMIT message(tr("Tokens expired at the sandbox: send to see 401, refresh, replay"));
}

void DemoActions::sendConcurrent(int count)
{
    struct Burst
    {
        int total = 0;
        int pending = 0;
        int ok = 0;
        int replayed = 0;
        int refreshesBefore = 0;
    };
    auto burst = std::make_shared<Burst>();
    burst->total = count;
    burst->pending = count;
    burst->refreshesBefore = m_sandbox->counters().refreshes;
    Q_EMIT message(tr("Sending %1 concurrent requests…").arg(count));

    for (int i = 0; i < count; ++i) {
        ApiCall *call = m_client->send(
            Request(QByteArrayLiteral("GET"), m_sandbox->apiUrl(QStringLiteral("/api/items"))));
        m_exchanges->track(call, m_client->tokenManager()->profile().name);
        connect(call, &ApiCall::finished, this, [this, call, burst] {
            call->deleteLater();
            burst->ok += call->isSuccess() ? 1 : 0;
            burst->replayed += call->authReplays() > 0 ? 1 : 0;
            if (--burst->pending > 0)
                return;
            const int refreshes = m_sandbox->counters().refreshes - burst->refreshesBefore;
            Q_EMIT burstFinished(
                tr("%1 concurrent requests: %2 OK, %3 replayed, %4")
                    .arg(burst->total)
                    .arg(burst->ok)
                    .arg(burst->replayed)
                    .arg(refreshes == 1 ? tr("1 refresh") : tr("%1 refreshes").arg(refreshes)),
                *call);
        });
    }
}

void DemoActions::startTour(int delayMs, int requests)
{
    QTimer::singleShot(delayMs, this, [this, requests] {
        expireTokens();
        QTimer::singleShot(1000, this, [this, requests] { sendConcurrent(requests); });
    });
}

} // namespace Keyway
