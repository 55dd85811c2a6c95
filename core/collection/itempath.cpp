#include "collection/itempath.h"

#include <QStringList>

namespace Keyway {

ItemLookup lookupItem(const WorkspaceData &workspace, const ItemPath &path)
{
    ItemLookup found;
    const QList<FolderItem> *folders = &workspace.collections;
    const QList<RequestItem> *requests = &workspace.requests;
    for (qsizetype depth = 0; depth < path.size(); ++depth) {
        const int row = path[depth];
        const bool last = depth + 1 == path.size();
        if (row >= 0 && row < folders->size()) {
            const FolderItem &folder = (*folders)[row];
            found.names.append(folder.name);
            if (last) {
                found.folder = &folder;
                return found;
            }
            found.ancestors.append(&folder);
            folders = &folder.folders;
            requests = &folder.requests;
            continue;
        }
        const qsizetype requestRow = row - folders->size();
        if (!last || requestRow < 0 || requestRow >= requests->size())
            return {};
        found.request = &(*requests)[requestRow];
        found.names.append(found.request->name);
    }
    return found;
}

FolderItem *folderAt(WorkspaceData &workspace, const ItemPath &path)
{
    return const_cast<FolderItem *>(lookupItem(workspace, path).folder);
}

RequestItem *requestAt(WorkspaceData &workspace, const ItemPath &path)
{
    return const_cast<RequestItem *>(lookupItem(workspace, path).request);
}

std::optional<ItemPath> findItem(const WorkspaceData &workspace, const QString &namePath)
{
    const QStringList names = namePath.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (names.isEmpty())
        return std::nullopt;
    ItemPath path;
    const QList<FolderItem> *folders = &workspace.collections;
    const QList<RequestItem> *requests = &workspace.requests;
    for (qsizetype depth = 0; depth < names.size(); ++depth) {
        const bool last = depth + 1 == names.size();
        if (last) {
            for (qsizetype i = 0; i < requests->size(); ++i) {
                if ((*requests)[i].name == names[depth]) {
                    path.append(int(folders->size() + i));
                    return path;
                }
            }
        }
        qsizetype at = -1;
        for (qsizetype i = 0; i < folders->size() && at < 0; ++i) {
            if ((*folders)[i].name == names[depth])
                at = i;
        }
        if (at < 0)
            return std::nullopt;
        path.append(int(at));
        requests = &(*folders)[at].requests;
        folders = &(*folders)[at].folders;
    }
    return path;
}

} // namespace Keyway
