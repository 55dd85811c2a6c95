#pragma once

#include <QObject>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

namespace Keyway {

// Quits the application's event loop on SIGINT or SIGTERM. Signal handlers may only do
// async-signal-safe work, so the handler writes a byte to a socket pair and Qt picks it up
// in the event loop (the pattern from Qt's "Calling Qt Functions From Unix Signal Handlers").
class QuitOnSignal final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QuitOnSignal)

public:
    explicit QuitOnSignal(QObject *parent = nullptr);
    ~QuitOnSignal() override;

    bool install();

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Keyway
