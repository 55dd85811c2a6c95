#pragma once

#include <QString>

namespace Keyway::StoreNames {

// A workspace or profile name as one component of a file name or a Redis key: percent-encoded,
// keeping only unreserved URL characters (letters, digits, '-', '.', '_', '~'), so that ':', '/',
// spaces and '%' itself never appear raw. Distinct names never share an encoding, and a
// component never contains the ':' that separates components, so workspace "c" with profile
// "a:b" and workspace "c:a" with profile "b" key different tokens. A name made only of
// unreserved characters is its own encoding (keys and files from before the encoding keep their
// names). A leading '.' is encoded too (it would hide a file); empty is "%00".
QString encode(const QString &name);

// True when `name` has the same key or file name before and after the encoding was introduced,
// or could not have been one then ('%' in it): only other names had keys that need migrating.
bool keptItsLegacyName(const QString &name);

} // namespace Keyway::StoreNames
