#include "environmenteditor.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QListWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace Keyway {

namespace {

enum Column { NameColumn, ValueColumn, SecretColumn };

} // namespace

EnvironmentEditor::EnvironmentEditor(QList<Environment> environments, QWidget *parent)
    : QDialog(parent),
      m_environments(std::move(environments)),
      m_list(new QListWidget(this)),
      m_variables(new QTableWidget(0, 3, this))
{
    setObjectName(QStringLiteral("environmentEditor"));
    setWindowTitle(tr("Environments"));
    resize(720, 420);
    m_list->setObjectName(QStringLiteral("environmentList"));
    m_list->setMaximumWidth(200);
    m_variables->setObjectName(QStringLiteral("environmentVariables"));
    m_variables->setHorizontalHeaderLabels({tr("Variable"), tr("Value"), tr("Secret")});
    m_variables->verticalHeader()->hide();
    m_variables->horizontalHeader()->setSectionResizeMode(ValueColumn, QHeaderView::Stretch);
    m_variables->horizontalHeader()->resizeSection(NameColumn, 180);
    m_variables->setShowGrid(false);

    auto *addEnvironment = new QToolButton(this);
    addEnvironment->setText(tr("Add environment"));
    auto *removeEnvironment = new QToolButton(this);
    removeEnvironment->setText(tr("Remove"));
    auto *addVariable = new QToolButton(this);
    addVariable->setText(tr("Add variable"));
    auto *removeVariable = new QToolButton(this);
    removeVariable->setText(tr("Remove"));

    auto *left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    auto *leftButtons = new QHBoxLayout;
    leftButtons->addWidget(addEnvironment);
    leftButtons->addWidget(removeEnvironment);
    left->addLayout(leftButtons);
    auto *right = new QVBoxLayout;
    right->addWidget(m_variables, 1);
    auto *rightButtons = new QHBoxLayout;
    rightButtons->addWidget(addVariable);
    rightButtons->addWidget(removeVariable);
    rightButtons->addStretch(1);
    right->addLayout(rightButtons);
    auto *columns = new QHBoxLayout;
    columns->addLayout(left);
    columns->addLayout(right, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(buttons);

    for (const Environment &environment : std::as_const(m_environments)) {
        auto *item = new QListWidgetItem(environment.name, m_list);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
    connect(m_list, &QListWidget::currentRowChanged, this, &EnvironmentEditor::showEnvironment);
    connect(addEnvironment, &QToolButton::clicked, this, [this] {
        keepCurrent();
        Environment environment;
        environment.name = tr("new environment");
        m_environments << environment;
        auto *item = new QListWidgetItem(environment.name, m_list);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
        m_list->setCurrentItem(item);
        m_list->editItem(item);
    });
    connect(removeEnvironment, &QToolButton::clicked, this, [this] {
        const int row = m_list->currentRow();
        if (row < 0)
            return;
        m_current = -1;
        m_environments.removeAt(row);
        delete m_list->takeItem(row);
    });
    connect(addVariable, &QToolButton::clicked, this, [this] {
        const int row = m_variables->rowCount();
        m_variables->insertRow(row);
        auto *name = new QTableWidgetItem;
        name->setFlags(name->flags() | Qt::ItemIsUserCheckable);
        name->setCheckState(Qt::Checked);
        m_variables->setItem(row, NameColumn, name);
        m_variables->setItem(row, ValueColumn, new QTableWidgetItem);
        auto *secret = new QTableWidgetItem;
        secret->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        secret->setCheckState(Qt::Unchecked);
        m_variables->setItem(row, SecretColumn, secret);
        m_variables->editItem(name);
    });
    connect(removeVariable, &QToolButton::clicked, this, [this] {
        if (m_variables->currentRow() >= 0)
            m_variables->removeRow(m_variables->currentRow());
    });
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        keepCurrent();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (!m_environments.isEmpty())
        m_list->setCurrentRow(0);
}

void EnvironmentEditor::keepCurrent()
{
    if (m_current < 0 || m_current >= m_environments.size())
        return;
    Environment &environment = m_environments[m_current];
    if (QListWidgetItem *item = m_list->item(m_current))
        environment.name = item->text().trimmed();
    environment.variables.clear();
    for (int row = 0; row < m_variables->rowCount(); ++row) {
        const QTableWidgetItem *name = m_variables->item(row, NameColumn);
        if (!name || name->text().trimmed().isEmpty())
            continue;
        Variable variable;
        variable.name = name->text().trimmed();
        variable.enabled = name->checkState() == Qt::Checked;
        variable.value = m_variables->item(row, ValueColumn)->data(Qt::UserRole).isValid()
                && m_variables->item(row, ValueColumn)->text().isEmpty()
            ? m_variables->item(row, ValueColumn)->data(Qt::UserRole).toString()
            : m_variables->item(row, ValueColumn)->text();
        variable.secret = m_variables->item(row, SecretColumn)->checkState() == Qt::Checked;
        environment.variables << variable;
    }
}

void EnvironmentEditor::showEnvironment(int row)
{
    keepCurrent();
    m_current = row;
    m_variables->setRowCount(0);
    if (row < 0 || row >= m_environments.size())
        return;
    for (const Variable &variable : std::as_const(m_environments[row].variables)) {
        const int at = m_variables->rowCount();
        m_variables->insertRow(at);
        auto *name = new QTableWidgetItem(variable.name);
        name->setFlags(name->flags() | Qt::ItemIsUserCheckable);
        name->setCheckState(variable.enabled ? Qt::Checked : Qt::Unchecked);
        m_variables->setItem(at, NameColumn, name);
        // A secret's value is not put on screen: typing replaces it, leaving it empty keeps it.
        auto *value = new QTableWidgetItem(variable.secret ? QString() : variable.value);
        if (variable.secret) {
            value->setData(Qt::UserRole, variable.value);
            value->setToolTip(tr("Secret: type to replace; its value is not shown"));
        }
        m_variables->setItem(at, ValueColumn, value);
        auto *secret = new QTableWidgetItem;
        secret->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        secret->setCheckState(variable.secret ? Qt::Checked : Qt::Unchecked);
        m_variables->setItem(at, SecretColumn, secret);
    }
}

QList<Environment> EnvironmentEditor::environments() const
{
    auto *self = const_cast<EnvironmentEditor *>(this);
    self->keepCurrent();
    return m_environments;
}

} // namespace Keyway
