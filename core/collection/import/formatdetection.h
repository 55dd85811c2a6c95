#pragma once

// Internal to the importers: which format a source is, from its content.

#include "collection/import/importer.h"

namespace Keyway::ImportDetail {

ImportFormat detectFormat(const ImportSource &source);

} // namespace Keyway::ImportDetail
