#pragma once

#include "log/event.h"

#include <QAbstractTableModel>
#include <QList>

namespace Keyway {

class EventLog;

// The live log as a table: one row per core event, oldest first, bounded so that a long session
// does not grow without end (the oldest rows go first). Holds fingerprints only, like the events.
class EventLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogModel)
public:
    enum Column {
        TimeColumn,
        EventColumn,
        CallColumn,
        FlightColumn,
        GenerationColumn,
        MessageColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        EventRole = Qt::UserRole + 1, // the whole Keyway::Event
        TypeRole, // EventType as int
        KindRole, // EventKind as int
        IsAuthRole, // bool: isAuthEvent()
        TimestampRole, // ms since the epoch
        CallIdRole,
        AttemptRole,
        FlightIdRole,
        GenerationRole,
        HttpStatusRole, // the answer's status for request.finished and challenges, else 0
        LogLineRole, // Event::toLogLine(): the row as one line of text
    };
    Q_ENUM(Role)

    static constexpr int DefaultMaxRows = 5000;

    explicit EventLogModel(QObject *parent = nullptr);
    // Follows `log` until it or this model is gone.
    explicit EventLogModel(EventLog *log, int maxRows = DefaultMaxRows, QObject *parent = nullptr);

    int maxRows() const { return m_maxRows; }
    void setMaxRows(int maxRows);

    void append(const Event &event);
    void clear();
    const Event &eventAt(int row) const { return m_events.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    void dropOldest(int count);
    QString displayText(const Event &event, int column) const;

    QList<Event> m_events;
    int m_maxRows = DefaultMaxRows;
};

} // namespace Keyway
