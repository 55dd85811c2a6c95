#pragma once

#include "cliargs.h"

namespace Keyway::Cli {

// `keyway-cli store key show|export|import`; `arguments` starts with the program and the
// command, as parseArguments hands them over.
ParsedArgs parseStore(const QStringList &arguments);

} // namespace Keyway::Cli
