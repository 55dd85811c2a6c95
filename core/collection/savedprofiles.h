#pragma once

// Opens a workspace's saved auth profiles (profiles/<name>.json, as keyway-cli login writes them)
// for use: each with its secrets read from where the file points, over the token store the file
// names, with the tokens that store already holds.

#include <QProcessEnvironment>
#include <QStringList>

#include <functional>

class QObject;

namespace Keyway {

class ProfileSessions;

class SavedProfiles
{
public:
    // The names of the profile files in `workspaceFolder`, sorted (no file is read).
    static QStringList names(const QString &workspaceFolder);

    // Adds every saved profile of `workspaceFolder` to `sessions` (Scope::Workspace) except those
    // it already holds with Scope::Window, and loads their stored tokens. A profile whose file or
    // secrets cannot be read is not added: its problem goes to ProfileSessions::setProblem. A
    // store that cannot be reached is no reason to leave a profile out (it may come back), but is
    // a problem too. `done` runs once on `context` with every problem, each naming the profile
    // and saying what to do.
    static void open(ProfileSessions *sessions, const QString &workspaceFolder,
                     const QProcessEnvironment &environment, QObject *context,
                     std::function<void(const QStringList &problems)> done);
};

} // namespace Keyway
