#pragma once

// Whether the Secret Service's default collection (where keychain writes go) is locked.
// libsecret answers a lookup in a locked keyring with "not found" once unlocking fails (no prompt
// can be shown, or it was dismissed): before "nothing is stored" is believed, ask this.

#include <QObject>

#include <functional>

namespace Keyway {

// Calls `done(true)` when the default collection says it is locked; `done(false)` when it is
// not, or when nothing can be asked (no session bus, no Secret Service, no default collection
// as with KWallet). Called at once without a bus; never after `context` is gone.
void checkKeyringLocked(QObject *context, std::function<void(bool locked)> done);

} // namespace Keyway
