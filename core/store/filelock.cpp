#include "store/filelock.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QStorageInfo>
#include <QThread>

#include <cerrno>
#include <cstring>
#include <limits>

namespace Keyway {

namespace {

// QLockFile's own wait sleeps 100 ms at first and doubles: far longer than the few milliseconds
// the holders here keep a lock.
constexpr int RetryMs = 2;

} // namespace

FileLock::FileLock(QString path) : m_path(std::move(path)), m_file(m_path) { }

FileLock::~FileLock() = default;

FileLock::Outcome FileLock::tryAcquire(qint64 staleMs, QString *error)
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
        *error = QStringLiteral("cannot create the lock file %1: %2 (the disk %3 is full); free "
                                "some space")
                     .arg(QDir::toNativeSeparators(m_path),
                          QString::fromLocal8Bit(std::strerror(ENOSPC)), disk.rootPath());
        return Outcome::Failed;
    }
    *error = QStringLiteral("cannot create the lock file %1: check that the directory exists, is "
                            "writable and the disk is not full")
                 .arg(QDir::toNativeSeparators(m_path));
    return Outcome::Failed;
}

FileLock::Outcome FileLock::acquire(qint64 staleMs, int waitMs, QString *error)
{
    const QDeadlineTimer deadline(waitMs);
    for (;;) {
        const Outcome outcome = tryAcquire(staleMs, error);
        if (outcome != Outcome::Busy || deadline.hasExpired())
            return outcome;
        QThread::msleep(RetryMs);
    }
}

QString FileLock::holder() const
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

void FileLock::release()
{
    if (m_file.isLocked())
        m_file.unlock();
}

} // namespace Keyway
