#pragma once

#include "log/callsummary.h"
#include "log/event.h"
#include "log/flightsummary.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QList>

#include <deque>
#include <memory>

class QTimer;

namespace Keyway {

class EventLog;

// The live log as a tree: one top-level row per call (its events below it: token attached,
// challenge, the refresh it started or joined, the replay, the answer), one per refresh flight
// (lease and store traffic, how many calls it served) and one per event about neither. Rows
// arrive in batches and the oldest groups go first once the model holds more than maxEvents
// events. Holds fingerprints only, like the events.
class CallLogModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallLogModel)
public:
    enum Column {
        TimeColumn,
        KindColumn,
        CallColumn,
        MethodColumn,
        UrlColumn,
        StatusColumn,
        DurationColumn,
        SummaryColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum class RowType { Call, Flight, Event };
    Q_ENUM(RowType)

    // What the log's kind filters select. A row can be in several (a failed refresh: Auth|Errors).
    enum Category { Requests = 0x1, Auth = 0x2, Store = 0x4, Errors = 0x8, AllCategories = 0xf };
    Q_DECLARE_FLAGS(Categories, Category)
    Q_FLAG(Categories)

    enum Role {
        RowTypeRole = Qt::UserRole + 1, // RowType as int
        EventRole, // the Keyway::Event of an event row
        TypeRole, // EventType as int; -1 for a group row
        KindRole, // EventKind as int (Http for calls, Refresh or Failure for flights)
        CategoriesRole, // Categories as int; a group has its events' together
        ProfileRole,
        CallIdRole,
        FlightIdRole,
        HttpStatusRole, // final status of a call, status of a challenge or answer, else 0
        TimestampRole, // ms since the epoch
        SearchTextRole, // every column's text in one string, for the free-text filter
    };
    Q_ENUM(Role)

    static constexpr int DefaultMaxEvents = 100000;
    static constexpr int BatchIntervalMs = 40;

    explicit CallLogModel(QObject *parent = nullptr);
    // Follows `log` until it or this model is gone; events arrive in batches every
    // BatchIntervalMs (flush() takes the waiting ones at once).
    CallLogModel(EventLog *log, int maxEvents = DefaultMaxEvents, QObject *parent = nullptr);
    ~CallLogModel() override;

    int maxEvents() const { return m_maxEvents; }
    void setMaxEvents(int maxEvents);
    int eventCount() const { return m_eventCount; }

    // Adds at once, bypassing the batch queue.
    void append(const Event &event);
    void appendBatch(const QList<Event> &events);
    void flush();
    void clear();

    // Paused: events queue up (bounded like the model) and appear on resume.
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    int pendingCount() const { return int(m_pending.size()); }

    static Categories categoriesOf(const Event &event);

    // Null when the model holds nothing about that call or flight (never seen, or dropped).
    const CallSummary *callSummary(const QString &profile, quint64 callId) const;
    const FlightSummary *flightSummary(const QString &profile, quint64 flightId) const;
    // The events of a group row, or the one event of an event row, oldest first.
    QList<Event> eventsAt(const QModelIndex &index) const;
    // Every event held, in the order they arrived (for JSON Lines export).
    QList<Event> allEvents() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    // After each batch: how many events it added.
    void eventsAppended(int count);

private:
    struct Entry
    {
        Event event;
        quint64 seq = 0;
    };
    struct Group
    {
        RowType type = RowType::Event;
        quint64 seq = 0; // row = seq - m_firstSeq while the group is in the model
        bool inModel = false;
        Categories categories;
        CallSummary call;
        FlightSummary flight;
        QList<Entry> entries;
    };
    using Key = QPair<QString, quint64>;

    void enqueue(const Event &event);
    Group *newGroup(RowType type, std::vector<std::unique_ptr<Group>> &fresh);
    Group *flightGroupFor(const Event &event, std::vector<std::unique_ptr<Group>> &fresh);
    Group *route(const Event &event, std::vector<std::unique_ptr<Group>> &fresh);
    void trim();
    int groupRow(const Group *group) const { return int(group->seq - m_firstSeq); }
    const Group *groupOf(const QModelIndex &index) const;
    QVariant groupData(const Group &group, int column, int role) const;
    QVariant eventData(const Event &event, int column, int role) const;
    QString groupText(const Group &group, int column) const;
    QString eventText(const Event &event, int column) const;

    std::deque<std::unique_ptr<Group>> m_groups;
    QHash<Key, Group *> m_calls;
    QHash<Key, Group *> m_flights;
    quint64 m_firstSeq = 0;
    quint64 m_nextGroupSeq = 0;
    quint64 m_nextEventSeq = 0;
    int m_eventCount = 0;
    int m_maxEvents = DefaultMaxEvents;
    bool m_paused = false;
    std::deque<Event> m_pending;
    QTimer *m_batchTimer = nullptr;
};

} // namespace Keyway

Q_DECLARE_OPERATORS_FOR_FLAGS(Keyway::CallLogModel::Categories)
