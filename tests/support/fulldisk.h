#pragma once

#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace Keyway::Test {

// A folder whose disk can be made full on demand, for tests of saves that run out of space. It is
// a tmpfs of its own mounted on a temporary directory (the test suite runs as root), filled to the
// last page by a filler file: writes then fail with ENOSPC as on a real full disk. Where no tmpfs
// can be mounted (not root, no CAP_SYS_ADMIN in a container), it says why and falls back to a
// file size limit for this process (RLIMIT_FSIZE, SIGXFSZ ignored): writes past it fail with
// EFBIG instead, "File too large", which exercises the same error paths.
class FullDisk
{
    Q_DISABLE_COPY_MOVE(FullDisk)
public:
    explicit FullDisk(qint64 bytes = 1024 * 1024);
    ~FullDisk(); // frees the disk and unmounts

    // Prepares the folder; false (with the reason) only when not even the fallback works.
    bool start(QString *error);
    QString path() const;
    // Why the fallback is used; empty when the tmpfs is mounted.
    const QString &fallbackReason() const { return m_fallbackReason; }
    // What the system says when a write fails: "No space left on device" or "File too large".
    QString cause() const;

    // From now on every write that needs more room fails (on tmpfs: one more page; with the
    // fallback: any write past a few bytes).
    bool fill(QString *error);
    // Gives the room back.
    void release();

private:
    qint64 m_bytes;
    QTemporaryDir m_dir;
    QString m_mountPoint;
    bool m_mounted = false;
    bool m_limited = false;
    QString m_fallbackReason;
    std::optional<qint64> m_savedSoftLimit;
};

} // namespace Keyway::Test
