#include "keyvaluetable.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <functional>
#include <set>

namespace Keyway {

KeyValueTable::KeyValueTable(const QString &what, QWidget *parent)
    : QWidget(parent), m_table(new QTableWidget(0, 2, this)), m_remove(new QToolButton(this))
{
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->resizeSection(0, 200);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::SelectedClicked
                             | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);

    auto *add = new QToolButton(this);
    add->setText(tr("Add %1").arg(what));
    add->setToolTip(tr("Add a %1 row").arg(what));
    m_remove->setText(tr("Remove"));
    m_remove->setToolTip(tr("Remove the selected rows (Delete)"));
    m_remove->setEnabled(false);
    // Tests and the composer find the buttons by these names (addHeader, removeParameter, ...).
    QString capital = what;
    capital[0] = capital.at(0).toUpper();
    add->setObjectName(QStringLiteral("add") + capital);
    m_remove->setObjectName(QStringLiteral("remove") + capital);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(add, &QToolButton::clicked, this, [this] { addRow(); });
    connect(m_remove, &QToolButton::clicked, this, &KeyValueTable::removeSelectedRows);
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            [this] { m_remove->setEnabled(!m_table->selectedItems().isEmpty()); });
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (!m_filling)
            Q_EMIT changed();
    });

    auto *removeShortcut = new QAction(this);
    removeShortcut->setShortcut(QKeySequence::Delete);
    removeShortcut->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(removeShortcut, &QAction::triggered, this, &KeyValueTable::removeSelectedRows);
    m_table->addAction(removeShortcut);
}

KeyValueList KeyValueTable::rows() const
{
    KeyValueList list;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem *name = m_table->item(row, 0);
        const QTableWidgetItem *value = m_table->item(row, 1);
        const QString trimmed = name ? name->text().trimmed() : QString();
        if (trimmed.isEmpty())
            continue;
        KeyValue entry;
        entry.name = trimmed;
        entry.value = value ? value->text() : QString();
        entry.enabled = name->checkState() == Qt::Checked;
        list << entry;
    }
    return list;
}

int KeyValueTable::enabledCount() const
{
    const KeyValueList list = rows();
    return int(
        std::count_if(list.begin(), list.end(), [](const KeyValue &kv) { return kv.enabled; }));
}

void KeyValueTable::setRows(const KeyValueList &rows)
{
    m_filling = true;
    m_table->setRowCount(0);
    for (const KeyValue &row : rows)
        addRow(row.name, row.value, row.enabled);
    m_filling = false;
}

void KeyValueTable::addRow(const QString &name, const QString &value, bool enabled)
{
    const bool wasFilling = m_filling;
    m_filling = true;
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *nameItem = new QTableWidgetItem(name);
    nameItem->setFlags(nameItem->flags() | Qt::ItemIsUserCheckable);
    nameItem->setCheckState(enabled ? Qt::Checked : Qt::Unchecked);
    nameItem->setToolTip(tr("Untick to keep the row without sending it"));
    m_table->setItem(row, 0, nameItem);
    m_table->setItem(row, 1, new QTableWidgetItem(value));
    m_filling = wasFilling;
    if (m_filling)
        return;
    if (name.isEmpty()) {
        m_table->setCurrentCell(row, 0);
        m_table->editItem(m_table->item(row, 0));
    }
    Q_EMIT changed();
}

void KeyValueTable::removeSelectedRows()
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
