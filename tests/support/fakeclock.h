#pragma once

#include "auth/clock.h"

#include <QPointer>

#include <functional>
#include <list>
#include <memory>

namespace Keyway::Test {

// A clock the test moves by hand: advance() runs every scheduled callback that falls due, in
// deadline order, so expiry, backoff and timeouts are tested without sleeping.
class FakeClock final : public Clock
{
public:
    explicit FakeClock(qint64 startMs = 1'800'000'000'000);

    qint64 nowMs() const override { return m_now; }
    std::unique_ptr<QObject> schedule(qint64 delayMs, QObject *context,
                                      std::function<void()> fn) override;

    void advance(qint64 ms);
    // Moves time forward at once, then runs what fell due, late, at the new time: what a machine
    // waking from sleep sees.
    void jump(qint64 ms);
    int pendingCount() const;
    // The delay until the next callback falls due, -1 when none is pending.
    qint64 nextDueInMs() const;

private:
    struct Entry
    {
        qint64 dueMs;
        quint64 order;
        QPointer<QObject> context;
        std::function<void()> fn;
        std::shared_ptr<bool> alive;
    };
    qint64 m_now;
    quint64 m_order = 0;
    std::list<Entry> m_entries;
};

} // namespace Keyway::Test
