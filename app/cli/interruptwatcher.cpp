#include "interruptwatcher.h"

#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace Keyway::Cli {

namespace {

// A signal handler may only write(2): the self-pipe trick hands the signal to the event loop.
int g_fds[2] = {-1, -1};

void onSigint(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(g_fds[0], &byte, 1);
}

} // namespace

InterruptWatcher::InterruptWatcher(QObject *parent) : QObject(parent)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_fds) != 0)
        return; // Ctrl-C then ends the process as it always does
    m_notifier = new QSocketNotifier(g_fds[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &InterruptWatcher::onReadable);
    std::signal(SIGINT, onSigint);
}

InterruptWatcher::~InterruptWatcher()
{
    if (!m_notifier)
        return;
    std::signal(SIGINT, SIG_DFL);
    ::close(g_fds[0]);
    ::close(g_fds[1]);
    g_fds[0] = g_fds[1] = -1;
}

void InterruptWatcher::onReadable()
{
    char byte = 0;
    [[maybe_unused]] const ssize_t read = ::read(g_fds[1], &byte, 1);
    std::signal(SIGINT, SIG_DFL);
    Q_EMIT interrupted();
}

} // namespace Keyway::Cli
