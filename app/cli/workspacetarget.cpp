#include "workspacetarget.h"

#include "collection/workspacelocation.h"
#include "collection/workspacestore.h"

#include <QDir>
#include <QFileInfo>

namespace Keyway::Cli {

namespace {

// The folder holding workspace.json at or above `dir`; empty when there is none.
QString workspaceRootOf(QString dir)
{
    while (!dir.isEmpty()) {
        if (QFileInfo::exists(dir + QLatin1Char('/') + WorkspaceStore::WorkspaceFileName))
            return dir;
        const QString parent = QFileInfo(dir).path();
        if (parent == dir)
            break;
        dir = parent;
    }
    return {};
}

// The item whose file or directory is `relative` (to the workspace folder).
std::optional<ItemPath> itemAtEntry(const WorkspaceStore &store, const WorkspaceData &data,
                                    const QString &relative)
{
    QList<ItemPath> pending;
    for (int i = 0; i < data.collections.size() + data.requests.size(); ++i)
        pending.append(ItemPath {i});
    while (!pending.isEmpty()) {
        const ItemPath path = pending.takeFirst();
        if (store.entryPath(path) == relative)
            return path;
        const ItemLookup lookup = lookupItem(data, path);
        if (lookup.folder) {
            const qsizetype children =
                lookup.folder->folders.size() + lookup.folder->requests.size();
            for (int i = 0; i < children; ++i)
                pending.append(path + ItemPath {i});
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<WorkspaceTarget> openWorkspaceTarget(const QString &path, QString *error,
                                                   QStringList *problems)
{
    const QFileInfo info(path);
    QString root;
    QString target; // absolute path of what PATH names inside the workspace
    if (info.exists()) {
        target = info.absoluteFilePath();
        root = workspaceRootOf(info.isDir() ? target : info.absolutePath());
        if (root.isEmpty()) {
            *error = QStringLiteral("%1 is not in a workspace: no workspace.json in it or in a "
                                    "folder above it")
                         .arg(path);
            return std::nullopt;
        }
    } else if (!path.contains(QLatin1Char('/'))) {
        const auto location = WorkspaceLocation::resolve(path, error);
        if (!location)
            return std::nullopt;
        if (!location->exists()) {
            *error = QStringLiteral("no workspace '%1' (looked for %2)")
                         .arg(path, location->workspaceFile());
            return std::nullopt;
        }
        root = location->folder();
        target = root;
    } else {
        *error = QStringLiteral("%1: no such file or folder").arg(path);
        return std::nullopt;
    }

    WorkspaceStore store(root);
    WorkspaceLoadResult loaded = store.load();
    if (!loaded.problems.isEmpty()) {
        for (const WorkspaceProblem &problem : loaded.problems)
            problems->append(problem.toString());
        *error = QStringLiteral("the workspace has files that cannot be read (above); fix them "
                                "and try again");
        return std::nullopt;
    }
    WorkspaceTarget result;
    result.root = root;
    const QString relative = QDir(root).relativeFilePath(target);
    if (relative != QLatin1String(".")) {
        const auto found = itemAtEntry(store, loaded.data, relative);
        if (!found) {
            *error = QStringLiteral("%1 is neither a folder nor a request file of the workspace %2")
                         .arg(path, root);
            return std::nullopt;
        }
        result.item = *found;
    }
    if (loaded.data.name.isEmpty())
        loaded.data.name = QFileInfo(root).fileName();
    result.data = std::move(loaded.data);
    return result;
}

} // namespace Keyway::Cli
