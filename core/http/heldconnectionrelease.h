#pragma once

#include "http/peersockets.h"

#include <QHash>
#include <QObject>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;
class QTcpServer;

namespace Keyway {

// Seen on Qt 6.4.2: when an answer's headers never end and come as fast as they are read, the
// QNetworkAccessManager's HTTP thread never leaves its header loop. The abort of the call never
// reaches it; it keeps every header byte (memory grows for as long as the server sends) and
// takes no other request.
//
// After a call ends before its answer's headers did (the stall timeout, or a cancel), this asks
// the manager's thread for a sign of life: a request to a listener of its own on 127.0.0.1. An
// answer means the thread is free, and nothing more is done. No answer within a second means it
// is held: every quarter of a second the sockets to the call's host and port that were open when
// the call ended are sampled, and one that the process went on reading in two of those intervals
// is shut down. The held thread sees the end of that stream, lets go of what it kept and serves
// its queue again.
//
// The held thread reads no other socket, so its other connections are left as they are. What
// can be cut: a transfer of another QNetworkAccessManager to the same host and port, open when
// the call ended and still going a second later.
//
// If the thread does not answer within a few seconds all the same (a proxy in between, or a
// system without /proc), the manager is replaced (networkreplacement.h) and a warning says so.
class HeldConnectionRelease final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeldConnectionRelease)
public:
    // Starts the check for `network`, whose call to `url` just ended. It lives as a child of
    // `network` until it is done. `replaced`: the manager was already replaced.
    static void start(QNetworkAccessManager *network, const QUrl &url, bool replaced);

private:
    HeldConnectionRelease(QNetworkAccessManager *network, const QUrl &url, bool replaced);

    QNetworkAccessManager *network() const;
    bool shutAny() const;
    void lookUpThePeer();
    void sendProbe();
    void sampleAndShutDown();
    void giveUp();
    void finish();

    // A socket open when the call ended, as last sampled, and in how many intervals it was read.
    struct Watched
    {
        PeerSocket socket;
        int intervalsRead = 0;
        bool shut = false;
    };

    QUrl m_url;
    bool m_replaced;
    QList<QHostAddress> m_addresses;
    QHash<quint64, Watched> m_watched; // by inode
    int m_samplesLeft = 0;
    QTcpServer *m_listener = nullptr;
    QNetworkReply *m_probe = nullptr;
};

} // namespace Keyway
