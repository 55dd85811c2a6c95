#pragma once

// Where a workspace is on this machine: `--workspace NAME|PATH` (keyway-cli) or the GUI's choice
// resolved to its folder, its name and id (from workspace.json when there is one), and the folder
// of its machine-local data (history, UI state), which is never inside the workspace folder.

#include <QString>

#include <optional>

namespace Keyway {

class WorkspaceLocation
{
public:
    static const QString DefaultName; // "default"

    // A bare name is the folder workspacesRoot()/<name>; anything with a '/' is a path (relative
    // to the current directory). workspace.json is read when it is there: its name and id win;
    // a broken one is an error naming the file (and the file is left alone).
    static std::optional<WorkspaceLocation> resolve(const QString &nameOrPath, QString *error);

    // <GenericDataLocation>/keyway/workspaces and <GenericDataLocation>/keyway/local, the same
    // for keyway and keyway-cli.
    static QString workspacesRoot();
    static QString localRoot();

    const QString &folder() const { return m_folder; } // absolute
    const QString &name() const { return m_name; }
    const QString &id() const { return m_id; } // empty while workspace.json has none
    bool exists() const { return m_exists; } // workspace.json is there
    QString workspaceFile() const; // folder/workspace.json
    QString profilesFolder() const; // folder/profiles
    // localRoot()/<id>; empty while the workspace has no id.
    QString localDataPath() const;

    // Creates the folder and a minimal workspace.json {"format":1,"id":...,"name":...} when it is
    // missing (what `keyway-cli login` needs before it stores a profile); an existing
    // workspace.json is left as it is, one another process created meanwhile too, and its name
    // and id are taken. Returns an error naming the path, empty when fine.
    QString ensureExists();

private:
    QString m_folder;
    QString m_name;
    QString m_id;
    bool m_exists = false;
};

} // namespace Keyway
