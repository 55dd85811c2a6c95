#include "fulldisk.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/mount.h>
#include <sys/resource.h>

namespace Keyway::Test {

namespace {

const QString FillerName = QStringLiteral(".filler");

// With the fallback, a write that ends past this many bytes fails: every workspace, token and
// history file is larger.
constexpr rlim_t FallbackLimitBytes = 16;

} // namespace

FullDisk::FullDisk(qint64 bytes) : m_bytes(bytes) { }

FullDisk::~FullDisk()
{
    release();
    if (m_mounted)
        ::umount2(QFile::encodeName(m_mountPoint).constData(), MNT_DETACH);
}

bool FullDisk::start(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory: %1").arg(m_dir.errorString());
        return false;
    }
    m_mountPoint = m_dir.filePath(QStringLiteral("disk"));
    if (!QDir().mkpath(m_mountPoint)) {
        *error = QStringLiteral("cannot create %1").arg(m_mountPoint);
        return false;
    }
    const QByteArray options = "size=" + QByteArray::number(m_bytes) + ",mode=0700";
    if (::mount("tmpfs", QFile::encodeName(m_mountPoint).constData(), "tmpfs", 0,
                options.constData())
        == 0) {
        m_mounted = true;
        return true;
    }
    m_fallbackReason = QStringLiteral("no tmpfs could be mounted on %1 (%2): a file size limit "
                                      "(RLIMIT_FSIZE) stands in for the full disk")
                           .arg(m_mountPoint, QString::fromLocal8Bit(std::strerror(errno)));
    // A write past the limit must fail with EFBIG, not kill the process with SIGXFSZ.
    std::signal(SIGXFSZ, SIG_IGN);
    return true;
}

QString FullDisk::path() const
{
    return m_mountPoint;
}

QString FullDisk::cause() const
{
    return QString::fromLocal8Bit(std::strerror(m_mounted ? ENOSPC : EFBIG));
}

bool FullDisk::fill(QString *error)
{
    if (!m_mounted) {
        rlimit limit {};
        ::getrlimit(RLIMIT_FSIZE, &limit);
        m_savedSoftLimit = qint64(limit.rlim_cur);
        limit.rlim_cur = FallbackLimitBytes;
        if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) {
            *error = QStringLiteral("setrlimit(RLIMIT_FSIZE): %1")
                         .arg(QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
        m_limited = true;
        return true;
    }
    QFile filler(QDir(m_mountPoint).filePath(FillerName));
    if (!filler.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
        *error = filler.errorString();
        return false;
    }
    // Page by page down to the last one, then byte-sized writes for whatever is left.
    const QByteArray page(4096, 'f');
    while (filler.write(page) == page.size()) { }
    while (filler.write("f", 1) == 1) { }
    return true;
}

void FullDisk::release()
{
    if (m_limited && m_savedSoftLimit) {
        rlimit limit {};
        ::getrlimit(RLIMIT_FSIZE, &limit);
        limit.rlim_cur = rlim_t(*m_savedSoftLimit);
        ::setrlimit(RLIMIT_FSIZE, &limit);
        m_limited = false;
    }
    if (m_mounted)
        QFile::remove(QDir(m_mountPoint).filePath(FillerName));
}

} // namespace Keyway::Test
