#pragma once

#include <QHostAddress>
#include <QList>

namespace Keyway {

// This process's TCP sockets that are connected to one peer, seen from outside Qt: Linux only
// (/proc/self/fd, getpeername, TCP_INFO); elsewhere none are found.
//
// Why outside Qt: a QNetworkAccessManager's sockets live in its own thread and are not
// reachable through its API, and the one case that needs them (see heldconnectionrelease.h) is
// one where that thread no longer takes orders.
struct PeerSocket
{
    int fd = -1;
    quint64 inode = 0; // tells a socket apart from a later one given the same fd number
    // What the process has read from it so far: bytes received less those still queued. It
    // rises only while some thread reads the socket.
    quint64 bytesRead = 0;
};

// `addresses` empty: any address.
QList<PeerSocket> socketsConnectedTo(const QList<QHostAddress> &addresses, quint16 port);

// Shuts `socket` down both ways (the thread reading it then sees the end of the stream), unless
// its fd now names another socket. True when it was shut down.
bool shutDownSocket(const PeerSocket &socket);

} // namespace Keyway
