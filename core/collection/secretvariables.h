#pragma once

// Visits every secret variable of a workspace with its scope ("workspace", "environment/<name>",
// "folder/<path>", "request/<path>"): the one walk the keychain, the CLI's environment, history
// redaction and reloads share.

#include "collection/workspacedata.h"

#include <functional>

namespace Keyway {

void forEachSecret(WorkspaceData &workspace,
                   const std::function<void(const QString &scope, Variable &variable)> &visit);

// Copies the values of secret variables from `from` into the variables of the same scope and
// name in `to` that have none (a workspace read again from disk keeps what the keychain gave).
void carrySecretValues(const WorkspaceData &from, WorkspaceData &to);

} // namespace Keyway
