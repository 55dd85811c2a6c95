#pragma once

// Insomnia v4 exports (Insomnia 2020-2024, "Export Data"), JSON or YAML: workspaces become
// collections, request groups folders, the base environment collection variables and the
// sub-environments environments.

#include "collection/import/importer.h"

namespace Keyway {

ImportResult importInsomnia(const ImportSource &source);

// Whether the YAML text starts like an Insomnia export (`_type: export`).
bool isInsomniaYaml(const QByteArray &bytes);

} // namespace Keyway
