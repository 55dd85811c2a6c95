#pragma once

// Internal to the importers: a literal secret in a source (a bearer token, a Basic password, an
// Authorization header) becomes a secret variable, so that the collection files keep only the
// `{{name}}` and the value goes to the keychain.

#include "collection/workspacedata.h"

namespace Keyway::ImportDetail {

// Whether `value` is nothing but one `{{variable}}` reference.
bool isVariableReference(const QString &value);

// Returns `value` when it is empty or a reference; otherwise adds a secret variable holding it
// to `scope` (named `baseName`, made unique there) and returns its `{{name}}`.
QString liftSecret(const QString &value, const QString &baseName, VariableList &scope,
                   QString *variableName = nullptr);

} // namespace Keyway::ImportDetail
