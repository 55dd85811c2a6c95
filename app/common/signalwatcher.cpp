#include "signalwatcher.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace Keyway {

namespace {

// [0] the handler writes, [1] the event loop reads. Global: a handler gets no context.
int g_fds[2] = {-1, -1};

void onSignal(int number)
{
    const int savedErrno = errno; // the interrupted code may be about to read it
    const char byte = char(number);
    [[maybe_unused]] const ssize_t written = ::write(g_fds[0], &byte, 1);
    errno = savedErrno;
}

} // namespace

SignalWatcher::SignalWatcher(std::initializer_list<int> signalNumbers, QObject *parent)
    : QObject(parent), m_signals(signalNumbers)
{
    Q_ASSERT_X(g_fds[0] < 0, "SignalWatcher", "one watcher at a time");
    if (g_fds[0] >= 0 || ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_fds) != 0)
        return;
    m_notifier = new QSocketNotifier(g_fds[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SignalWatcher::onReadable);
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    // SA_RESTART: a signal must not make the event loop's poll() or a write() fail with EINTR.
    action.sa_flags = SA_RESTART;
    for (const int number : std::as_const(m_signals))
        ::sigaction(number, &action, nullptr);
}

SignalWatcher::~SignalWatcher()
{
    if (!m_notifier)
        return;
    restoreDefaults();
    ::close(g_fds[0]);
    ::close(g_fds[1]);
    g_fds[0] = g_fds[1] = -1;
}

void SignalWatcher::onReadable()
{
    char byte = 0;
    if (::read(g_fds[1], &byte, 1) != 1)
        return;
    restoreDefaults();
    m_notifier->setEnabled(false); // only the first signal is delivered
    Q_EMIT received(int(byte));
}

void SignalWatcher::restoreDefaults()
{
    for (const int number : std::as_const(m_signals))
        std::signal(number, SIG_DFL);
}

} // namespace Keyway
