#include "headerstable.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <functional>
#include <set>

namespace Keyway {

HeadersTable::HeadersTable(QWidget *parent)
    : QWidget(parent), m_table(new QTableWidget(0, 2, this)), m_remove(new QToolButton(this))
{
    m_table->setObjectName(QStringLiteral("requestHeaders"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->resizeSection(0, 200);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::SelectedClicked
                             | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);

    auto *add = new QToolButton(this);
    add->setObjectName(QStringLiteral("addHeader"));
    add->setText(tr("Add header"));
    add->setToolTip(tr("Add a header row"));
    m_remove->setObjectName(QStringLiteral("removeHeader"));
    m_remove->setText(tr("Remove"));
    m_remove->setToolTip(tr("Remove the selected header rows (Delete)"));
    m_remove->setEnabled(false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(add, &QToolButton::clicked, this, [this] { addRow(); });
    connect(m_remove, &QToolButton::clicked, this, &HeadersTable::removeSelectedRows);
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            [this] { m_remove->setEnabled(!m_table->selectedItems().isEmpty()); });
    connect(m_table, &QTableWidget::itemChanged, this, &HeadersTable::changed);

    auto *removeShortcut = new QAction(this);
    removeShortcut->setShortcut(QKeySequence::Delete);
    removeShortcut->setShortcutContext(Qt::WidgetShortcut);
    m_table->addAction(removeShortcut);
    connect(removeShortcut, &QAction::triggered, this, &HeadersTable::removeSelectedRows);
}

HeaderList HeadersTable::headers() const
{
    HeaderList list;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem *name = m_table->item(row, 0);
        const QTableWidgetItem *value = m_table->item(row, 1);
        const QString trimmed = name ? name->text().trimmed() : QString();
        if (trimmed.isEmpty())
            continue;
        list.append({trimmed.toLatin1(), value ? value->text().trimmed().toUtf8() : QByteArray()});
    }
    return list;
}

void HeadersTable::setHeaders(const HeaderList &headers)
{
    m_table->setRowCount(0);
    for (const auto &[name, value] : headers)
        addRow(QString::fromLatin1(name), QString::fromUtf8(value));
    Q_EMIT changed();
}

void HeadersTable::addRow(const QString &name, const QString &value)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(name));
    m_table->setItem(row, 1, new QTableWidgetItem(value));
    if (name.isEmpty()) {
        m_table->setCurrentCell(row, 0);
        m_table->editItem(m_table->item(row, 0));
    }
}

void HeadersTable::removeSelectedRows()
{
    std::set<int, std::greater<>> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedIndexes())
        rows.insert(index.row());
    if (rows.empty())
        return;
    for (int row : rows)
        m_table->removeRow(row);
    Q_EMIT changed();
}

} // namespace Keyway
