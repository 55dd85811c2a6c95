#include "auth/clock.h"

#include <QDateTime>
#include <QTimer>

#include <limits>

namespace Keyway {

qint64 SystemClock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

std::unique_ptr<QObject> SystemClock::schedule(qint64 delayMs, QObject *context,
                                               std::function<void()> fn)
{
    auto timer = std::make_unique<QTimer>();
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer);
    QObject::connect(timer.get(), &QTimer::timeout, context, std::move(fn));
    // QTimer takes an int; anything longer than ~24 days is as good as never.
    timer->start(int(qBound(qint64(0), delayMs, qint64(std::numeric_limits<int>::max()))));
    return timer;
}

SystemClock *SystemClock::instance()
{
    static SystemClock clock;
    return &clock;
}

} // namespace Keyway
