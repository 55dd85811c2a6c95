#pragma once

// The workspace as a tree for the desktop app's collection panel: collections, folders and
// requests (in a folder its folders first, then its requests, as ItemPath counts them), with
// roles from one enum, and the edits the UI makes (add, rename, move, delete, update), which
// change the Workspace and mark it modified. No UI types: icons and colours live in ui/.

#include "collection/itempath.h"

#include <QAbstractItemModel>

#include <memory>

namespace Keyway {

class Workspace;

class WorkspaceTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkspaceTreeModel)
public:
    enum Role {
        NameRole = Qt::UserRole + 1, // QString (also Qt::DisplayRole and Qt::EditRole)
        KindRole, // Kind as int
        MethodRole, // QString: the request's method; empty for folders
        UrlRole, // QString: the request's URL as typed
        PathRole, // QString: "Collection/Folder/Request"
        ItemPathRole, // QVariant holding an ItemPath (QList<int>)
        DescriptionRole, // QString
    };
    Q_ENUM(Role)
    enum class Kind { Collection, Folder, Request };
    Q_ENUM(Kind)

    explicit WorkspaceTreeModel(Workspace *workspace, QObject *parent = nullptr);
    ~WorkspaceTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    ItemPath itemPath(const QModelIndex &index) const;
    QModelIndex indexOf(const ItemPath &path) const;
    Kind kind(const QModelIndex &index) const;

    // An invalid parent means the workspace root (a folder there is a collection). Each returns
    // the new item's index, or an invalid one when `parent` is a request.
    QModelIndex addFolder(const QModelIndex &parent, const FolderItem &folder);
    QModelIndex addRequest(const QModelIndex &parent, const RequestItem &request);
    bool rename(const QModelIndex &index, const QString &name);
    bool remove(const QModelIndex &index);
    // Moves an item into `newParent` at `position` among the items of its kind there (folders
    // among folders, requests among requests). A folder cannot move into itself.
    bool move(const QModelIndex &index, const QModelIndex &newParent, int position);
    // Replaces a request's content (the editor's Save); its place in the tree stays.
    bool updateRequest(const QModelIndex &index, const RequestItem &request);
    // Replaces a folder's own fields (description, headers, auth, variables); children stay.
    bool updateFolder(const QModelIndex &index, const FolderItem &fields);

private:
    struct Node;
    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOfNode(Node *node) const;
    void rebuild();
    QList<FolderItem> *foldersOf(Node *node);
    QList<RequestItem> *requestsOf(Node *node);

    Workspace *m_workspace;
    std::unique_ptr<Node> m_root;
};

} // namespace Keyway
