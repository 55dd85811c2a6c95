#pragma once

#include "signalwatcher.h"

#include <csignal>

namespace Keyway::Cli {

// The exit code of a command Ctrl-C stopped, as a shell reports a process SIGINT ended (128 + 2).
constexpr int InterruptedExit = 130;

// Turns Ctrl-C (SIGINT) into SignalWatcher::received for `parent`, a command that then cancels
// what runs and still says what was done. A second Ctrl-C ends the process at once.
inline SignalWatcher *watchCtrlC(QObject *parent)
{
    return new SignalWatcher({SIGINT}, parent);
}

} // namespace Keyway::Cli
