#pragma once

#include <QObject>

#include <functional>
#include <memory>

namespace Keyway {

// Time as the token logic sees it. Production uses SystemClock; tests drive a FakeClock so that
// expiry, backoff, timeouts and the circuit breaker are tested without sleeping.
class Clock
{
public:
    virtual ~Clock() = default;

    // Wall-clock milliseconds since the epoch: token expiry is stored in this unit so that other
    // processes (sharing a store) can read it.
    virtual qint64 nowMs() const = 0;

    // Runs `fn` on `context`'s thread once `delayMs` has passed, unless `context` is gone or the
    // returned handle was destroyed first.
    [[nodiscard]] virtual std::unique_ptr<QObject> schedule(qint64 delayMs, QObject *context,
                                                            std::function<void()> fn) = 0;
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override;
    std::unique_ptr<QObject> schedule(qint64 delayMs, QObject *context,
                                      std::function<void()> fn) override;

    // The process-wide instance used where no clock is injected.
    static SystemClock *instance();
};

} // namespace Keyway
