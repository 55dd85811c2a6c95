#include "collection/historymodel.h"

#include "collection/atomicfile.h"
#include "log/rolenames.h"
#include "store/filelock.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

#include <optional>

namespace Keyway {

namespace {

// A longer line is no entry of ours (an entry is well under 64 kB): skipped, not read whole.
constexpr qint64 MaxLineBytes = 1 << 20;

// An append or a compaction holds the lock for milliseconds; a holder that keeps it longer is
// hung, and this process keeps its entry in memory rather than freeze the window.
constexpr int LockWaitMs = 2000;
// A lock file left by a crash on another host (a shared home folder) is taken over after this;
// one whose holder died on this host, at once.
constexpr qint64 StaleLockMs = 30000;

QByteArray line(const HistoryEntry &entry)
{
    return QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact) + '\n';
}

// The entries of a history file that can be read, the newest `limit`, with their lines as they
// are in the file.
struct HistoryLines
{
    QList<QByteArray> lines;
    QList<HistoryEntry> entries;
    int total = 0; // lines in the file, read or not
    int skipped = 0;
};

// An empty result when there is no file; nullopt (and `error`) when it cannot be read.
std::optional<HistoryLines> readHistory(const QString &path, int limit, QString *error)
{
    HistoryLines read;
    QFile file(path);
    if (!file.exists())
        return read;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1 cannot be read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    while (!file.atEnd()) {
        const QByteArray text = file.readLine(MaxLineBytes);
        ++read.total;
        if (!text.endsWith('\n') && !file.atEnd()) {
            // Longer than any entry: skip the rest of it.
            ++read.skipped;
            while (!file.atEnd() && !file.readLine(MaxLineBytes).endsWith('\n')) { }
            continue;
        }
        const auto entry = HistoryEntry::fromJson(QJsonDocument::fromJson(text).object());
        if (!entry) {
            // A line cut short by a crash, or written by hand: the others still count.
            ++read.skipped;
            continue;
        }
        read.lines.append(text.endsWith('\n') ? text : text + '\n');
        read.entries.append(*entry);
        if (read.entries.size() > limit) {
            read.lines.removeFirst();
            read.entries.removeFirst();
        }
    }
    return read;
}

// Appends and compactions by any process take turns on a lock file beside the history.
bool lockHistory(FileLock &lock, QString *why)
{
    switch (lock.acquire(StaleLockMs, LockWaitMs, why)) {
    case FileLock::Outcome::Acquired: return true;
    case FileLock::Outcome::Failed: return false;
    case FileLock::Outcome::Busy: break;
    }
    *why = QStringLiteral("%1 has kept the history locked for over %2 seconds (the lock file %3; "
                          "remove it if no Keyway is running)")
               .arg(lock.holder())
               .arg(LockWaitMs / 1000)
               .arg(QDir::toNativeSeparators(lock.path()));
    return false;
}

} // namespace

HistoryModel::HistoryModel(QString file, int limit, QObject *parent)
    : QAbstractListModel(parent), m_file(std::move(file)), m_limit(std::max(1, limit))
{
    load();
}

QString HistoryModel::defaultFile(const QString &workspaceId)
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + QStringLiteral("/keyway/local/") + workspaceId + QStringLiteral("/history.jsonl");
}

void HistoryModel::load()
{
    if (m_file.isEmpty())
        return;
    // Without the lock: a line another process is appending at this moment can only be the last
    // one, and a whole line is one write.
    QString error;
    auto read = readHistory(m_file, m_limit, &error);
    if (!read) {
        noteFileError(error);
        return;
    }
    m_entries = std::move(read->entries);
    m_linesInFile = read->total;
    m_skipped = read->skipped;
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const HistoryEntry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1 %2 → %3")
            .arg(e.method, e.url,
                 e.status ? QString::number(e.status) : QStringLiteral("no answer"));
    case SentAtRole: return QDateTime::fromMSecsSinceEpoch(e.sentAtMs, Qt::UTC);
    case MethodRole: return e.method;
    case UrlRole: return e.url;
    case StatusRole: return e.status;
    case DurationRole: return e.durationMs;
    case BytesRole: return e.responseBytes;
    case RequestPathRole: return e.requestPath;
    case EnvironmentRole: return e.environment;
    case ErrorRole: return e.error;
    case SearchTextRole:
        return QStringList {e.method,      e.url,         QString::number(e.status),
                            e.requestPath, e.environment, e.profile,
                            e.error,       e.contentType}
            .join(QLatin1Char(' '));
    default: return {};
    }
}

QHash<int, QByteArray> HistoryModel::roleNames() const
{
    return withRoleNames(QAbstractListModel::roleNames(),
                         {{SentAtRole, "sentAt"},
                          {MethodRole, "method"},
                          {UrlRole, "url"},
                          {StatusRole, "status"},
                          {DurationRole, "duration"},
                          {BytesRole, "bytes"},
                          {RequestPathRole, "requestPath"},
                          {EnvironmentRole, "environment"},
                          {ErrorRole, "error"},
                          {SearchTextRole, "searchText"}});
}

void HistoryModel::append(const HistoryEntry &entry)
{
    if (m_entries.size() >= m_limit) {
        const int drop = int(m_entries.size()) - m_limit + 1;
        beginRemoveRows({}, 0, drop - 1);
        m_entries.remove(0, drop);
        endRemoveRows();
    }
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.append(entry);
    endInsertRows();
    if (m_file.isEmpty())
        return;
    // Appending is one write of one line; the file is rewritten with only its newest lines once
    // it holds a quarter more lines than the limit (as far as this process counted), so it stays
    // bounded too, and after a failed write, so that the entries the file missed are in it again.
    if (!m_unwritten.isEmpty() || m_linesInFile + 1 > m_limit + m_limit / 4) {
        m_unwritten.append(entry);
        compact(Compaction::KeepNewest);
        return;
    }
    QDir().mkpath(QFileInfo(m_file).absolutePath());
    FileLock lock(m_file + QStringLiteral(".lock"));
    if (QString why; !lockHistory(lock, &why)) {
        m_unwritten.append(entry);
        noteWriteFailed(why);
        return;
    }
    // Unbuffered: a full disk shows in write() itself, not in a close() nobody checks.
    QFile file(m_file);
    const QByteArray text = line(entry);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
        m_unwritten.append(entry);
        noteWriteFailed(file.errorString());
        return;
    }
    const qint64 before = file.size();
    // A short write says nothing of why; the next one fails and tells (ENOSPC, EFBIG).
    qint64 written = 0;
    for (qint64 n = 0; written < text.size(); written += n) {
        n = file.write(text.constData() + written, text.size() - written);
        if (n <= 0)
            break;
    }
    if (written != text.size()) {
        const QString why = file.errorString();
        // Part of the line may have landed: cut it off, or the next line would be glued to it
        // and lost too. Under the lock, the end of the file is this line.
        file.resize(before);
        m_unwritten.append(entry);
        noteWriteFailed(why);
        return;
    }
    ++m_linesInFile;
    noteWritten();
}

void HistoryModel::compact(Compaction how)
{
    QDir().mkpath(QFileInfo(m_file).absolutePath());
    FileLock lock(m_file + QStringLiteral(".lock"));
    if (QString why; !lockHistory(lock, &why)) {
        noteWriteFailed(why);
        return;
    }
    // What the file holds now, other processes' lines included, not this process's entries: those
    // it has written are in the file already (unless another process cleared it since).
    QList<QByteArray> lines;
    if (how == Compaction::KeepNewest) {
        QString error;
        auto read = readHistory(m_file, m_limit, &error);
        if (!read) {
            noteWriteFailed(error); // what could not be read is not overwritten
            return;
        }
        lines = std::move(read->lines);
        for (const HistoryEntry &e : std::as_const(m_unwritten))
            lines.append(line(e));
        if (lines.size() > m_limit)
            lines.remove(0, lines.size() - m_limit);
    }
    if (const QString why = writeFileAtomically(m_file, lines.join()); !why.isEmpty()) {
        noteWriteFailed(why); // the old file is still there, whole
        return;
    }
    m_linesInFile = int(lines.size());
    m_unwritten.clear();
    noteWritten();
}

void HistoryModel::keepIn(const QString &file)
{
    if (!m_file.isEmpty() || file.isEmpty())
        return;
    m_file = file;
    m_unwritten = m_entries;
    compact(Compaction::KeepNewest);
}

void HistoryModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
    m_unwritten.clear();
    if (!m_file.isEmpty())
        compact(Compaction::Empty);
}

void HistoryModel::noteWriteFailed(const QString &why)
{
    // Bounded like the history: past the limit the oldest would be dropped at compaction anyway.
    if (m_unwritten.size() > m_limit)
        m_unwritten.remove(0, m_unwritten.size() - m_limit);
    noteFileError(QStringLiteral("the history could not be written to %1: %2; it is kept in "
                                 "memory and written again with the next request")
                      .arg(m_file, why));
}

void HistoryModel::noteWritten()
{
    m_fileError.clear();
}

void HistoryModel::noteFileError(const QString &message)
{
    m_fileError = message;
    Q_EMIT fileErrorOccurred(message);
}

} // namespace Keyway
