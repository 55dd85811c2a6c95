#include "eventlogdelegate.h"

#include "colors.h"
#include "log/eventlogmodel.h"

namespace Keyway {

void EventLogDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const auto kind = EventKind(index.data(EventLogModel::KindRole).toInt());
    const auto type = EventType(index.data(EventLogModel::TypeRole).toInt());
    QColor colour = Colors::forEventKind(kind, option->palette);
    if (type == EventType::RequestFinished) {
        const int status = index.data(EventLogModel::HttpStatusRole).toInt();
        if (status < 200 || status >= 400)
            colour = Colors::forHttpStatus(status, option->palette);
    }
    const int column = index.column();
    if (column == EventLogModel::EventColumn || column == EventLogModel::MessageColumn) {
        if (colour.isValid())
            option->palette.setColor(QPalette::Text, colour);
    } else {
        // Time and ids are for looking up, not for reading first: keep them quiet.
        option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
    }

    // The moments a reader looks for first: a refresh, a sign-in, a failure.
    const bool landmark = type == EventType::RefreshStarted || type == EventType::SignInStarted
        || type == EventType::RefreshSucceeded || type == EventType::SignedIn
        || kind == EventKind::Failure;
    if (landmark && column == EventLogModel::EventColumn)
        option->font.setBold(true);
}

} // namespace Keyway
