#include "collection/historymodel.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
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
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(SentAtRole, "sentAt");
    names.insert(MethodRole, "method");
    names.insert(UrlRole, "url");
    names.insert(StatusRole, "status");
    names.insert(DurationRole, "duration");
    names.insert(BytesRole, "bytes");
    names.insert(RequestPathRole, "requestPath");
    names.insert(EnvironmentRole, "environment");
    names.insert(ErrorRole, "error");
    names.insert(SearchTextRole, "searchText");
    return names;
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
    // once it holds a quarter more lines than the limit, so it stays bounded too.
    if (m_linesInFile + 1 > m_limit + m_limit / 4) {
        compact();
        return;
    }
    QDir().mkpath(QFileInfo(m_file).absolutePath());
    QFile file(m_file);
    const QByteArray text = line(entry);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append) || file.write(text) != text.size()) {
        noteFileError(QStringLiteral("the history could not be written to %1: %2")
                          .arg(m_file, file.errorString()));
        return;
    }
    ++m_linesInFile;
}

void HistoryModel::compact()
{
    QDir().mkpath(QFileInfo(m_file).absolutePath());
    QSaveFile file(m_file);
    if (!file.open(QIODevice::WriteOnly)) {
        noteFileError(QStringLiteral("the history could not be written to %1: %2")
                          .arg(m_file, file.errorString()));
        return;
    }
    for (const HistoryEntry &e : std::as_const(m_entries))
        file.write(line(e));
    if (!file.commit()) {
        noteFileError(QStringLiteral("the history could not be written to %1: %2")
                          .arg(m_file, file.errorString()));
        return;
    }
    m_linesInFile = int(m_entries.size());
}

void HistoryModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
    if (!m_file.isEmpty())
        compact();
}

void HistoryModel::noteFileError(const QString &message)
{
    m_fileError = message;
    Q_EMIT fileErrorOccurred(message);
}

} // namespace Keyway
