#pragma once

#include "cliargs.h"

namespace Keyway::Cli {

// Exit codes of `keyway-cli run`, as --help and the README list them.
enum RunExit : int {
    RunPassed = 0, // every request answered and every assertion held
    RunFailed = 1, // an assertion failed or a request got no answer
    RunUsageError = 2, // bad options, or a workspace/request that cannot be read or resolved
    RunAuthFailed = 3, // a profile's tokens could not be obtained
    // Ctrl-C: the requests in flight were cancelled, the reports are written (InterruptedExit)
    RunInterrupted = 130,
};

// `keyway-cli run PATH [options]`; `arguments` starts with the program name and "run".
ParsedArgs parseRun(const QStringList &arguments, const QProcessEnvironment &environment);

} // namespace Keyway::Cli
