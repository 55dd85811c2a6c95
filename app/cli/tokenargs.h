#pragma once

#include "cliargs.h"

namespace Keyway::Cli {

// `keyway-cli login`, `keyway-cli logout` and `keyway-cli token show|refresh|clear`; `arguments`
// starts with the program and the command, as parseArguments hands them over.
ParsedArgs parseLogin(const QStringList &arguments, const QProcessEnvironment &environment);
ParsedArgs parseToken(const QStringList &arguments, const QProcessEnvironment &environment);
ParsedArgs parseLogout(const QStringList &arguments, const QProcessEnvironment &environment);

} // namespace Keyway::Cli
