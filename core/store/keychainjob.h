#pragma once

#include <QObject>

#include <qt6keychain/keychain.h>

#include <functional>

namespace Keyway {

// Runs the QtKeychain job `make` builds and hands the finished job to `done` (in `context`'s
// thread; not at all once `context` is gone). When the job failed the way a keyring daemon that
// went away makes it fail, libsecret's cached connection to the Secret Service is dropped and a
// fresh job runs once more: after gnome-keyring restarts, the cached connection still holds the
// dead daemon's session ("The session wrapping the secret does not exist") for the life of the
// process, and only a new connection opens a session with the daemon that runs now.
void runKeychainJob(QObject *context, std::function<QKeychain::Job *()> make,
                    std::function<void(QKeychain::Job &)> done);

// Whether a failed job may have met a keyring daemon that died (and maybe came back), rather
// than an answer of a running one: no entry, a locked keyring, a refused prompt.
bool mayBeLostKeyring(const QKeychain::Job &job);

} // namespace Keyway
