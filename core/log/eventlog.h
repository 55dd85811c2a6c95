#pragma once

#include "log/event.h"

#include <QObject>

namespace Keyway {

class Clock;

// The stream of every decision the core takes: the live log panel, `keyway-cli --events` and the
// tests all listen here. Each event is also written to its logging category.
class EventLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLog)
public:
    explicit EventLog(const Clock *clock, QObject *parent = nullptr);

    // Stamps the time and publishes.
    void post(Event event);

    // Whether anyone would see an event: a listener or an enabled logging category. Hot paths
    // ask before building one, so a client nobody watches pays nothing for its log.
    bool isObserved() const;

Q_SIGNALS:
    void posted(const Keyway::Event &event);

private:
    const Clock *m_clock;
};

} // namespace Keyway
