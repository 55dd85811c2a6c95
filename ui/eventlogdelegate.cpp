#include "eventlogdelegate.h"

#include "colors.h"
#include "log/calllogmodel.h"

#include <QPainter>

namespace Keyway {

namespace {

bool isGroupRow(const QModelIndex &index)
{
    return !index.parent().isValid()
        && CallLogModel::RowType(index.data(CallLogModel::RowTypeRole).toInt())
        != CallLogModel::RowType::Event;
}

} // namespace

void EventLogDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const auto kind = EventKind(index.data(CallLogModel::KindRole).toInt());
    const int type = index.data(CallLogModel::TypeRole).toInt();
    const int column = index.column();
    const bool group = isGroupRow(index);

    QColor colour =
        group && kind == EventKind::Http ? QColor() : Colors::forEventKind(kind, option->palette);
    const int status = index.data(CallLogModel::HttpStatusRole).toInt();
    if ((type == int(EventType::RequestFinished) || (group && kind == EventKind::Http))
        && (status >= 400
            || (status == 0
                && index.siblingAtColumn(CallLogModel::StatusColumn).data().toString()
                    == QLatin1String("failed"))))
        colour = Colors::forHttpStatus(status, option->palette);

    const bool quiet = column == CallLogModel::TimeColumn || column == CallLogModel::CallColumn
        || (!group && column == CallLogModel::DurationColumn);
    if (quiet)
        colour = option->palette.color(QPalette::PlaceholderText);
    if (colour.isValid())
        option->palette.setColor(QPalette::Text, colour);

    if (group && (column == CallLogModel::KindColumn || column == CallLogModel::MethodColumn))
        option->font.setBold(true);
    // The moments a reader looks for first: a refresh starting or ending, a failure.
    const bool landmark = type == int(EventType::RefreshStarted)
        || type == int(EventType::SignInStarted) || type == int(EventType::RefreshSucceeded)
        || type == int(EventType::SignedIn) || kind == EventKind::Failure;
    if (!group && landmark && column == CallLogModel::KindColumn)
        option->font.setBold(true);
}

void EventLogDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    // A call's final status as a small pill, as the response viewer shows it.
    const int status = index.data(CallLogModel::HttpStatusRole).toInt();
    if (index.column() != CallLogModel::StatusColumn || !isGroupRow(index) || status == 0) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    QStyledItemDelegate::paint(painter, opt, index); // background and selection only
    const QString text = index.data().toString();
    const QFontMetrics metrics(option.font);
    const int width = metrics.horizontalAdvance(text) + 12;
    const int height = metrics.height() + 2;
    QRect pill(0, 0, width, height);
    pill.moveCenter(option.rect.center());
    pill.moveRight(option.rect.right() - 4);
    const QColor background = Colors::forHttpStatus(status, option.palette);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(background);
    painter->drawRoundedRect(pill, 4, 4);
    painter->setPen(Colors::textOn(background));
    QFont bold = option.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->drawText(pill, Qt::AlignCenter, text);
    painter->restore();
}

} // namespace Keyway
