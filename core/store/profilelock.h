#pragma once

#include <QLockFile>
#include <QString>

namespace Keyway {

// The right to refresh one profile among the processes of this machine: a QLockFile in the
// workspace's data dir, taken without waiting and recovered once its holder is gone.
class ProfileLock
{
    Q_DISABLE_COPY_MOVE(ProfileLock)
public:
    enum class Outcome {
        Acquired,
        Busy, // a live holder has it
        Failed, // the lock file cannot be created: see the error
    };

    ProfileLock(const QString &dataDir, const QString &profile);
    ~ProfileLock();

    // The file name stem for a profile's files in the data dir: the profile name with anything
    // that is not safe in a file name percent-encoded (so "a/b" cannot leave the directory).
    static QString fileStem(const QString &profile);

    // Never waits. A lock file whose holder died on this host is removed at once; one older than
    // `staleMs` whose holder no longer holds it (a crash on another host, a leftover) as well.
    Outcome tryAcquire(qint64 staleMs, QString *error);
    void release();
    bool isHeld() const { return m_file.isLocked(); }
    // Who holds the lock, as far as its file says: "process 123 on host", for messages.
    QString holder() const;
    QString path() const { return m_path; }

private:
    QString m_path;
    QLockFile m_file;
};

} // namespace Keyway
