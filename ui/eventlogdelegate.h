#pragma once

#include <QStyledItemDelegate>

namespace Keyway {

// Paints live-log rows: events in the colour of their kind, failed answers in their status
// colour, group rows (a call, a refresh) in bold with a status pill.
class EventLogDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogDelegate)
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace Keyway
