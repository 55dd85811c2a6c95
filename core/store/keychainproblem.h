#pragma once

#include <QString>

#include <qt6keychain/keychain.h>

namespace Keyway {

// What is wrong with the keychain and what to do, in one line, from QtKeychain's code and its
// backend's text; ends with `otherwise` (e.g. "or choose --store memory").
QString keychainProblem(const QString &otherwise, QKeychain::Error code, const QString &detail);

} // namespace Keyway
