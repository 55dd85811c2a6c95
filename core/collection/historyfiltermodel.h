#pragma once

// Searches a HistoryModel: every word of the search text must appear (case-insensitive) in the
// entry's method, URL, status, request path, environment, profile, error or content type;
// "status:4xx" style terms match status classes. Newest first.

#include <QSortFilterProxyModel>
#include <QStringList>

namespace Keyway {

class HistoryFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryFilterModel)
public:
    explicit HistoryFilterModel(QObject *parent = nullptr);

    void setSearchText(const QString &text);
    const QString &searchText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
    QStringList m_words;
};

} // namespace Keyway
