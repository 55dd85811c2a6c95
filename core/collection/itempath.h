#pragma once

// Addresses an item of a workspace by its row path, the way the tree model counts rows: at the
// root the collections, then the top-level requests; in a folder its folders, then its requests.
// {0, 2} is the third row of the first collection. The UI, the resolver and the CLI share it.

#include "collection/workspacedata.h"

#include <optional>

namespace Keyway {

using ItemPath = QList<int>;

// What a path leads to; ancestors run from the collection to the innermost folder.
struct ItemLookup
{
    const FolderItem *folder = nullptr; // the item itself when it is a folder
    const RequestItem *request = nullptr; // the item itself when it is a request
    QList<const FolderItem *> ancestors;
    QStringList names; // the names along the path, the item's own last

    bool isValid() const { return folder || request; }
    QString displayPath() const { return names.join(QLatin1Char('/')); }
};

ItemLookup lookupItem(const WorkspaceData &workspace, const ItemPath &path);
FolderItem *folderAt(WorkspaceData &workspace, const ItemPath &path);
RequestItem *requestAt(WorkspaceData &workspace, const ItemPath &path);

// The path of the item named by "Collection/Folder/Request" (names as shown, first match at each
// level; a request wins over a folder of the same name at the last step).
std::optional<ItemPath> findItem(const WorkspaceData &workspace, const QString &namePath);

} // namespace Keyway
