#pragma once

// Internal to the importers: a literal secret in a source (a bearer token, a Basic password, an
// Authorization header) becomes a secret variable, so that the collection files keep only the
// `{{name}}` and the value goes to the keychain.

#include "collection/import/importresult.h"
#include "collection/workspacedata.h"

namespace Keyway::ImportDetail {

// Whether `value` is nothing but one `{{variable}}` reference.
bool isVariableReference(const QString &value);

// Returns `value` when it is empty or a reference; otherwise adds a secret variable holding it
// to `scope` (named `baseName`, made unique there) and returns its `{{name}}`.
QString liftSecret(const QString &value, const QString &baseName, VariableList &scope,
                   QString *variableName = nullptr);

// liftSecret, and when it moved something an issue at `path` that says so ("the bearer token
// was moved to the secret variable {{token}} ...").
QString liftSecretReported(const QString &value, const QString &baseName, const QString &what,
                           VariableList &scope, const QString &path, QList<ImportIssue> &issues);

// Bearer and Basic auth as every format maps them: a literal token or password goes to a secret
// variable of `scope` (reported at `path`).
RequestAuth bearerAuth(const QString &token, VariableList &scope, const QString &path,
                       QList<ImportIssue> &issues);
RequestAuth basicAuth(const QString &username, const QString &password, VariableList &scope,
                      const QString &path, QList<ImportIssue> &issues);
// An auth type no Keyway auth stands for: sent without auth, and said so.
RequestAuth unsupportedAuth(const QString &type, const QString &path, QList<ImportIssue> &issues);

} // namespace Keyway::ImportDetail
