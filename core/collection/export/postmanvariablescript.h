#pragma once

// Postman's runner (newman) resolves only collection, environment, global and local variables,
// not the folder or request variables a collection may declare. The Postman export therefore
// adds a small pre-request script that sets them as local variables; the Postman import
// recognises that script as its own and does not report it as an unimported script.

#include "collection/workspacedata.h"

#include <QStringList>

namespace Keyway {

// The script lines for the enabled, non-secret variables, or nothing.
QStringList postmanVariableScript(const VariableList &variables);

// Whether `lines` are such a script and nothing else.
bool isPostmanVariableScript(const QStringList &lines);

} // namespace Keyway
