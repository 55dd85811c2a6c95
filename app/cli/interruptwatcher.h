#pragma once

#include <QObject>

class QSocketNotifier;

namespace Keyway::Cli {

// Turns SIGINT (Ctrl-C) into a signal on the event loop, so that a running sign-in can be
// cancelled cleanly. One at a time; the default handling returns when it is destroyed.
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
