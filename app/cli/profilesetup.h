#pragma once

#include "authsettings.h"

#include "collection/workspacelocation.h"

#include <QObject>
#include <QProcessEnvironment>

#include <functional>

namespace Keyway::Cli {

// The profile a command runs with, and what `login` stores of it.
struct ProfileSetupResult
{
    QString error; // empty on success
    bool usageError = false; // the command line (with the stored profile) does not fit together
    WorkspaceLocation workspace;
    QString file; // profiles/<name>.json
    bool fromFile = false; // the file was there and was read
    StoredProfile stored; // the merged settings, secrets as references only
    Profile profile; // the same with its secrets resolved and its endpoints discovered
    // The token store the profile file names, with its Redis password read from where the file
    // points; empty when the file names none.
    QString storeSpec;
};

enum class SecretsNeeded { No, Yes };

// Reads the workspace's profile file (when there is one), lays the command line's settings over
// it, resolves the secrets it refers to (unless the command needs none: token show, clear),
// reads the Redis password of the store the file names, and discovers the endpoints from the issuer
// when the issuer was given now or the token endpoint is not known yet. Endpoints and client auth
// given on the command line win over discovered ones. `base` gives the profile's name and store
// failure mode. `done` runs once, on `context`.
void setUpProfile(const QString &workspace, const Profile &base, const AuthSettings &given,
                  SecretsNeeded secrets, const QProcessEnvironment &environment, QObject *context,
                  std::function<void(const ProfileSetupResult &)> done);

// What a profile that signs in or refreshes without a person lacks; empty when it is complete.
// Worded for the command line (--token-url, --client-id, ...).
QString silentSignInProblem(const Profile &profile);

} // namespace Keyway::Cli
