#pragma once

#include "cliargs.h"

namespace Keyway::Cli {

// `keyway-cli import FILE|FOLDER` and `keyway-cli export PATH`: the workspace's importers and
// exporters (core/collection/import, core/collection/export) from the command line. Both are
// synchronous and return the process's exit code (0, or 2 for input that cannot be used).
ParsedArgs parseImport(const QStringList &arguments);
ParsedArgs parseExport(const QStringList &arguments);
int runImport(const ImportArgs &args);
int runExport(const ExportArgs &args);

} // namespace Keyway::Cli
