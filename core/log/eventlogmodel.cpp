#include "log/eventlogmodel.h"

#include "log/eventlog.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace Keyway {


EventLogModel::EventLogModel(QObject *parent) : QAbstractTableModel(parent) { }

EventLogModel::EventLogModel(EventLog *log, int maxRows, QObject *parent)
    : QAbstractTableModel(parent), m_maxRows(qMax(1, maxRows))
{
    if (log)
        connect(log, &EventLog::posted, this, &EventLogModel::append);
}

void EventLogModel::setMaxRows(int maxRows)
{
    m_maxRows = qMax(1, maxRows);
    if (m_events.size() > m_maxRows)
        dropOldest(int(m_events.size()) - m_maxRows);
}

void EventLogModel::append(const Event &event)
{
    if (m_events.size() >= m_maxRows)
        dropOldest(int(m_events.size()) - m_maxRows + 1);
    const int row = int(m_events.size());
    beginInsertRows({}, row, row);
    m_events.append(event);
    endInsertRows();
}

void EventLogModel::dropOldest(int count)
{
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    // QList drops from the front without moving the rest.
    m_events.remove(0, count);
    endRemoveRows();
}

void EventLogModel::clear()
{
    if (m_events.isEmpty())
        return;
    beginResetModel();
    m_events.clear();
    endResetModel();
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

// One detail as text: plain for strings, numbers and booleans, compact JSON otherwise.
static QString detailText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double:
        return QString::number(value.toDouble());
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("null");
}

// "key=value" pairs in the details' key order: easier to scan than JSON.
static QString detailsText(const QJsonObject &details)
{
    QStringList pairs;
    for (auto it = details.begin(); it != details.end(); ++it)
        pairs << it.key() + QLatin1Char('=') + detailText(it.value());
    return pairs.join(QLatin1Char(' '));
}

static int httpStatusOf(const Event &event)
{
    if (event.type != EventType::RequestFinished && event.type != EventType::ChallengeReceived)
        return 0;
    return event.details.value(QStringLiteral("status")).toInt();
}

QString EventLogModel::displayText(const Event &event, int column) const
{
    switch (column) {
    case TimeColumn:
        return QDateTime::fromMSecsSinceEpoch(event.atMs).toString(QStringLiteral("HH:mm:ss.zzz"));
    case EventColumn:
        return eventTypeName(event.type);
    case CallColumn:
        // "call/attempt"; request.started comes before the first attempt.
        if (!event.callId)
            return {};
        return event.attempt ? QStringLiteral("%1/%2").arg(event.callId).arg(event.attempt)
                             : QString::number(event.callId);
    case FlightColumn:
        return event.flightId ? QStringLiteral("#%1").arg(event.flightId) : QString();
    case GenerationColumn:
        return event.generation ? QString::number(event.generation) : QString();
    case MessageColumn:
        // Some events say everything in their details (token.attached: a fingerprint).
        return event.message.isEmpty() ? detailsText(event.details) : event.message;
    }
    return {};
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Event &event = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(event, index.column());
    case Qt::ToolTipRole:
        return event.toLogLine();
    case Qt::TextAlignmentRole:
        if (index.column() == CallColumn || index.column() == FlightColumn
            || index.column() == GenerationColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case EventRole:
        return QVariant::fromValue(event);
    case TypeRole:
        return int(event.type);
    case KindRole:
        return int(eventKind(event.type));
    case IsAuthRole:
        return isAuthEvent(event.type);
    case TimestampRole:
        return event.atMs;
    case CallIdRole:
        return event.callId;
    case AttemptRole:
        return event.attempt;
    case FlightIdRole:
        return event.flightId;
    case GenerationRole:
        return event.generation;
    case HttpStatusRole:
        return httpStatusOf(event);
    case LogLineRole:
        return event.toLogLine();
    default:
        return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case EventColumn:
        return tr("Event");
    case CallColumn:
        return tr("Call");
    case FlightColumn:
        return tr("Flight");
    case GenerationColumn:
        return tr("Gen");
    case MessageColumn:
        return tr("Message");
    default:
        return {};
    }
}

QHash<int, QByteArray> EventLogModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(EventRole, "event");
    names.insert(TypeRole, "type");
    names.insert(KindRole, "kind");
    names.insert(IsAuthRole, "isAuth");
    names.insert(TimestampRole, "timestamp");
    names.insert(CallIdRole, "callId");
    names.insert(AttemptRole, "attempt");
    names.insert(FlightIdRole, "flightId");
    names.insert(GenerationRole, "generation");
    names.insert(HttpStatusRole, "httpStatus");
    names.insert(LogLineRole, "logLine");
    return names;
}

} // namespace Keyway
