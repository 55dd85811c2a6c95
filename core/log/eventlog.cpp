#include "log/eventlog.h"

#include "auth/clock.h"
#include "log/logging.h"

namespace Keyway {

EventLog::EventLog(const Clock *clock, QObject *parent) : QObject(parent), m_clock(clock) { }

static bool isAuthEvent(EventType type)
{
    switch (type) {
    case EventType::RequestStarted:
    case EventType::RequestFinished:
    case EventType::TokenAttached:
    case EventType::RedirectFollowed:
        return false;
    default:
        return true;
    }
}

void EventLog::post(Event event)
{
    event.atMs = m_clock->nowMs();
    if (isAuthEvent(event.type))
        qCInfo(lcAuth).noquote() << event.toLogLine();
    else
        qCDebug(lcHttp).noquote() << event.toLogLine();
    Q_EMIT posted(event);
}

} // namespace Keyway
