#pragma once

#include <QSortFilterProxyModel>

namespace Keyway {

// The live log as the panel shows it: rows matching a free-text filter (event name, message,
// call, flight), optionally only those about tokens and their refresh.
class LogFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogFilterModel)
public:
    explicit LogFilterModel(QObject *parent = nullptr);

    QString text() const { return m_text; }
    bool authOnly() const { return m_authOnly; }

    void setText(const QString &text);
    void setAuthOnly(bool authOnly);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    bool m_authOnly = false;
};

} // namespace Keyway
