#include "log/exchangelog.h"

#include "http/apicall.h"
#include "log/eventlog.h"

#include <QDateTime>

namespace Keyway {

ExchangeLog::ExchangeLog(EventLog *events, int maxExchanges, QObject *parent)
    : QObject(parent), m_maxExchanges(qMax(1, maxExchanges))
{
    if (events)
        connect(events, &EventLog::posted, this, &ExchangeLog::onEvent);
}

void ExchangeLog::track(ApiCall *call, const QString &profile)
{
    const Key key {profile, call->id()};
    Exchange exchange;
    exchange.profile = profile;
    exchange.callId = call->id();
    exchange.startedMs = QDateTime::currentMSecsSinceEpoch();
    const Request &request = call->request();
    exchange.method = request.method.toUpper();
    exchange.url = request.url;
    exchange.requestHeaders = request.headers;
    switch (request.body.kind()) {
    case BodySource::Kind::None: break;
    case BodySource::Kind::Bytes:
        exchange.requestBody = request.body.data().left(Exchange::MaxKeptBodyBytes);
        exchange.requestBodySize = request.body.data().size();
        break;
    case BodySource::Kind::File:
        exchange.requestBodyNote = tr("file %1").arg(request.body.filePath());
        exchange.requestBodySize = request.body.size();
        break;
    case BodySource::Kind::Factory:
        exchange.requestBodyNote = tr("generated for each attempt (multipart or file parts)");
        exchange.requestBodySize = request.body.size();
        break;
    case BodySource::Kind::Stream:
        exchange.requestBodyNote = tr("one-shot stream");
        exchange.requestBodySize = -1;
        break;
    }
    // The events posted while send() ran (request.started, token.attached) came before this
    // exchange existed: take them from the recent ones.
    for (const Event &event : m_recent) {
        if (event.callId == exchange.callId && event.profile == profile)
            exchange.summary.add(event);
    }
    m_exchanges.insert(key, exchange);
    m_order.push_back(key);
    while (int(m_order.size()) > m_maxExchanges) {
        m_exchanges.remove(m_order.front());
        m_order.pop_front();
    }

    connect(call, &ApiCall::finished, this, [this, call, key] {
        auto it = m_exchanges.find(key);
        if (it == m_exchanges.end())
            return;
        Exchange &done = *it;
        done.finished = true;
        done.status = call->httpStatus();
        done.responseHeaders = call->responseHeaders();
        done.responseBody = call->body().left(Exchange::MaxKeptBodyBytes);
        done.responseBodySize = call->body().size();
        done.finalUrl = call->finalUrl();
        done.elapsedMs = call->elapsedMs();
        done.attempts = call->attempts();
        done.authReplays = call->authReplays();
        done.error = call->errorString();
        done.attemptLog = call->attemptLog();
        Q_EMIT exchangeFinished(key.first, key.second);
    });
}

void ExchangeLog::onEvent(const Event &event)
{
    if (!event.callId)
        return;
    m_recent.push_back(event);
    if (m_recent.size() > RecentEvents)
        m_recent.pop_front();
    auto it = m_exchanges.find(Key {event.profile, event.callId});
    if (it != m_exchanges.end())
        it->summary.add(event);
}

const Exchange *ExchangeLog::find(const QString &profile, quint64 callId) const
{
    auto it = m_exchanges.constFind(Key {profile, callId});
    return it == m_exchanges.cend() ? nullptr : &*it;
}

QList<Exchange> ExchangeLog::exchanges() const
{
    QList<Exchange> list;
    list.reserve(qsizetype(m_order.size()));
    for (const Key &key : m_order)
        list << m_exchanges.value(key);
    return list;
}

void ExchangeLog::clear()
{
    m_exchanges.clear();
    m_order.clear();
    m_recent.clear();
}

} // namespace Keyway
