#pragma once

#include <QObject>

class QSocketNotifier;

namespace Keyway::Cli {

// The exit code of a command Ctrl-C stopped, as a shell reports a process SIGINT ended (128 + 2).
constexpr int InterruptedExit = 130;

// Turns SIGINT (Ctrl-C) into a signal on the event loop, so that a running sign-in or the
// requests in flight can be cancelled cleanly and what was done still reported. One at a time.
// The default handling returns after the first Ctrl-C (a second one ends the process at once,
// should the clean stop hang) or when the watcher is destroyed.
class InterruptWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InterruptWatcher)
public:
    explicit InterruptWatcher(QObject *parent = nullptr);
    ~InterruptWatcher() override;

Q_SIGNALS:
    void interrupted();

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Keyway::Cli
