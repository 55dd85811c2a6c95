#pragma once

// Insomnia exports: v4 (Insomnia 2020-2024, "Export Data"), JSON or YAML, and v5 (Insomnia 10 and
// later), YAML: workspaces become collections, request groups folders, the base environment
// collection variables and the sub-environments environments.

#include "collection/import/importer.h"

#include <QJsonObject>

namespace Keyway {

ImportResult importInsomnia(const ImportSource &source);

// Whether the YAML text starts like an Insomnia export (`_type: export` in v4, `type:
// collection.insomnia.rest/5.0` or another kind in v5).
bool isInsomniaYaml(const QByteArray &bytes);
// Whether a JSON document's top level is an Insomnia export, v4 or v5.
bool isInsomniaObject(const QJsonObject &root);

} // namespace Keyway
