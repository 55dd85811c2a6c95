#pragma once

// Resolving `{{variables}}` in an export where the caller asks for it. Secret variables are
// never resolved (their value would end up in a file or a shell history): they stay `{{name}}`.

#include "collection/workspacedata.h"

#include <QStringList>
#include <functional>
#include <optional>

namespace Keyway {

// The variable a name resolves to in the caller's scopes (request, folder, collection,
// environment), or nothing. Built-ins such as `$uuid` are the caller's to answer too.
using VariableLookup = std::function<std::optional<Variable>(const QString &name)>;

// `text` with each `{{name}}` that `lookup` knows and that is not secret replaced by its value.
// `warnings` gets one line per secret or unknown name (at `path`), each once.
QString substituteVariables(const QString &text, const VariableLookup &lookup,
                            const QString &path, QStringList &warnings);

// `inner` followed by the variables of `outer` it does not shadow: two scopes as one list, for
// formats with a single variable scope.
VariableList mergedScopes(const VariableList &inner, const VariableList &outer);

// A lookup over plain lists, innermost scope first.
VariableLookup lookupIn(QList<VariableList> scopes);

} // namespace Keyway
