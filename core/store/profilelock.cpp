#include "store/profilelock.h"

#include "store/storenames.h"

#include <limits>

#include <QDir>
#include <QFileInfo>
#include <QStorageInfo>

namespace Keyway {

ProfileLock::ProfileLock(const QString &dataDir, const QString &profile)
    : m_path(QDir(dataDir).filePath(fileStem(profile) + QStringLiteral(".lock"))), m_file(m_path)
{
}

ProfileLock::~ProfileLock() = default;

QString ProfileLock::fileStem(const QString &profile)
{
    return StoreNames::encode(profile);
}

ProfileLock::Outcome ProfileLock::tryAcquire(qint64 staleMs, QString *error)
{
    if (m_file.isLocked())
        return Outcome::Acquired;
    // QLockFile counts a lock as stale when its PID is dead on this host, or when it is older
    // than the stale time; it then removes it only if it can take the holder's flock, so a live
    // holder on a local file system keeps its lock however long it takes.
    m_file.setStaleLockTime(
        int(qBound(qint64(1), staleMs, qint64(std::numeric_limits<int>::max()))));
    if (m_file.tryLock(0))
        return Outcome::Acquired;
    switch (m_file.error()) {
    case QLockFile::LockFailedError: return Outcome::Busy;
    case QLockFile::PermissionError:
        *error = QStringLiteral("cannot create the lock file %1: permission denied; make its "
                                "directory writable for this user")
                     .arg(QDir::toNativeSeparators(m_path));
        return Outcome::Failed;
    case QLockFile::NoError:
    case QLockFile::UnknownError: break;
    }
    // QLockFile keeps errno to itself; a full disk is the common cause and can be asked for.
    const QStorageInfo disk(QFileInfo(m_path).absolutePath());
    if (disk.isValid() && disk.isReady() && disk.bytesAvailable() <= 0) {
        *error = QStringLiteral("cannot create the lock file %1: no space left on device (the disk "
                                "%2 is full); free some space")
                     .arg(QDir::toNativeSeparators(m_path), disk.rootPath());
        return Outcome::Failed;
    }
    *error = QStringLiteral("cannot create the lock file %1: check that the directory exists, is "
                            "writable and the disk is not full")
                 .arg(QDir::toNativeSeparators(m_path));
    return Outcome::Failed;
}

QString ProfileLock::holder() const
{
    qint64 pid = 0;
    QString host;
    QString app;
    if (!m_file.getLockInfo(&pid, &host, &app))
        return QStringLiteral("another process (%1)").arg(QDir::toNativeSeparators(m_path));
    return QStringLiteral("%1 (process %2 on %3)")
        .arg(app.isEmpty() ? QStringLiteral("another process") : app)
        .arg(pid)
        .arg(host);
}

void ProfileLock::release()
{
    if (m_file.isLocked())
        m_file.unlock();
}

} // namespace Keyway
