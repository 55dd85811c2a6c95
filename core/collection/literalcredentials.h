#pragma once

// Keeps credentials typed literally into a workspace out of its files: a Bearer token, a Basic
// password or the value of a secret header (Authorization, Cookie, X-API-Key, ...) that is not a
// `{{variable}}` reference is moved into a secret variable of the same item, and the field then
// refers to it. The secret's value stays in memory (and goes to the keychain), never to a file.

#include "collection/workspacedata.h"

#include <QStringList>

namespace Keyway {

// True when `value` is empty or refers to a variable, i.e. is safe to write to a file.
bool refersToVariable(const QString &value);

// Moves every literal credential of `workspace` into a secret variable. Returns one notice per
// credential moved, naming the item and the variable ("what was done and why").
QStringList moveLiteralCredentialsToSecrets(WorkspaceData &workspace);

} // namespace Keyway
