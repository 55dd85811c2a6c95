#pragma once

// .http / .rest files of the JetBrains HTTP client and the VS Code REST Client: several
// requests separated by `###`, `# @name`, `@name = value` file variables, headers and bodies.

#include "collection/import/importer.h"

namespace Keyway {

ImportResult importHttpFile(const ImportSource &source);

// Whether the text reads as an .http file (a request line, `###` separators).
bool looksLikeHttpFile(const QByteArray &bytes);

} // namespace Keyway
