#include "collection/stalesavefiles.h"

#include "collection/atomicfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace Keyway {

namespace {

// Only Keyway's own name is matched. The "<name>.XXXXXX" that QSaveFile, which Keyway used
// before, left when killed is not: a user's "users.request.json.oldone" has that shape too, and
// a stray leftover of an old version is harmless where a user's file is not.
constexpr qsizetype SuffixLength = SaveFileInfix.size() + SaveFilePlaceholderLength;

// Set when keyway_core's static objects are built, i.e. as the process starts.
const QDateTime processStart = QDateTime::currentDateTimeUtc();

// The file system's clock is coarse (a kernel tick) and another process may have been saving
// while this one started: a margin keeps its temporary file out of reach.
constexpr qint64 MarginMs = 1000;

bool isPlaceholder(QStringView text)
{
    if (text.size() != SaveFilePlaceholderLength)
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
        const qsizetype known = name.size() - SuffixLength;
        if (known <= 0 || !QStringView(name).sliced(known).startsWith(SaveFileInfix)
            || !isPlaceholder(QStringView(name).sliced(known + SaveFileInfix.size()))
            || !knownNames.contains(name.left(known)))
            continue;
        // A link is never a save's; a file written since the cutoff may be a live save.
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
