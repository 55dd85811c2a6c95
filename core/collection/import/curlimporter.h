#pragma once

// curl command lines as browsers' "Copy as cURL" (bash or Windows cmd) and people write them:
// one request per command.

#include "collection/import/importer.h"

namespace Keyway {

ImportResult importCurl(const ImportSource &source);

// Whether the text starts with a curl command.
bool isCurlCommand(const QByteArray &bytes);

} // namespace Keyway
