#pragma once

// One open workspace: its data in memory, the folder it is saved in, and what changed on disk.
// Edits go through WorkspaceTreeModel (or editData() + markModified()). When files change on
// disk (a `git pull`), the folder is read again after the changes settle: without unsaved edits
// the new state is taken and `reloaded` says what changed; with unsaved edits nothing is
// replaced and `conflictDetected` says so (reload() discards the edits, save() keeps them).

#include "collection/workspacestore.h"

#include <QObject>

#include <memory>

class QFileSystemWatcher;
class QTimer;

namespace Keyway {

// What a reload changed, as "Collection/Folder/Request" paths.
struct WorkspaceChanges
{
    QStringList added;
    QStringList removed;
    QStringList changed; // requests and folders whose own fields changed
    bool workspaceChanged = false; // workspace.json's fields or the environments

    bool isEmpty() const
    {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && !workspaceChanged;
    }
};

class Workspace final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Workspace)
public:
    // Changes on disk are read again this long after the last one (a checkout writes many files).
    static constexpr int SettleMs = 300;

    explicit Workspace(QString folder, QObject *parent = nullptr);
    ~Workspace() override;

    const QString &folder() const { return m_store->folder(); }
    const WorkspaceData &data() const { return m_data; }
    // For edits that do not change the tree's shape (WorkspaceTreeModel makes those); call
    // markModified() afterwards.
    WorkspaceData &editData() { return m_data; }
    void markModified();
    bool isModified() const { return m_modified; }
    // Files the last load could not read (each with its reason); they are kept as they are.
    const QList<WorkspaceProblem> &problems() const { return m_problems; }
    const WorkspaceStore &store() const { return *m_store; }

    // Reads the folder (discarding unsaved edits). False when it is no workspace folder.
    bool load();
    WorkspaceSaveResult save();
    // Replaces everything (a new workspace, an import) and marks it modified.
    void setData(WorkspaceData data);

    // Watches the folder for changes made by other programs. On by default after load().
    void setWatching(bool on);
    // Checks the folder now instead of waiting for the watcher (tests, "Refresh" in the UI).
    void checkDisk();

Q_SIGNALS:
    void aboutToReset(); // data() is about to be replaced (models reset)
    void reset();
    void modifiedChanged(bool modified);
    void problemsChanged();
    void reloaded(const Keyway::WorkspaceChanges &changes);
    // The folder changed on disk while there are unsaved edits; nothing was replaced.
    void conflictDetected(const Keyway::WorkspaceChanges &onDisk);
    void saved(const Keyway::WorkspaceSaveResult &result);

private:
    void replaceData(WorkspaceData data, QList<WorkspaceProblem> problems);
    void setModified(bool modified);
    void rewatch();

    std::unique_ptr<WorkspaceStore> m_store;
    WorkspaceData m_data;
    WorkspaceData m_onDisk; // as last loaded or saved: what a change on disk is measured against
    QList<WorkspaceProblem> m_problems;
    bool m_modified = false;
    bool m_watching = false;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_settle = nullptr;
};

// The differences between two states of a workspace (what a reload reports).
WorkspaceChanges compareWorkspaces(const WorkspaceData &before, const WorkspaceData &after);

} // namespace Keyway

Q_DECLARE_METATYPE(Keyway::WorkspaceChanges)
