#include "collection/atomicfile.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <cstdio>
#include <cstring>

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

} // namespace

QString writeFileAtomically(const QString &path, const QByteArray &content)
{
    const QFileInfo info(path);
    // As QSaveFile did: a link stays a link, and the file it points to gets the content.
    const QString target = info.isSymLink() ? info.symLinkTarget() : path;
    const QFileInfo existing(target);
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
    // rename(2) replaces the target in one step; QFile::rename() refuses to, and its fallback
    // copies over it.
    if (std::rename(QFile::encodeName(file.fileName()).constData(),
                    QFile::encodeName(target).constData())
        != 0) {
        const int error = errno;
        QFile::remove(file.fileName());
        return systemError(error);
    }
    return {};
}

} // namespace Keyway
