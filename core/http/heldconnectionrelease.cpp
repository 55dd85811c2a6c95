#include "http/heldconnectionrelease.h"

#include "http/endpoint.h"
#include "http/networkreplacement.h"
#include "log/logging.h"

#include <QHostInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

namespace Keyway {

namespace {

// A free thread answers a loopback request in milliseconds, even under a sanitizer and load.
constexpr int AnswerWaitMs = 1000;
constexpr int SampleEveryMs = 250;
// Samples after the first second, before giving up: three more seconds.
constexpr int SamplesBeforeGivingUp = 12;
// Read in this many intervals: read by the held thread, not a burst that came in once.
constexpr int IntervalsReadToShutDown = 2;

} // namespace

void HeldConnectionRelease::start(QNetworkAccessManager *network, const QUrl &url, bool replaced)
{
    new HeldConnectionRelease(network, url, replaced);
}

HeldConnectionRelease::HeldConnectionRelease(QNetworkAccessManager *network, const QUrl &url,
                                             bool replaced)
    : QObject(network), m_url(url), m_replaced(replaced)
{
    // The sockets to that port when the call ended, whatever their address: the host is looked
    // up only if the thread turns out to be held (a pending look-up would outlive a process that
    // exits right after a cancel, as keyway-cli does on Ctrl+C).
    for (const PeerSocket &socket : socketsConnectedTo({}, portOf(m_url)))
        m_watched.insert(socket.inode, Watched {socket});
    sendProbe();
    QTimer::singleShot(AnswerWaitMs, this, &HeldConnectionRelease::lookUpThePeer);
}

void HeldConnectionRelease::lookUpThePeer()
{
    m_samplesLeft = SamplesBeforeGivingUp;
    const QHostAddress literal(m_url.host());
    if (!literal.isNull()) {
        m_addresses = {literal};
        sampleAndShutDown();
        return;
    }
    // QNAM looked the host up a moment ago: Qt's host cache answers at once.
    QHostInfo::lookupHost(m_url.host(), this, [this](const QHostInfo &info) {
        m_addresses = info.addresses();
        sampleAndShutDown();
    });
}

QNetworkAccessManager *HeldConnectionRelease::network() const
{
    return static_cast<QNetworkAccessManager *>(parent());
}

bool HeldConnectionRelease::shutAny() const
{
    return std::any_of(m_watched.cbegin(), m_watched.cend(),
                       [](const Watched &watched) { return watched.shut; });
}

void HeldConnectionRelease::sendProbe()
{
    m_listener = new QTcpServer(this);
    if (!m_listener->listen(QHostAddress::LocalHost)) {
        qCWarning(lcHttp) << "cannot check whether Qt's network thread is free:"
                          << m_listener->errorString();
        finish();
        return;
    }
    connect(m_listener, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_listener->nextPendingConnection()) {
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            socket->write(
                "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            socket->disconnectFromHost();
        }
    });
    QUrl probe;
    probe.setScheme(QStringLiteral("http"));
    probe.setHost(m_listener->serverAddress().toString());
    probe.setPort(m_listener->serverPort());
    probe.setPath(QStringLiteral("/keyway-network-thread-check"));
    m_probe = network()->get(QNetworkRequest(probe));
    connect(m_probe, &QNetworkReply::finished, this, [this] {
        if (shutAny())
            qCInfo(lcHttp) << "Qt's network thread is free again and has let go of the answer it "
                              "held";
        finish();
    });
}

void HeldConnectionRelease::sampleAndShutDown()
{
    if (m_samplesLeft-- == 0 || m_addresses.isEmpty()) {
        giveUp();
        return;
    }
    for (const PeerSocket &now : socketsConnectedTo(m_addresses, portOf(m_url))) {
        const auto watched = m_watched.find(now.inode);
        if (watched == m_watched.end() || watched->socket.fd != now.fd || watched->shut)
            continue;
        if (now.bytesRead > watched->socket.bytesRead)
            ++watched->intervalsRead;
        watched->socket = now;
        if (watched->intervalsRead >= IntervalsReadToShutDown && shutDownSocket(now)) {
            watched->shut = true;
            qCInfo(lcHttp).nospace()
                << "Qt's network thread is still reading an answer from " << m_url.host() << ":"
                << portOf(m_url) << " whose headers never ended; closed that connection";
        }
    }
    QTimer::singleShot(SampleEveryMs, this, &HeldConnectionRelease::sampleAndShutDown);
}

void HeldConnectionRelease::giveUp()
{
    qCWarning(lcHttp).nospace()
        << "Qt's network thread still takes no request after a call to " << m_url.host()
        << " ended before its answer's headers did; later requests "
        << (m_replaced ? "already go" : "go")
        << " through a new QNetworkAccessManager, and the old one may keep reading that answer";
    if (!m_replaced)
        replaceNetwork(network());
    finish();
}

void HeldConnectionRelease::finish()
{
    if (m_probe) {
        disconnect(m_probe, nullptr, this, nullptr);
        m_probe->abort();
        m_probe->deleteLater();
        m_probe = nullptr;
    }
    deleteLater();
}

} // namespace Keyway
