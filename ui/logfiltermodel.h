#pragma once

#include "log/calllogmodel.h"

#include <QSortFilterProxyModel>

namespace Keyway {

// The live log as the panel shows it: the kinds chosen (requests, auth, store, errors) and rows
// matching a free-text filter. A call or flight stays while any of its events does; an event
// stays when its group's own text matches, so "items" keeps whole calls to /api/items.
class LogFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogFilterModel)
public:
    explicit LogFilterModel(QObject *parent = nullptr);

    QString text() const { return m_text; }
    CallLogModel::Categories categories() const { return m_categories; }

    void setText(const QString &text);
    void setCategories(CallLogModel::Categories categories);
    void setCategory(CallLogModel::Category category, bool on);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool matchesText(const QModelIndex &sourceIndex) const;

    QString m_text;
    CallLogModel::Categories m_categories = CallLogModel::AllCategories;
};

} // namespace Keyway
