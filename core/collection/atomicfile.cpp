#include "collection/atomicfile.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace Keyway {

namespace {

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

QString placeholder()
{
    static constexpr char Letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QString text;
    for (int i = 0; i < SaveFilePlaceholderLength; ++i)
        text += QLatin1Char(Letters[QRandomGenerator::global()->bounded(int(sizeof Letters) - 1)]);
    return text;
}

// Opens a new "<target>.keyway-save-XXXXXX" for writing, unbuffered. Not a QTemporaryFile: that
// makes every file 0600, where a new workspace file should get the user's umask as any other
// file they create (and as QSaveFile gave it); a file that replaces one gets that one's mode.
QString openTemporary(const QString &target, bool replacing, QFile *file)
{
    constexpr int Attempts = 100; // another save's name taken by chance, again and again
    for (int attempt = 0; attempt < Attempts; ++attempt) {
        file->setFileName(target + SaveFileInfix + placeholder());
        const auto mode = QIODevice::WriteOnly | QIODevice::NewOnly | QIODevice::Unbuffered;
        // Owner-only until the mode of the file it replaces is copied over: the old file may
        // be private.
        const bool opened = replacing
            ? file->open(mode, QFileDevice::ReadOwner | QFileDevice::WriteOwner)
            : file->open(mode);
        if (opened)
            return {};
        if (!QFileInfo::exists(file->fileName()))
            return file->errorString();
    }
    return QStringLiteral("no free temporary file name beside %1").arg(target);
}

// Writes `content` whole into a new temporary file beside `target`, synced to disk, with the mode
// of the file it is to replace (`existing`, when there is one); its name in *temporary.
QString writeTemporary(const QString &target, const QFileInfo &existing, const QByteArray &content,
                       QString *temporary)
{
    QFile file;
    if (const QString why = openTemporary(target, existing.exists(), &file); !why.isEmpty())
        return why;
    const auto discard = [&file](const QString &why) {
        file.remove(); // the temporary file goes; the old file was never touched
        return why.isEmpty() ? QStringLiteral("the write failed") : why;
    };
    // A short write says nothing of why; the next one fails and tells.
    for (qint64 written = 0; written < content.size();) {
        const qint64 n = file.write(content.constData() + written, content.size() - written);
        if (n <= 0)
            return discard(file.errorString());
        written += n;
    }
    // On disk before the rename, so that a crash leaves the old file or the new one, not an empty
    // one (the rename may reach the disk first). A file system that cannot sync says EINVAL.
    if (::fsync(file.handle()) != 0 && errno != EINVAL)
        return discard(systemError(errno));
    if (existing.exists() && !file.setPermissions(existing.permissions()))
        return discard(file.errorString());
    file.close();
    *temporary = file.fileName();
    return {};
}

// Gives `temporary` the name `target` unless a file has it. RENAME_NOREPLACE does that in one
// step; a file system without it (NFS) gets a hard link, which fails as well when the name is
// taken. QFile::rename() checks first and renames after, and copies over a file that appeared
// in between.
int renameWithoutReplacing(const QString &temporary, const QString &target)
{
    const QByteArray from = QFile::encodeName(temporary);
    const QByteArray to = QFile::encodeName(target);
    if (::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return errno;
    if (::link(from.constData(), to.constData()) != 0)
        return errno;
    ::unlink(from.constData());
    return 0;
}

} // namespace

QString writeFileAtomically(const QString &path, const QByteArray &content)
{
    const QFileInfo info(path);
    // As QSaveFile did: a link stays a link, and the file it points to gets the content.
    const QString target = info.isSymLink() ? info.symLinkTarget() : path;
    QString temporary;
    if (const QString why = writeTemporary(target, QFileInfo(target), content, &temporary);
        !why.isEmpty())
        return why;
    // rename(2) replaces the target in one step; QFile::rename() refuses to, and its fallback
    // copies over it.
    if (std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(target).constData())
        != 0) {
        const int error = errno;
        QFile::remove(temporary);
        return systemError(error);
    }
    return {};
}

QString writeNewFileAtomically(const QString &path, const QByteArray &content, bool *existed)
{
    *existed = false;
    QString temporary;
    if (const QString why = writeTemporary(path, QFileInfo(), content, &temporary); !why.isEmpty())
        return why;
    const int error = renameWithoutReplacing(temporary, path);
    if (error == 0)
        return {};
    QFile::remove(temporary);
    if (error == EEXIST) {
        *existed = true;
        return {};
    }
    return systemError(error);
}

} // namespace Keyway
