#pragma once

#include "http/request.h"

#include <QWidget>

class QTableWidget;
class QToolButton;

namespace Keyway {

// Request headers as a two-column table (name, value) with add and remove. Rows without a name
// are ignored.
class HeadersTable final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeadersTable)
public:
    explicit HeadersTable(QWidget *parent = nullptr);

    HeaderList headers() const;
    void setHeaders(const HeaderList &headers);

    void addRow(const QString &name = {}, const QString &value = {});
    void removeSelectedRows();

Q_SIGNALS:
    // The set of named headers changed (added, removed, renamed or edited).
    void changed();

private:
    QTableWidget *m_table;
    QToolButton *m_remove;
};

} // namespace Keyway
