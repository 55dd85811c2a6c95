#pragma once

// How a JSON value's type is named in error messages ("expected a string, found a number"),
// the same for workspace files and imported documents.

#include <QJsonValue>
#include <QString>

namespace Keyway {

// "null", "a boolean", "a number", "a string", "an array", "an object" or "nothing".
QString jsonTypeName(const QJsonValue &value);

} // namespace Keyway
