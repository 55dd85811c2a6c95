#include "collection/historymodel.h"

#include "collection/atomicfile.h"
#include "log/rolenames.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

namespace Keyway {

namespace {

// A longer line is no entry of ours (an entry is well under 64 kB): skipped, not read whole.
constexpr qint64 MaxLineBytes = 1 << 20;

QByteArray line(const HistoryEntry &entry)
{
    return QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact) + '\n';
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
    QFile file(m_file);
    if (!file.exists())
        return;
    if (!file.open(QIODevice::ReadOnly)) {
        noteFileError(QStringLiteral("%1 cannot be read: %2").arg(m_file, file.errorString()));
        return;
    }
    while (!file.atEnd()) {
        const QByteArray text = file.readLine(MaxLineBytes);
        ++m_linesInFile;
        if (!text.endsWith('\n') && !file.atEnd()) {
            // Longer than any entry: skip the rest of it.
            ++m_skipped;
            while (!file.atEnd() && !file.readLine(MaxLineBytes).endsWith('\n')) { }
            continue;
        }
        const auto entry = HistoryEntry::fromJson(QJsonDocument::fromJson(text).object());
        if (!entry) {
            // A line cut short by a crash, or written by hand: the others still count.
            ++m_skipped;
            continue;
        }
        m_entries.append(*entry);
        if (m_entries.size() > m_limit)
            m_entries.removeFirst();
    }
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
    // Appending is one write of one line; the file is rewritten with only the kept entries
    // once it holds a quarter more lines than the limit, so it stays bounded too, and after a
    // failed write, so that the entries the file missed are in it again.
    if (m_missedWrites || m_linesInFile + 1 > m_limit + m_limit / 4) {
        compact();
        return;
    }
    QDir().mkpath(QFileInfo(m_file).absolutePath());
    // Unbuffered: a full disk shows in write() itself, not in a close() nobody checks.
    QFile file(m_file);
    const QByteArray text = line(entry);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
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
        // and lost too.
        file.resize(before);
        noteWriteFailed(why);
        return;
    }
    ++m_linesInFile;
    noteWritten();
}

void HistoryModel::compact()
{
    QDir().mkpath(QFileInfo(m_file).absolutePath());
    QByteArray text;
    for (const HistoryEntry &e : std::as_const(m_entries))
        text += line(e);
    if (const QString why = writeFileAtomically(m_file, text); !why.isEmpty()) {
        noteWriteFailed(why); // the old file is still there, whole
        return;
    }
    m_linesInFile = int(m_entries.size());
    noteWritten();
}

void HistoryModel::keepIn(const QString &file)
{
    if (!m_file.isEmpty() || file.isEmpty())
        return;
    m_file = file;
    compact();
}

void HistoryModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
    if (!m_file.isEmpty())
        compact();
}

void HistoryModel::noteWriteFailed(const QString &why)
{
    m_missedWrites = true;
    noteFileError(QStringLiteral("the history could not be written to %1: %2; it is kept in "
                                 "memory and written again with the next request")
                      .arg(m_file, why));
}

void HistoryModel::noteWritten()
{
    m_missedWrites = false;
    m_fileError.clear();
}

void HistoryModel::noteFileError(const QString &message)
{
    m_fileError = message;
    Q_EMIT fileErrorOccurred(message);
}

} // namespace Keyway
