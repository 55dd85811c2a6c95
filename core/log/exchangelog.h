#pragma once

#include "log/exchange.h"

#include <QHash>
#include <QObject>

#include <deque>

namespace Keyway {

class ApiCall;
class EventLog;

// The calls a person sent, kept with their requests and answers (bounded, oldest first out) so
// that the log can show what went over the wire and export it as HAR. It folds each tracked
// call's events into its summary, so an exchange also knows its refresh chain.
class ExchangeLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExchangeLog)
public:
    static constexpr int DefaultMaxExchanges = 1000;

    explicit ExchangeLog(EventLog *events, int maxExchanges = DefaultMaxExchanges,
                         QObject *parent = nullptr);

    // Records `call`'s request now and its answer when it finishes. `profile` names the
    // TokenManager the call went through (event keys are profile and call id).
    void track(ApiCall *call, const QString &profile);

    // Null when not tracked or already dropped.
    const Exchange *find(const QString &profile, quint64 callId) const;
    // Oldest first.
    QList<Exchange> exchanges() const;
    int count() const { return int(m_order.size()); }
    void clear();

Q_SIGNALS:
    void exchangeFinished(const QString &profile, quint64 callId);

private:
    using Key = QPair<QString, quint64>;
    void onEvent(const Event &event);

    int m_maxExchanges;
    QHash<Key, Exchange> m_exchanges;
    std::deque<Key> m_order;
    // Events of calls not (yet) tracked: send() posts the first ones before track() can run.
    static constexpr size_t RecentEvents = 64;
    std::deque<Event> m_recent;
};

} // namespace Keyway
