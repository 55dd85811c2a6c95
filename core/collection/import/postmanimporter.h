#pragma once

// Postman collection v2.0 / v2.1 and Postman environment (and globals) exports.

#include "collection/import/importer.h"

class QJsonObject;

namespace Keyway {

ImportResult importPostmanCollection(const ImportSource &source);
ImportResult importPostmanEnvironment(const ImportSource &source);

bool isPostmanCollection(const QJsonObject &root);
bool isPostmanEnvironment(const QJsonObject &root);

} // namespace Keyway
