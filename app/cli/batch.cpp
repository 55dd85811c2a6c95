#include "batch.h"

#include "http/apicall.h"
#include "http/authorizedclient.h"

namespace Keyway::Cli {

Batch::Batch(AuthorizedClient *client, Request request, int count, int concurrency, QObject *parent)
    : QObject(parent),
      m_client(client),
      m_request(std::move(request)),
      m_count(count),
      m_concurrency(qMax(1, concurrency))
{
}

void Batch::start()
{
    while (m_sent < m_count && m_sent - m_finished < m_concurrency)
        sendNext();
}

void Batch::sendNext()
{
    ApiCall *call = m_client->send(m_request, m_sink);
    ++m_sent;
    m_calls.insert(call);
    connect(call, &ApiCall::finished, this, [this, call] {
        m_calls.remove(call);
        ++m_finished;
        Q_EMIT callFinished(*call);
        call->deleteLater();
        if (m_finished == m_count) {
            Q_EMIT finished();
            return;
        }
        start();
    });
}

void Batch::abort()
{
    if (isFinished())
        return;
    m_count = m_sent;
    if (m_calls.isEmpty()) {
        Q_EMIT finished();
        return;
    }
    const QSet<ApiCall *> calls = m_calls;
    for (ApiCall *call : calls)
        call->abort();
}

} // namespace Keyway::Cli
