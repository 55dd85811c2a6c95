#include "fakeclock.h"

#include <algorithm>

namespace Keyway::Test {

namespace {

// Destroying the handle cancels the entry, as destroying a QTimer would.
class Handle final : public QObject
{
public:
    explicit Handle(std::shared_ptr<bool> alive) : m_alive(std::move(alive)) { }
    ~Handle() override { *m_alive = false; }

private:
    std::shared_ptr<bool> m_alive;
};

} // namespace

FakeClock::FakeClock(qint64 startMs) : m_now(startMs) { }

std::unique_ptr<QObject> FakeClock::schedule(qint64 delayMs, QObject *context,
                                             std::function<void()> fn)
{
    auto alive = std::make_shared<bool>(true);
    m_entries.push_back(Entry {m_now + qMax<qint64>(0, delayMs), m_order++,
                               QPointer<QObject>(context), std::move(fn), alive});
    return std::make_unique<Handle>(alive);
}

void FakeClock::jump(qint64 ms)
{
    m_now += ms;
    advance(0);
}

void FakeClock::advance(qint64 ms)
{
    const qint64 target = m_now + ms;
    for (;;) {
        auto due = m_entries.end();
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
            if (!*it->alive || !it->context)
                continue;
            if (it->dueMs <= target
                && (due == m_entries.end()
                    || std::tie(it->dueMs, it->order) < std::tie(due->dueMs, due->order)))
                due = it;
        }
        if (due == m_entries.end())
            break;
        m_now = qMax(m_now, due->dueMs);
        Entry entry = std::move(*due);
        m_entries.erase(due);
        entry.fn();
    }
    m_entries.remove_if([](const Entry &e) { return !*e.alive || !e.context; });
    m_now = target;
}

int FakeClock::pendingCount() const
{
    return int(std::count_if(m_entries.begin(), m_entries.end(),
                             [](const Entry &e) { return *e.alive && e.context; }));
}

qint64 FakeClock::nextDueInMs() const
{
    qint64 next = -1;
    for (const Entry &e : m_entries) {
        if (*e.alive && e.context && (next < 0 || e.dueMs - m_now < next))
            next = e.dueMs - m_now;
    }
    return next;
}

} // namespace Keyway::Test
