#include "logfiltermodel.h"

namespace Keyway {

LogFilterModel::LogFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
}

void LogFilterModel::setText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateRowsFilter();
}

void LogFilterModel::setCategories(CallLogModel::Categories categories)
{
    if (categories == m_categories)
        return;
    m_categories = categories;
    invalidateRowsFilter();
}

void LogFilterModel::setCategory(CallLogModel::Category category, bool on)
{
    setCategories(on ? m_categories | category
                     : m_categories & ~CallLogModel::Categories(category));
}

bool LogFilterModel::matchesText(const QModelIndex &sourceIndex) const
{
    return sourceIndex.data(CallLogModel::SearchTextRole)
        .toString()
        .contains(m_text, Qt::CaseInsensitive);
}

bool LogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const bool allKinds = m_categories == CallLogModel::AllCategories;
    const auto rowType = CallLogModel::RowType(index.data(CallLogModel::RowTypeRole).toInt());
    const bool isGroup = !sourceParent.isValid() && rowType != CallLogModel::RowType::Event;
    if (isGroup) {
        // A group with events is kept by its events (recursive filtering); one without any
        // (a flight that only just started) by its own text.
        if (allKinds && (m_text.isEmpty() || matchesText(index)))
            return true;
        return !sourceModel()->hasChildren(index) && allKinds && matchesText(index);
    }
    const auto categories =
        CallLogModel::Categories(index.data(CallLogModel::CategoriesRole).toInt());
    if (!(categories & m_categories))
        return false;
    if (m_text.isEmpty() || matchesText(index))
        return true;
    return sourceParent.isValid() && matchesText(sourceParent);
}

} // namespace Keyway
