#pragma once

#include <QLockFile>
#include <QString>

namespace Keyway {

// A lock file the processes of this machine take turns on (a QLockFile): taken at once or within
// a short wait, recovered once its holder is gone, and a clear message when it cannot be had.
class FileLock
{
    Q_DISABLE_COPY_MOVE(FileLock)
public:
    enum class Outcome {
        Acquired,
        Busy, // a live holder has it
        Failed, // the lock file cannot be created: see the error
    };

    explicit FileLock(QString path);
    ~FileLock();

    // Never waits. A lock file whose holder died on this host is removed at once; one older than
    // `staleMs` whose holder no longer holds it (a crash on another host, a leftover) as well.
    Outcome tryAcquire(qint64 staleMs, QString *error);
    // tryAcquire() again every few milliseconds while a live holder has it, for up to `waitMs`.
    Outcome acquire(qint64 staleMs, int waitMs, QString *error);
    void release();
    bool isHeld() const { return m_file.isLocked(); }
    // Who holds the lock, as far as its file says: "process 123 on host", for messages.
    QString holder() const;
    const QString &path() const { return m_path; }

private:
    QString m_path;
    QLockFile m_file;
};

} // namespace Keyway
