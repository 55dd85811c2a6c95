#pragma once

#include "collection/workspacedata.h"

#include <QDialog>

class QListWidget;
class QTableWidget;

namespace Keyway {

// Edits a workspace's environments: add, rename, remove, and their variables (enabled, name,
// value, secret). A secret's value is shown as dots and, as everywhere, never written to a
// workspace file by the store.
class EnvironmentEditor final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentEditor)
public:
    explicit EnvironmentEditor(QList<Environment> environments, QWidget *parent = nullptr);

    QList<Environment> environments() const;

private:
    void showEnvironment(int row);
    void keepCurrent();

    QList<Environment> m_environments;
    QListWidget *m_list;
    QTableWidget *m_variables;
    int m_current = -1;
};

} // namespace Keyway
