#include "http/peersockets.h"

#include <QDir>
#include <QFileInfo>

#ifdef Q_OS_LINUX
#include <linux/tcp.h> // TCP_INFO with tcpi_bytes_received (glibc's netinet/tcp.h lacks it)
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#endif

namespace Keyway {

#ifdef Q_OS_LINUX

namespace {

// The inode of the socket `fd` names now; 0 when it names none.
quint64 socketInode(int fd)
{
    struct stat status
    {
    };
    if (::fstat(fd, &status) != 0 || !S_ISSOCK(status.st_mode))
        return 0;
    return status.st_ino;
}

bool peerOf(int fd, QHostAddress *address, quint16 *port)
{
    sockaddr_storage peer {};
    socklen_t length = sizeof peer;
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &length) != 0)
        return false;
    if (peer.ss_family != AF_INET && peer.ss_family != AF_INET6)
        return false;
    address->setAddress(reinterpret_cast<const sockaddr *>(&peer));
    *port = peer.ss_family == AF_INET
        ? ntohs(reinterpret_cast<const sockaddr_in *>(&peer)->sin_port)
        : ntohs(reinterpret_cast<const sockaddr_in6 *>(&peer)->sin6_port);
    return true;
}

quint64 bytesReadFrom(int fd)
{
    tcp_info info {};
    socklen_t length = sizeof info;
    int queued = 0;
    if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0
        || ::ioctl(fd, FIONREAD, &queued) != 0)
        return 0;
    return info.tcpi_bytes_received - quint64(qMax(0, queued));
}

} // namespace

QList<PeerSocket> socketsConnectedTo(const QList<QHostAddress> &addresses, quint16 port)
{
    QList<PeerSocket> found;
    const QDir fds(QStringLiteral("/proc/self/fd"));
    for (const QString &name : fds.entryList(QDir::System | QDir::NoDotAndDotDot)) {
        bool isNumber = false;
        const int fd = name.toInt(&isNumber);
        const quint64 inode = isNumber ? socketInode(fd) : 0;
        if (!inode)
            continue;
        QHostAddress address;
        quint16 peerPort = 0;
        if (!peerOf(fd, &address, &peerPort) || peerPort != port)
            continue;
        const bool matches = addresses.isEmpty()
            || std::any_of(addresses.cbegin(), addresses.cend(), [&](const auto &a) {
                                 return a.isEqual(address, QHostAddress::ConvertV4MappedToIPv4);
                             });
        if (matches)
            found.append(PeerSocket {fd, inode, bytesReadFrom(fd)});
    }
    return found;
}

bool shutDownSocket(const PeerSocket &socket)
{
    return socketInode(socket.fd) == socket.inode && ::shutdown(socket.fd, SHUT_RDWR) == 0;
}

#else

QList<PeerSocket> socketsConnectedTo(const QList<QHostAddress> &, quint16)
{
    return {};
}

bool shutDownSocket(const PeerSocket &)
{
    return false;
}

#endif

} // namespace Keyway
