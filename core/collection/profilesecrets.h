#pragma once

// Reads and writes the secrets that profile files only refer to (profilefile.h): keychain
// entries through QtKeychain's async jobs, environment variables from the environment given.

#include "collection/profilefile.h"

#include <QObject>
#include <QProcessEnvironment>

#include <functional>

namespace Keyway {

class ProfileSecrets
{
public:
    // `error` is empty on success and names the reference otherwise.
    using ReadDone = std::function<void(const QString &value, const QString &error)>;
    using WriteDone = std::function<void(const QString &error)>;
    using ResolveDone = std::function<void(const Profile &profile, const QString &error)>;

    // Where the app and keyway-cli keep a secret typed for a profile (`what`: client-secret,
    // password, store-password): keyway-secrets/<workspace>/<profile>/<what>.
    static SecretRef keychainRef(const QString &workspace, const QString &profile,
                                 const QString &what);

    // The value `ref` points at. A variable that is unset or empty, or a keychain entry that is
    // missing, is an error. `done` runs on `context` (at once for an environment variable).
    static void read(const SecretRef &ref, const QProcessEnvironment &environment, QObject *context,
                     ReadDone done);
    // Stores `value` in the keychain entry `ref` names.
    static void writeToKeychain(const SecretRef &ref, const QString &value, QObject *context,
                                WriteDone done);
    // The store `stored` names, ready for createTokenStore(): its Redis password read from its
    // reference and put back into the URL. Empty (and no error) when the profile names none.
    using StoreDone = std::function<void(const QString &spec, const QString &error)>;
    static void resolveStore(const StoredProfile &stored, const QProcessEnvironment &environment,
                             QObject *context, StoreDone done);
    // The profile with its client secret, password and client key passphrase filled from their
    // references.
    static void resolve(const StoredProfile &stored, const QProcessEnvironment &environment,
                        QObject *context, ResolveDone done);
};

} // namespace Keyway
