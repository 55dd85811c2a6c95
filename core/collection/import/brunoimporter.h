#pragma once

// Bruno collections: a folder with bruno.json, one `.bru` file per request, folders as
// directories (with an optional folder.bru), collection.bru, and environments/*.bru.

#include "collection/import/importer.h"

namespace Keyway {

ImportResult importBruno(const ImportSource &source);

bool isBrunoFolder(const QString &folder);

} // namespace Keyway
