#include "log/calllogmodel.h"

#include "log/eventlog.h"
#include "log/rolenames.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include <algorithm>

namespace Keyway {

namespace {

QString detailText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: return value.toString();
    case QJsonValue::Double: return QString::number(value.toDouble());
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("null");
}

// "key=value" pairs in the details' order: easier to scan than JSON.
QString detailsText(const QJsonObject &details)
{
    QStringList pairs;
    for (auto it = details.begin(); it != details.end(); ++it)
        pairs << it.key() + QLatin1Char('=') + detailText(it.value());
    return pairs.join(QLatin1Char(' '));
}

int httpStatusOf(const Event &event)
{
    if (event.type != EventType::RequestFinished && event.type != EventType::ChallengeReceived)
        return 0;
    return event.details.value(QStringLiteral("status")).toInt();
}

qint64 durationOf(const Event &event)
{
    switch (event.type) {
    case EventType::RequestFinished:
    case EventType::RefreshSucceeded:
    case EventType::SignedIn: return qint64(event.details.value(QStringLiteral("ms")).toDouble(-1));
    default: return -1;
    }
}

QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString durationText(qint64 ms)
{
    return ms < 0 ? QString() : QStringLiteral("%1 ms").arg(ms);
}

} // namespace

CallLogModel::CallLogModel(QObject *parent) : QAbstractItemModel(parent) { }

CallLogModel::CallLogModel(EventLog *log, int maxEvents, QObject *parent)
    : QAbstractItemModel(parent), m_maxEvents(qMax(1, maxEvents)), m_batchTimer(new QTimer(this))
{
    // One insertion per batch instead of one per event: at thousands of events a second, the
    // views and the filter proxy would otherwise spend their time on bookkeeping.
    m_batchTimer->setSingleShot(true);
    m_batchTimer->setInterval(BatchIntervalMs);
    connect(m_batchTimer, &QTimer::timeout, this, &CallLogModel::flush);
    if (log)
        connect(log, &EventLog::posted, this, &CallLogModel::enqueue);
}

CallLogModel::~CallLogModel() = default;

void CallLogModel::setMaxEvents(int maxEvents)
{
    m_maxEvents = qMax(1, maxEvents);
    trim();
}

void CallLogModel::enqueue(const Event &event)
{
    m_pending.push_back(event);
    if (int(m_pending.size()) > m_maxEvents)
        m_pending.pop_front(); // paused for long: the oldest would be dropped on resume anyway
    if (!m_paused && m_batchTimer && !m_batchTimer->isActive())
        m_batchTimer->start();
}

void CallLogModel::flush()
{
    if (m_paused || m_pending.empty())
        return;
    const QList<Event> batch(m_pending.begin(), m_pending.end());
    m_pending.clear();
    appendBatch(batch);
}

void CallLogModel::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (!m_paused)
        flush();
}

void CallLogModel::append(const Event &event)
{
    appendBatch({event});
}

CallLogModel::Categories CallLogModel::categoriesOf(const Event &event)
{
    Categories categories;
    switch (eventKind(event.type)) {
    case EventKind::Http:
    case EventKind::Token:
    case EventKind::Redirect: categories |= Requests; break;
    case EventKind::Challenge:
    case EventKind::Refresh:
    case EventKind::Replay: categories |= Auth; break;
    case EventKind::Store: categories |= Store; break;
    case EventKind::Failure:
        categories |= Errors;
        categories |= event.type == EventType::StoreDegraded ? Store : Auth;
        break;
    }
    if (event.type == EventType::RedirectAuthStripped)
        categories |= Auth;
    if (event.type == EventType::RequestFinished) {
        const int status = httpStatusOf(event);
        if (status == 0 || status >= 400 || event.details.contains(QStringLiteral("error")))
            categories |= Errors;
    }
    return categories;
}

CallLogModel::Group *CallLogModel::newGroup(RowType type,
                                            std::vector<std::unique_ptr<Group>> &fresh)
{
    auto group = std::make_unique<Group>();
    group->type = type;
    group->seq = m_nextGroupSeq++;
    fresh.push_back(std::move(group));
    return fresh.back().get();
}

CallLogModel::Group *CallLogModel::flightGroupFor(const Event &event,
                                                  std::vector<std::unique_ptr<Group>> &fresh)
{
    const Key key {event.profile, event.flightId};
    Group *group = m_flights.value(key);
    const bool starts =
        event.type == EventType::RefreshStarted || event.type == EventType::SignInStarted;
    // Flight ids restart with a new TokenManager for the same profile: a start after an end
    // is a new flight.
    if (!group || (starts && group->flight.finished)) {
        group = newGroup(RowType::Flight, fresh);
        m_flights.insert(key, group);
    }
    return group;
}

CallLogModel::Group *CallLogModel::route(const Event &event,
                                         std::vector<std::unique_ptr<Group>> &fresh)
{
    if (event.callId) {
        const Key key {event.profile, event.callId};
        Group *group = m_calls.value(key);
        if (!group || (event.type == EventType::RequestStarted && group->call.finished)) {
            group = newGroup(RowType::Call, fresh);
            m_calls.insert(key, group);
        }
        return group;
    }
    if (event.flightId)
        return flightGroupFor(event, fresh);
    return newGroup(RowType::Event, fresh);
}

void CallLogModel::appendBatch(const QList<Event> &events)
{
    if (events.isEmpty())
        return;
    std::vector<std::unique_ptr<Group>> fresh;
    // Entries for groups already in the model, in the order those groups were first touched.
    std::vector<std::pair<Group *, QList<Entry>>> grown;
    QHash<Group *, int> grownIndex;
    QList<Group *> changed; // groups in the model whose own row must be repainted
    const auto touch = [&](Group *group) {
        if (group->inModel && !changed.contains(group))
            changed << group;
    };

    for (const Event &event : events) {
        const Entry entry {event, m_nextEventSeq++};
        Group *target = route(event, fresh);
        if (event.flightId) {
            Group *flight = flightGroupFor(event, fresh);
            flight->flight.add(event);
            touch(flight);
        }
        target->categories |= categoriesOf(event);
        if (target->type == RowType::Call)
            target->call.add(event);
        if (target->inModel) {
            auto it = grownIndex.constFind(target);
            if (it == grownIndex.cend()) {
                it = grownIndex.insert(target, int(grown.size()));
                grown.emplace_back(target, QList<Entry> {});
            }
            grown[size_t(*it)].second << entry;
            touch(target);
        } else {
            target->entries << entry;
        }
    }

    for (auto &[group, entries] : grown) {
        const int first = int(group->entries.size());
        beginInsertRows(index(groupRow(group), 0), first, first + int(entries.size()) - 1);
        group->entries << entries;
        endInsertRows();
    }
    for (Group *group : std::as_const(changed)) {
        const int row = groupRow(group);
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    if (!fresh.empty()) {
        const int first = int(m_groups.size());
        beginInsertRows({}, first, first + int(fresh.size()) - 1);
        for (auto &group : fresh) {
            group->inModel = true;
            m_groups.push_back(std::move(group));
        }
        endInsertRows();
    }
    m_eventCount += int(events.size());
    trim();
    Q_EMIT eventsAppended(int(events.size()));
}

void CallLogModel::trim()
{
    if (m_eventCount <= m_maxEvents)
        return;
    // Drop whole groups from the front until the bound holds: one removal for all of them.
    int overflow = m_eventCount - m_maxEvents;
    int count = 0;
    int dropped = 0;
    while (count < int(m_groups.size()) && dropped < overflow) {
        dropped += int(m_groups[size_t(count)]->entries.size());
        ++count;
    }
    beginRemoveRows({}, 0, count - 1);
    for (int i = 0; i < count; ++i) {
        Group *group = m_groups.front().get();
        if (group->type == RowType::Call) {
            const Key key {group->call.profile, group->call.callId};
            if (m_calls.value(key) == group)
                m_calls.remove(key);
        } else if (group->type == RowType::Flight) {
            const Key key {group->flight.profile, group->flight.flightId};
            if (m_flights.value(key) == group)
                m_flights.remove(key);
        }
        m_groups.pop_front();
    }
    m_firstSeq += quint64(count);
    m_eventCount -= dropped;
    endRemoveRows();
}

void CallLogModel::clear()
{
    beginResetModel();
    m_groups.clear();
    m_calls.clear();
    m_flights.clear();
    m_pending.clear();
    m_firstSeq = m_nextGroupSeq;
    m_eventCount = 0;
    endResetModel();
}

const CallSummary *CallLogModel::callSummary(const QString &profile, quint64 callId) const
{
    const Group *group = m_calls.value(Key {profile, callId});
    return group && group->inModel ? &group->call : nullptr;
}

const FlightSummary *CallLogModel::flightSummary(const QString &profile, quint64 flightId) const
{
    const Group *group = m_flights.value(Key {profile, flightId});
    return group && group->inModel ? &group->flight : nullptr;
}

const CallLogModel::Group *CallLogModel::groupOf(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    if (index.internalPointer())
        return static_cast<const Group *>(index.internalPointer());
    return m_groups[size_t(index.row())].get();
}

QList<Event> CallLogModel::eventsAt(const QModelIndex &index) const
{
    const Group *group = groupOf(index);
    if (!group)
        return {};
    if (index.internalPointer())
        return {group->entries.at(index.row()).event};
    QList<Event> events;
    events.reserve(group->entries.size());
    for (const Entry &entry : group->entries)
        events << entry.event;
    return events;
}

QList<Event> CallLogModel::allEvents() const
{
    std::vector<const Entry *> entries;
    entries.reserve(size_t(m_eventCount));
    for (const auto &group : m_groups) {
        for (const Entry &entry : group->entries)
            entries.push_back(&entry);
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry *a, const Entry *b) { return a->seq < b->seq; });
    QList<Event> events;
    events.reserve(qsizetype(entries.size()));
    for (const Entry *entry : entries)
        events << entry->event;
    return events;
}

QModelIndex CallLogModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < int(m_groups.size()) ? createIndex(row, column) : QModelIndex();
    if (parent.internalPointer() || parent.column() != 0)
        return {};
    const Group *group = m_groups[size_t(parent.row())].get();
    if (group->type == RowType::Event || row >= group->entries.size())
        return {};
    return createIndex(row, column, const_cast<Group *>(group));
}

QModelIndex CallLogModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || !child.internalPointer())
        return {};
    return createIndex(groupRow(static_cast<const Group *>(child.internalPointer())), 0);
}

int CallLogModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.internalPointer() || parent.column() != 0)
        return 0;
    const Group *group = m_groups[size_t(parent.row())].get();
    return group->type == RowType::Event ? 0 : int(group->entries.size());
}

int CallLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() && (parent.internalPointer() || parent.column() != 0) ? 0 : ColumnCount;
}

bool CallLogModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

QString CallLogModel::eventText(const Event &event, int column) const
{
    switch (column) {
    case TimeColumn: return timeText(event.atMs);
    case KindColumn: return eventTypeName(event.type);
    case CallColumn:
        if (!event.callId)
            return event.flightId ? QStringLiteral("#%1").arg(event.flightId) : QString();
        return QStringLiteral("%1/%2").arg(event.callId).arg(event.attempt);
    case StatusColumn: {
        const int status = httpStatusOf(event);
        return status ? QString::number(status) : QString();
    }
    case DurationColumn: return durationText(durationOf(event));
    case SummaryColumn: {
        // Some events say everything in their details (token.attached: a fingerprint).
        QString text = event.message.isEmpty() ? detailsText(event.details) : event.message;
        if (event.generation && event.type == EventType::TokenAttached)
            text = QStringLiteral("generation %1 · %2").arg(event.generation).arg(text);
        return text;
    }
    default: return {};
    }
}

QString CallLogModel::groupText(const Group &group, int column) const
{
    if (group.type == RowType::Event)
        return eventText(group.entries.front().event, column);
    if (group.type == RowType::Flight) {
        const FlightSummary &flight = group.flight;
        switch (column) {
        case TimeColumn:
            return timeText(flight.startedMs ? flight.startedMs
                                             : group.entries.value(0).event.atMs);
        case KindColumn:
            return flight.signIn ? QStringLiteral("sign-in") : QStringLiteral("refresh");
        case CallColumn: return QStringLiteral("#%1").arg(flight.flightId);
        case StatusColumn:
            return !flight.finished ? QStringLiteral("…")
                : flight.ok         ? QStringLiteral("ok")
                                    : QStringLiteral("failed");
        case DurationColumn: return durationText(flight.durationMs);
        case SummaryColumn: return flight.text();
        default: return {};
        }
    }
    const CallSummary &call = group.call;
    switch (column) {
    case TimeColumn:
        return timeText(call.startedMs ? call.startedMs : group.entries.value(0).event.atMs);
    case KindColumn: return call.replays ? QStringLiteral("request ↻") : QStringLiteral("request");
    case CallColumn: return QString::number(call.callId);
    case MethodColumn: return call.method;
    case UrlColumn: return call.url;
    case StatusColumn:
        if (!call.finished)
            return QStringLiteral("…");
        return call.error.isEmpty() || call.status ? QString::number(call.status)
                                                   : QStringLiteral("failed");
    case DurationColumn: return durationText(call.durationMs);
    case SummaryColumn:
        return call.chainText(call.flightId ? flightSummary(call.profile, call.flightId) : nullptr);
    default: return {};
    }
}

QVariant CallLogModel::eventData(const Event &event, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole: return eventText(event, column);
    case Qt::ToolTipRole: return event.toLogLine();
    case EventRole: return QVariant::fromValue(event);
    case TypeRole: return int(event.type);
    case KindRole: return int(eventKind(event.type));
    case CategoriesRole: return int(categoriesOf(event));
    case ProfileRole: return event.profile;
    case CallIdRole: return event.callId;
    case FlightIdRole: return event.flightId;
    case HttpStatusRole: return httpStatusOf(event);
    case TimestampRole: return event.atMs;
    default: return {};
    }
}

QVariant CallLogModel::groupData(const Group &group, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole: return groupText(group, column);
    case Qt::ToolTipRole:
        return group.type == RowType::Flight ? group.flight.text()
            : group.type == RowType::Call
            ? QStringLiteral("%1 %2\n%3")
                  .arg(group.call.method, group.call.url, groupText(group, SummaryColumn))
            : QVariant();
    case TypeRole: return -1;
    case KindRole:
        if (group.type == RowType::Flight)
            return int(group.flight.finished && !group.flight.ok ? EventKind::Failure
                                                                 : EventKind::Refresh);
        return int(EventKind::Http);
    case CategoriesRole: return int(group.categories);
    case ProfileRole:
        return group.type == RowType::Flight ? group.flight.profile : group.call.profile;
    case CallIdRole: return group.type == RowType::Call ? group.call.callId : 0;
    case FlightIdRole:
        return group.type == RowType::Flight ? group.flight.flightId : group.call.flightId;
    case HttpStatusRole: return group.type == RowType::Call ? group.call.status : 0;
    case TimestampRole:
        return group.type == RowType::Call && group.call.startedMs
            ? group.call.startedMs
            : group.entries.value(0).event.atMs;
    default: return {};
    }
}

QVariant CallLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Group *group = groupOf(index);
    if (role == RowTypeRole)
        return int(index.internalPointer() ? RowType::Event : group->type);
    if (role == Qt::TextAlignmentRole) {
        if (index.column() == CallColumn || index.column() == StatusColumn
            || index.column() == DurationColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    }
    if (role == SearchTextRole) {
        QStringList texts;
        for (int column = 0; column < ColumnCount; ++column)
            texts << data(index.siblingAtColumn(column), Qt::DisplayRole).toString();
        return texts.join(QLatin1Char(' '));
    }
    if (index.internalPointer())
        return eventData(group->entries.at(index.row()).event, index.column(), role);
    if (group->type == RowType::Event)
        return eventData(group->entries.front().event, index.column(), role);
    return groupData(*group, index.column(), role);
}

QVariant CallLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case KindColumn: return tr("Kind");
    case CallColumn: return tr("Call");
    case MethodColumn: return tr("Method");
    case UrlColumn: return tr("URL");
    case StatusColumn: return tr("Status");
    case DurationColumn: return tr("Duration");
    case SummaryColumn: return tr("Summary");
    default: return {};
    }
}

QHash<int, QByteArray> CallLogModel::roleNames() const
{
    return withRoleNames(QAbstractItemModel::roleNames(),
                         {{RowTypeRole, "rowType"},
                          {EventRole, "event"},
                          {TypeRole, "type"},
                          {KindRole, "kind"},
                          {CategoriesRole, "categories"},
                          {ProfileRole, "profile"},
                          {CallIdRole, "callId"},
                          {FlightIdRole, "flightId"},
                          {HttpStatusRole, "httpStatus"},
                          {TimestampRole, "timestamp"},
                          {SearchTextRole, "searchText"}});
}

} // namespace Keyway
