#include "collection/stalesavefiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace Keyway {

namespace {

// QTemporaryFileName fills the placeholder with letters only (A-Z, a-z).
constexpr qsizetype PlaceholderLength = 6;

// Set when keyway_core's static objects are built, i.e. as the process starts.
const QDateTime processStart = QDateTime::currentDateTimeUtc();

// The file system's clock is coarse (a kernel tick) and another process may have been saving
// while this one started: a margin keeps its temporary file out of reach.
constexpr qint64 MarginMs = 1000;

bool isPlaceholder(QStringView text)
{
    if (text.size() != PlaceholderLength)
        return false;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (!((u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z')))
            return false;
    }
    return true;
}

} // namespace

QStringList sweepStaleSaveFiles(const QString &dir, const QSet<QString> &knownNames,
                                const QDateTime &before)
{
    QStringList removed;
    const QDir qdir(dir);
    const auto entries = qdir.entryInfoList(QDir::Files | QDir::Hidden | QDir::System);
    for (const QFileInfo &entry : entries) {
        const QString name = entry.fileName();
        const qsizetype dot = name.size() - PlaceholderLength - 1;
        if (dot <= 0 || name.at(dot) != QLatin1Char('.')
            || !isPlaceholder(QStringView(name).sliced(dot + 1))
            || !knownNames.contains(name.left(dot)))
            continue;
        // A link is never QSaveFile's; a file written since the cutoff may be a live save.
        if (entry.isSymLink() || !entry.isFile() || entry.lastModified() >= before)
            continue;
        if (QFile::remove(entry.filePath()))
            removed.append(name);
    }
    return removed;
}

QDateTime staleSaveFileCutoff()
{
    return processStart.addMSecs(-MarginMs);
}

} // namespace Keyway
