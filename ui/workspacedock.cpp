#include "workspacedock.h"

#include "collection/historyfiltermodel.h"
#include "collection/historymodel.h"
#include "collection/workspacetreemodel.h"

#include <QApplication>
#include <QHeaderView>
#include <QIcon>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace Keyway {

namespace {

// The tree's look: a folder icon on collections and folders, and a request's method
// right-aligned and dimmed after its name (the model says what, the delegate how it looks).
class TreeDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const auto kind =
            WorkspaceTreeModel::Kind(index.data(WorkspaceTreeModel::KindRole).toInt());
        if (kind != WorkspaceTreeModel::Kind::Request) {
            option->icon = QIcon(QStringLiteral(":/keyway/icons/folder.svg"));
            option->features |= QStyleOptionViewItem::HasDecoration;
        }
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        const QString method = index.data(WorkspaceTreeModel::MethodRole).toString();
        if (method.isEmpty()) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        const int methodWidth = option.fontMetrics.horizontalAdvance(method) + Margin * 2;
        QStyleOptionViewItem nameOption = option;
        initStyleOption(&nameOption, index);
        const QRect full = option.rect;
        // The selection and hover background span the whole row; the name leaves room.
        QStyle *style = option.widget ? option.widget->style() : QApplication::style();
        style->drawPrimitive(QStyle::PE_PanelItemViewItem, &nameOption, painter, option.widget);
        nameOption.rect = full.adjusted(0, 0, -methodWidth, 0);
        nameOption.backgroundBrush = Qt::NoBrush;
        nameOption.state &= ~(QStyle::State_Selected | QStyle::State_MouseOver);
        if (option.state & QStyle::State_Selected)
            nameOption.palette.setColor(QPalette::Text,
                                        option.palette.color(QPalette::HighlightedText));
        style->drawControl(QStyle::CE_ItemViewItem, &nameOption, painter, option.widget);
        painter->save();
        painter->setPen(option.palette.color((option.state & QStyle::State_Selected)
                                                 ? QPalette::HighlightedText
                                                 : QPalette::PlaceholderText));
        painter->drawText(full.adjusted(0, 0, -Margin, 0), Qt::AlignRight | Qt::AlignVCenter,
                          method);
        painter->restore();
    }

private:
    static constexpr int Margin = 6;
};

// Shows a HistoryModel row as "METHOD url", its status and its duration in three columns.
class HistoryColumns final : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;

    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : 3;
    }
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override
    {
        if (parent.isValid() || row < 0 || row >= rowCount() || column < 0 || column >= 3)
            return {};
        return createIndex(row, column);
    }
    QModelIndex mapToSource(const QModelIndex &proxy) const override
    {
        return proxy.isValid() ? sourceModel()->index(proxy.row(), 0) : QModelIndex();
    }
    QModelIndex mapFromSource(const QModelIndex &source) const override
    {
        return source.isValid() ? index(source.row(), 0) : QModelIndex();
    }
    QModelIndex sibling(int row, int column, const QModelIndex &) const override
    {
        return index(row, column);
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        const QModelIndex source = mapToSource(index);
        if (role != Qt::DisplayRole)
            return source.data(role);
        switch (index.column()) {
        case 0:
            return QStringLiteral("%1 %2").arg(source.data(HistoryModel::MethodRole).toString(),
                                               source.data(HistoryModel::UrlRole).toString());
        case 1: {
            const int status = source.data(HistoryModel::StatusRole).toInt();
            return status ? QString::number(status) : WorkspaceDock::tr("failed");
        }
        default:
            return WorkspaceDock::tr("%1 ms").arg(
                source.data(HistoryModel::DurationRole).toLongLong());
        }
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return {};
        const char *names[] = {"Request", "Status", "Time"};
        return WorkspaceDock::tr(names[qBound(0, section, 2)]);
    }
};

} // namespace

WorkspaceDock::WorkspaceDock(Workspace *workspace, HistoryModel *history, QWidget *parent)
    : QWidget(parent),
      m_model(new WorkspaceTreeModel(workspace, this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_historyFilter(new HistoryFilterModel(this)),
      m_search(new QLineEdit(this)),
      m_tree(new QTreeView(this)),
      m_historyView(new QTreeView(this)),
      m_historyHint(new QLabel(this)),
      m_history(history)
{
    m_search->setObjectName(QStringLiteral("workspaceFilter"));
    m_search->setPlaceholderText(tr("Search requests"));
    m_search->setClearButtonEnabled(true);

    m_proxy->setSourceModel(m_model);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterRole(WorkspaceTreeModel::PathRole);
    m_tree->setObjectName(QStringLiteral("workspaceTree"));
    m_tree->setModel(m_proxy);
    m_tree->setItemDelegate(new TreeDelegate(m_tree));
    m_tree->setHeaderHidden(true);
    m_tree->setIndentation(14);
    m_tree->setUniformRowHeights(true);
    m_tree->expandAll();

    m_historyFilter->setSourceModel(history);
    auto *columns = new HistoryColumns(this);
    columns->setSourceModel(m_historyFilter);
    m_historyView->setObjectName(QStringLiteral("historyList"));
    m_historyView->setModel(columns);
    m_historyView->setRootIsDecorated(false);
    m_historyView->setUniformRowHeights(true);
    m_historyView->header()->setSectionResizeMode(0, QHeaderView::Stretch);

    m_historyHint->setObjectName(QStringLiteral("historyInMemoryHint"));
    m_historyHint->setWordWrap(true);
    m_historyHint->setForegroundRole(QPalette::PlaceholderText);
    m_historyHint->setText(tr("In memory only until the workspace is first saved"));
    m_historyHint->setToolTip(
        tr("A scratch workspace has no place for its history yet: the first "
           "save (Ctrl+S) keeps it from then on, with what was sent before."));
    auto *historyPage = new QWidget(this);
    auto *historyLayout = new QVBoxLayout(historyPage);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    historyLayout->setSpacing(4);
    historyLayout->addWidget(m_historyHint);
    historyLayout->addWidget(m_historyView, 1);
    updateHistoryHint();

    auto *tabs = new QTabWidget(this);
    tabs->setDocumentMode(true);
    tabs->addTab(m_tree, tr("Collections"));
    tabs->addTab(historyPage, tr("History"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);
    layout->addWidget(m_search);
    layout->addWidget(tabs, 1);

    connect(m_search, &QLineEdit::textChanged, this, &WorkspaceDock::applySearch);
    // A reload from disk or an added request: show the new rows unfolded, as the old tree did.
    connect(m_proxy, &QAbstractItemModel::modelReset, m_tree, &QTreeView::expandAll);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, m_tree, &QTreeView::expandAll);
    connect(m_tree, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const QModelIndex source = m_proxy->mapToSource(index);
        if (m_model->kind(source) == WorkspaceTreeModel::Kind::Request)
            Q_EMIT requestActivated(m_model->itemPath(source));
    });
    connect(m_historyView, &QTreeView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT historyActivated(index.data(HistoryModel::MethodRole).toString(),
                                index.data(HistoryModel::UrlRole).toString());
    });
}

void WorkspaceDock::setWorkspace(Workspace *workspace, HistoryModel *history)
{
    WorkspaceTreeModel *old = m_model;
    m_model = new WorkspaceTreeModel(workspace, this);
    m_proxy->setSourceModel(m_model);
    delete old;
    m_historyFilter->setSourceModel(history);
    m_history = history;
    updateHistoryHint();
    m_tree->expandAll();
}

void WorkspaceDock::updateHistoryHint()
{
    m_historyHint->setVisible(m_history && m_history->isInMemoryOnly());
}

void WorkspaceDock::applySearch(const QString &text)
{
    // Matches names along the path ("Sandbox API/Edge cases/Slow answer") and, through the
    // history's own search, what was sent.
    m_proxy->setFilterFixedString(text);
    m_historyFilter->setSearchText(text);
    m_tree->expandAll();
}

} // namespace Keyway
