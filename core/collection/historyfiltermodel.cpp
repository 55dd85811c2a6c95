#include "collection/historyfiltermodel.h"

#include "collection/historymodel.h"

#include <QRegularExpression>

namespace Keyway {

HistoryFilterModel::HistoryFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    sort(0, Qt::DescendingOrder);
}

void HistoryFilterModel::setSearchText(const QString &text)
{
    m_text = text;
    m_words = text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    invalidateFilter();
}

bool HistoryFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_words.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const QString haystack = index.data(HistoryModel::SearchTextRole).toString();
    const int status = index.data(HistoryModel::StatusRole).toInt();
    for (const QString &word : m_words) {
        static const QRegularExpression statusClass(QStringLiteral("^status:([1-5])xx$"),
                                                    QRegularExpression::CaseInsensitiveOption);
        const auto match = statusClass.match(word);
        if (match.hasMatch()) {
            if (status / 100 != match.captured(1).toInt())
                return false;
            continue;
        }
        if (!haystack.contains(word, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

bool HistoryFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // Rows are appended in the order they were sent: the row is the time.
    return left.row() < right.row();
}

} // namespace Keyway
