#pragma once

#include <QStyledItemDelegate>

namespace Keyway {

// Paints live-log rows in the colour of their event kind; failed answers in their status colour.
class EventLogDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogDelegate)
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace Keyway
