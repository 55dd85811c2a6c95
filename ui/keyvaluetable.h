#pragma once

#include "collection/workspacedata.h"

#include <QWidget>

class QTableWidget;
class QToolButton;

namespace Keyway {

// Name/value rows with a checkbox each (headers, query parameters, form fields): a row switched
// off is kept, not sent. Rows without a name are ignored.
class KeyValueTable final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyValueTable)
public:
    // `what` names a row in the buttons and tooltips ("header", "parameter", "field").
    explicit KeyValueTable(const QString &what, QWidget *parent = nullptr);

    KeyValueList rows() const;
    void setRows(const KeyValueList &rows);
    int enabledCount() const;
    QTableWidget *table() const { return m_table; }

    void addRow(const QString &name = {}, const QString &value = {}, bool enabled = true);
    void removeSelectedRows();

Q_SIGNALS:
    // A row was added, removed, renamed, edited or switched on or off by the user (not by
    // setRows()).
    void changed();

private:
    QTableWidget *m_table;
    QToolButton *m_remove;
    bool m_filling = false;
};

} // namespace Keyway
