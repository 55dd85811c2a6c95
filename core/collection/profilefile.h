#pragma once

// An auth profile's settings as the file profiles/<name>.json of a workspace: human-readable,
// stable key order, and never a secret. The client secret, the password and a Redis store's
// password are written as a reference instead ({"keychain": "service/key"} or {"env": "VARIABLE"})
// and resolved when the profile is loaded for use (profilesecrets.h).

#include "auth/profile.h"
#include "collection/secretref.h"
#include "collection/storechoice.h"

#include <QJsonObject>

#include <optional>

namespace Keyway {

// What a profile file holds.
struct StoredProfile
{
    // The settings; clientSecret and password stay empty here (see the references below).
    Profile profile;
    // How `keyway-cli login` signs in: password, client_credentials, authorization_code or
    // device_code (Profile::grant covers the first two only: the others need a person).
    QString loginGrant;
    SecretRef clientSecret;
    SecretRef password;
    // Where the tokens live when no --store says otherwise (keychain when not set).
    StoreChoice store;
    // Where the passphrase of profile.tls.clientKeyFile lives, if it has one.
    SecretRef clientKeyPassphrase;
};

class ProfileFile
{
public:
    static constexpr int FormatVersion = 1;

    // profiles/<name>.json in the workspace folder; nullopt (with the reason) for a name that
    // cannot be a file name.
    static std::optional<QString> path(const QString &workspaceFolder, const QString &name,
                                       QString *error);

    // A missing file, a file that is not JSON, a wrong type, a literal secret, a newer format:
    // each is an error that names the file and what is wrong. Nothing is written.
    static std::optional<StoredProfile> load(const QString &path, QString *error);
    // Atomic (writeFileAtomically): a failed save leaves the old file as it was. Returns an error
    // naming the file, empty when fine.
    static QString save(const QString &path, const StoredProfile &stored);

    static QJsonObject toJson(const StoredProfile &stored);
    // `error` says what is wrong, naming the member.
    static std::optional<StoredProfile> fromJson(const QJsonObject &object, QString *error);
};

} // namespace Keyway
