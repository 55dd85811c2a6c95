#include "logfiltermodel.h"

#include "log/eventlogmodel.h"

namespace Keyway {

LogFilterModel::LogFilterModel(QObject *parent) : QSortFilterProxyModel(parent) { }

void LogFilterModel::setText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateRowsFilter();
}

void LogFilterModel::setAuthOnly(bool authOnly)
{
    if (authOnly == m_authOnly)
        return;
    m_authOnly = authOnly;
    invalidateRowsFilter();
}

bool LogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *source = sourceModel();
    if (m_authOnly
        && !source->index(sourceRow, 0, sourceParent).data(EventLogModel::IsAuthRole).toBool())
        return false;
    if (m_text.isEmpty())
        return true;
    for (int column : {int(EventLogModel::EventColumn), int(EventLogModel::MessageColumn),
                       int(EventLogModel::CallColumn), int(EventLogModel::FlightColumn)}) {
        const QString shown = source->index(sourceRow, column, sourceParent).data().toString();
        if (shown.contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace Keyway
