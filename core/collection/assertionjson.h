#pragma once

// The "assert" list of a request file: one small object per Assertion (workspacedata.h shows
// each form), written as a person would type it and read strictly, with the element and field
// that is wrong named in the error ("assert[1].matches: not a valid regular expression: ...").

#include "collection/workspacedata.h"

#include <QJsonArray>

#include <optional>

namespace Keyway::WorkspaceJson {

QJsonArray fromAssertions(const AssertionList &assertions);

// `value` is the request file's "assert" member (undefined: none). Errors start with "assert".
std::optional<AssertionList> toAssertions(const QJsonValue &value, QString *error);

// "status is 200", "JSON $.items[0].id equals 1": how reports name an assertion.
QString describeAssertion(const Assertion &assertion);

} // namespace Keyway::WorkspaceJson
