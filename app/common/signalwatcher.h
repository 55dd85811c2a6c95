#pragma once

#include <QObject>

#include <initializer_list>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

namespace Keyway {

// Hands Unix signals (SIGINT, SIGTERM) to the event loop, for keyway-cli and keyway-sandbox. A
// signal handler may only do async-signal-safe work, so it writes the signal's number to a socket
// pair that a QSocketNotifier reads (Qt's "Calling Qt Functions From Unix Signal Handlers").
// The first signal is delivered; after it the default handling is back, so that a second one
// ends the process at once should the clean stop hang. One watcher at a time in a process.
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)
public:
    explicit SignalWatcher(std::initializer_list<int> signalNumbers, QObject *parent = nullptr);
    // Gives the signals their default handling back.
    ~SignalWatcher() override;

    // False when the signals could not be watched: they then end the process as they always do.
    bool isWatching() const { return m_notifier != nullptr; }

Q_SIGNALS:
    void received(int signalNumber);

private:
    void onReadable();
    void restoreDefaults();

    QList<int> m_signals;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Keyway
