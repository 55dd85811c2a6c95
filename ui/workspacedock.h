#pragma once

#include "collection/itempath.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;

namespace Keyway {

class HistoryFilterModel;
class HistoryModel;
class Workspace;
class WorkspaceTreeModel;

// The workspace dock's panel: one search box over the collection tree (the core's
// WorkspaceTreeModel, filtered recursively) and the History tab (the core's HistoryModel, newest
// first through HistoryFilterModel). It shows the core's models and holds no copy of their data.
class WorkspaceDock final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkspaceDock)
public:
    WorkspaceDock(Workspace *workspace, HistoryModel *history, QWidget *parent = nullptr);

    // Shows another workspace and its history (File > Open Workspace); the previous tree model
    // is deleted, the history model stays its owner's.
    void setWorkspace(Workspace *workspace, HistoryModel *history);

    WorkspaceTreeModel *treeModel() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    QTreeView *historyView() const { return m_historyView; }
    // Says on the History tab whether what is sent is kept only in memory (a scratch workspace
    // not saved yet); call again once the history has a file.
    void updateHistoryHint();

Q_SIGNALS:
    void requestActivated(const Keyway::ItemPath &path);
    void historyActivated(const QString &method, const QString &url);

private:
    void applySearch(const QString &text);

    WorkspaceTreeModel *m_model;
    QSortFilterProxyModel *m_proxy;
    HistoryFilterModel *m_historyFilter;
    QLineEdit *m_search;
    QTreeView *m_tree;
    QTreeView *m_historyView;
    QLabel *m_historyHint;
    HistoryModel *m_history;
};

} // namespace Keyway
