#include "log/eventlog.h"

#include "auth/clock.h"
#include "log/logging.h"

#include <QMetaMethod>

namespace Keyway {

EventLog::EventLog(const Clock *clock, QObject *parent) : QObject(parent), m_clock(clock) { }

bool EventLog::isObserved() const
{
    return isSignalConnected(QMetaMethod::fromSignal(&EventLog::posted)) || lcAuth().isInfoEnabled()
        || lcHttp().isDebugEnabled();
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
