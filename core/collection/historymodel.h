#pragma once

// The history of a workspace: every request sent with a summary of its answer, oldest first,
// kept in the workspace's machine-local data (never in the shared folder) as one JSON line per
// request, and bounded: past the limit the oldest rows go (beginRemoveRows first). A line that
// cannot be read is skipped and counted, never fatal. Filter it with HistoryFilterModel.
//
// Several processes may keep one workspace's history (two windows): each appends its own lines,
// and rewriting the file to bound it starts from what the file holds, not from what this process
// has in memory, so the lines of the others stay. Both go through a lock file beside it.

#include "collection/historyentry.h"

#include <QAbstractListModel>

namespace Keyway {

class HistoryModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryModel)
public:
    enum Role {
        SentAtRole = Qt::UserRole + 1, // QDateTime (UTC)
        MethodRole, // QString
        UrlRole, // QString, redacted
        StatusRole, // int, 0 without an answer
        DurationRole, // qint64 ms
        BytesRole, // qint64
        RequestPathRole, // QString: "Users/Get user"
        EnvironmentRole, // QString
        ErrorRole, // QString
        SearchTextRole, // QString: everything a search looks at, in one string
    };
    Q_ENUM(Role)

    static constexpr int DefaultLimit = 1000;

    // `file`: where the history lives (see defaultFile()); empty: in memory only.
    explicit HistoryModel(QString file, int limit = DefaultLimit, QObject *parent = nullptr);

    // GenericDataLocation/keyway/local/<workspace id>/history.jsonl
    static QString defaultFile(const QString &workspaceId);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    const HistoryEntry &entry(int row) const { return m_entries.at(row); }
    int limit() const { return m_limit; }
    // Lines of the file that could not be read when it was opened.
    int skippedLines() const { return m_skipped; }
    // No file: the workspace has no id yet (a scratch workspace not saved).
    bool isInMemoryOnly() const { return m_file.isEmpty(); }
    // A history kept in memory only goes to `file` from now on (the workspace was saved and has
    // an id): what it holds is written there at once. One with a file keeps it.
    void keepIn(const QString &file);
    // The last write error, empty when the file is fine.
    const QString &fileError() const { return m_fileError; }

    void append(const HistoryEntry &entry);
    void clear();

Q_SIGNALS:
    void fileErrorOccurred(const QString &message);

private:
    enum class Compaction {
        KeepNewest, // the file's newest lines and the entries it missed, up to the limit
        Empty, // the user cleared the history
    };

    void load();
    void compact(Compaction how);
    void noteFileError(const QString &message);
    void noteWriteFailed(const QString &why);
    void noteWritten();

    QString m_file;
    int m_limit;
    QList<HistoryEntry> m_entries;
    int m_linesInFile = 0;
    int m_skipped = 0;
    QString m_fileError;
    // Entries a failed write kept out of the file, oldest first: the next compaction adds them.
    QList<HistoryEntry> m_unwritten;
};

} // namespace Keyway
