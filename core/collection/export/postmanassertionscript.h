#pragma once

// A request's assertions as the test script of a Postman item, so that newman checks them
// (pm.test per assertion), each line carrying the assertion itself as a trailing comment so that
// the Postman import reads it back as assertions instead of reporting an unimported script.

#include "collection/workspacedata.h"

#include <QStringList>

#include <optional>

namespace Keyway {

// The script lines, or nothing for no assertions.
QStringList postmanAssertionScript(const AssertionList &assertions);

// The assertions of a script written by postmanAssertionScript; nothing for any other script.
std::optional<AssertionList> assertionsOfPostmanScript(const QStringList &lines);

} // namespace Keyway
