#include "collection/workspacetreemodel.h"

#include "collection/workspace.h"
#include "log/rolenames.h"

#include <vector>

namespace Keyway {

struct WorkspaceTreeModel::Node
{
    Node *parent = nullptr;
    bool folder = true;
    std::vector<std::unique_ptr<Node>> children; // folders first, then requests

    int row() const
    {
        if (!parent)
            return 0;
        for (size_t i = 0; i < parent->children.size(); ++i) {
            if (parent->children[i].get() == this)
                return int(i);
        }
        return -1;
    }
    int folderCount() const
    {
        int n = 0;
        while (n < int(children.size()) && children[n]->folder)
            ++n;
        return n;
    }
};

WorkspaceTreeModel::WorkspaceTreeModel(Workspace *workspace, QObject *parent)
    : QAbstractItemModel(parent), m_workspace(workspace)
{
    rebuild();
    connect(workspace, &Workspace::aboutToReset, this, [this] { beginResetModel(); });
    connect(workspace, &Workspace::reset, this, [this] {
        rebuild();
        endResetModel();
    });
}

WorkspaceTreeModel::~WorkspaceTreeModel() = default;

void WorkspaceTreeModel::rebuild()
{
    m_root = std::make_unique<Node>();
    struct Frame
    {
        Node *node;
        const FolderItem *folder;
    };
    const WorkspaceData &data = m_workspace->data();
    QList<Frame> stack;
    const auto fill = [&stack](Node *node, const QList<FolderItem> &folders, qsizetype requests) {
        for (const FolderItem &f : folders) {
            auto child = std::make_unique<Node>();
            child->parent = node;
            stack.append({child.get(), &f});
            node->children.push_back(std::move(child));
        }
        for (qsizetype i = 0; i < requests; ++i) {
            auto child = std::make_unique<Node>();
            child->parent = node;
            child->folder = false;
            node->children.push_back(std::move(child));
        }
    };
    fill(m_root.get(), data.collections, data.requests.size());
    while (!stack.isEmpty()) {
        const Frame frame = stack.takeLast();
        fill(frame.node, frame.folder->folders, frame.folder->requests.size());
    }
}

WorkspaceTreeModel::Node *WorkspaceTreeModel::nodeOf(const QModelIndex &index) const
{
    if (!index.isValid())
        return m_root.get();
    Q_ASSERT(index.model() == this);
    return static_cast<Node *>(index.internalPointer());
}

QModelIndex WorkspaceTreeModel::indexOfNode(Node *node) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), 0, node);
}

QModelIndex WorkspaceTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    Node *node = nodeOf(parent);
    if (!node->folder || row >= int(node->children.size()))
        return {};
    return createIndex(row, 0, node->children[size_t(row)].get());
}

QModelIndex WorkspaceTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOfNode(nodeOf(child)->parent);
}

int WorkspaceTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    const Node *node = nodeOf(parent);
    return node->folder ? int(node->children.size()) : 0;
}

int WorkspaceTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

ItemPath WorkspaceTreeModel::itemPath(const QModelIndex &index) const
{
    ItemPath path;
    for (const Node *node = nodeOf(index); node && node->parent; node = node->parent)
        path.prepend(node->row());
    return path;
}

QModelIndex WorkspaceTreeModel::indexOf(const ItemPath &path) const
{
    QModelIndex at;
    for (const int row : path) {
        at = index(row, 0, at);
        if (!at.isValid())
            return {};
    }
    return at;
}

WorkspaceTreeModel::Kind WorkspaceTreeModel::kind(const QModelIndex &index) const
{
    const Node *node = nodeOf(index);
    if (!node->folder)
        return Kind::Request;
    return node->parent == m_root.get() ? Kind::Collection : Kind::Folder;
}

QVariant WorkspaceTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const ItemLookup item = lookupItem(m_workspace->data(), itemPath(index));
    if (!item.isValid())
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
    case NameRole: return item.request ? item.request->name : item.folder->name;
    case KindRole: return int(kind(index));
    case MethodRole: return item.request ? item.request->method : QString();
    case UrlRole: return item.request ? item.request->url : QString();
    case PathRole: return item.displayPath();
    case ItemPathRole: return QVariant::fromValue(itemPath(index));
    case DescriptionRole:
        return item.request ? item.request->description : item.folder->description;
    default: return {};
    }
}

bool WorkspaceTreeModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole && role != NameRole)
        return false;
    return rename(index, value.toString());
}

Qt::ItemFlags WorkspaceTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    Qt::ItemFlags flags =
        Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable | Qt::ItemIsDragEnabled;
    if (nodeOf(index)->folder)
        flags |= Qt::ItemIsDropEnabled;
    else
        flags |= Qt::ItemNeverHasChildren;
    return flags;
}

QHash<int, QByteArray> WorkspaceTreeModel::roleNames() const
{
    return withRoleNames(QAbstractItemModel::roleNames(),
                         {{NameRole, "name"},
                          {KindRole, "kind"},
                          {MethodRole, "method"},
                          {UrlRole, "url"},
                          {PathRole, "path"},
                          {ItemPathRole, "itemPath"},
                          {DescriptionRole, "description"}});
}

QList<FolderItem> *WorkspaceTreeModel::foldersOf(Node *node)
{
    if (node == m_root.get())
        return &m_workspace->editData().collections;
    FolderItem *folder = folderAt(m_workspace->editData(), itemPath(indexOfNode(node)));
    return folder ? &folder->folders : nullptr;
}

QList<RequestItem> *WorkspaceTreeModel::requestsOf(Node *node)
{
    if (node == m_root.get())
        return &m_workspace->editData().requests;
    FolderItem *folder = folderAt(m_workspace->editData(), itemPath(indexOfNode(node)));
    return folder ? &folder->requests : nullptr;
}

QModelIndex WorkspaceTreeModel::addFolder(const QModelIndex &parent, const FolderItem &folder)
{
    Node *node = nodeOf(parent);
    if (!node->folder)
        return {};
    const int row = node->folderCount();
    beginInsertRows(parent, row, row);
    foldersOf(node)->append(folder);
    auto child = std::make_unique<Node>();
    child->parent = node;
    Node *added = child.get();
    node->children.insert(node->children.begin() + row, std::move(child));
    // The folder may come with children (a paste, an import into a folder).
    struct Frame
    {
        Node *node;
        const FolderItem *folder;
    };
    QList<Frame> stack {{added, &folder}};
    while (!stack.isEmpty()) {
        const Frame frame = stack.takeLast();
        for (const FolderItem &sub : frame.folder->folders) {
            auto n = std::make_unique<Node>();
            n->parent = frame.node;
            stack.append({n.get(), &sub});
            frame.node->children.push_back(std::move(n));
        }
        for (qsizetype i = 0; i < frame.folder->requests.size(); ++i) {
            auto n = std::make_unique<Node>();
            n->parent = frame.node;
            n->folder = false;
            frame.node->children.push_back(std::move(n));
        }
    }
    endInsertRows();
    m_workspace->markModified();
    return index(row, 0, parent);
}

QModelIndex WorkspaceTreeModel::addRequest(const QModelIndex &parent, const RequestItem &request)
{
    Node *node = nodeOf(parent);
    if (!node->folder)
        return {};
    const int row = int(node->children.size());
    beginInsertRows(parent, row, row);
    requestsOf(node)->append(request);
    auto child = std::make_unique<Node>();
    child->parent = node;
    child->folder = false;
    node->children.push_back(std::move(child));
    endInsertRows();
    m_workspace->markModified();
    return index(row, 0, parent);
}

bool WorkspaceTreeModel::rename(const QModelIndex &index, const QString &name)
{
    if (!index.isValid() || name.trimmed().isEmpty())
        return false;
    WorkspaceData &data = m_workspace->editData();
    const ItemPath path = itemPath(index);
    if (RequestItem *request = requestAt(data, path))
        request->name = name;
    else if (FolderItem *folder = folderAt(data, path))
        folder->name = name;
    else
        return false;
    Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole, NameRole, PathRole});
    m_workspace->markModified();
    return true;
}

bool WorkspaceTreeModel::remove(const QModelIndex &index)
{
    if (!index.isValid())
        return false;
    Node *node = nodeOf(index);
    Node *parentNode = node->parent;
    const int row = node->row();
    const int folders = parentNode->folderCount();
    beginRemoveRows(index.parent(), row, row);
    if (node->folder)
        foldersOf(parentNode)->removeAt(row);
    else
        requestsOf(parentNode)->removeAt(row - folders);
    parentNode->children.erase(parentNode->children.begin() + row);
    endRemoveRows();
    m_workspace->markModified();
    return true;
}

bool WorkspaceTreeModel::move(const QModelIndex &index, const QModelIndex &newParent, int position)
{
    if (!index.isValid())
        return false;
    Node *node = nodeOf(index);
    Node *from = node->parent;
    Node *to = nodeOf(newParent);
    if (!to->folder)
        return false;
    for (const Node *up = to; up; up = up->parent) {
        if (up == node)
            return false; // into itself or its own subtree
    }
    const int row = node->row();
    const int fromFolders = from->folderCount();
    const int toFolders = to->folderCount();
    const int kindCount = node->folder ? toFolders : int(to->children.size()) - toFolders;
    if (position < 0 || position > kindCount)
        return false;
    const int destination = node->folder ? position : toFolders + position;
    if (from == to && (destination == row || destination == row + 1))
        return true; // already there
    if (!beginMoveRows(index.parent(), row, row, newParent, destination))
        return false;
    if (node->folder) {
        QList<FolderItem> *source = foldersOf(from);
        FolderItem item = source->takeAt(row);
        QList<FolderItem> *target = foldersOf(to);
        target->insert(from == to && position > row ? position - 1 : position, std::move(item));
    } else {
        QList<RequestItem> *source = requestsOf(from);
        RequestItem item = source->takeAt(row - fromFolders);
        QList<RequestItem> *target = requestsOf(to);
        const int inKind = row - fromFolders;
        target->insert(from == to && position > inKind ? position - 1 : position, std::move(item));
    }
    std::unique_ptr<Node> owned = std::move(from->children[size_t(row)]);
    from->children.erase(from->children.begin() + row);
    const int insertAt = from == to && destination > row ? destination - 1 : destination;
    owned->parent = to;
    to->children.insert(to->children.begin() + insertAt, std::move(owned));
    endMoveRows();
    m_workspace->markModified();
    return true;
}

bool WorkspaceTreeModel::updateRequest(const QModelIndex &index, const RequestItem &request)
{
    RequestItem *target = requestAt(m_workspace->editData(), itemPath(index));
    if (!index.isValid() || !target)
        return false;
    *target = request;
    Q_EMIT dataChanged(index, index);
    m_workspace->markModified();
    return true;
}

bool WorkspaceTreeModel::updateFolder(const QModelIndex &index, const FolderItem &fields)
{
    FolderItem *target = folderAt(m_workspace->editData(), itemPath(index));
    if (!index.isValid() || !target)
        return false;
    target->name = fields.name.isEmpty() ? target->name : fields.name;
    target->description = fields.description;
    target->headers = fields.headers;
    target->auth = fields.auth;
    target->variables = fields.variables;
    Q_EMIT dataChanged(index, index);
    m_workspace->markModified();
    return true;
}

} // namespace Keyway
