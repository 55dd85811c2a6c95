#include "connectioncheck.h"

#include "http/endpoint.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace Keyway::Cli {

namespace {
constexpr int CheckTimeoutMs = 5000;
}

void ConnectionCheck::run(const QUrl &url, QObject *context, Callback callback)
{
    new ConnectionCheck(url, context, std::move(callback));
}

ConnectionCheck::ConnectionCheck(const QUrl &url, QObject *context, Callback callback)
    : QObject(context), m_host(url.host()), m_callback(std::move(callback))
{
    m_hostPort = endpointOf(url);
    auto *socket = new QTcpSocket(this);
    connect(socket, &QTcpSocket::connected, this, [this, socket] {
        socket->abort();
        finish(std::nullopt);
    });
    connect(socket, &QTcpSocket::errorOccurred, this,
            [this, socket](QAbstractSocket::SocketError error) {
                switch (error) {
                case QAbstractSocket::ConnectionRefusedError:
                    finish(QStringLiteral("nothing is listening on %1 (connection refused)")
                               .arg(m_hostPort));
                    return;
                case QAbstractSocket::HostNotFoundError:
                    finish(QStringLiteral("the host '%1' was not found").arg(m_host));
                    return;
                default:
                    finish(QStringLiteral("%1 cannot be reached (%2)")
                               .arg(m_hostPort, socket->errorString()));
                    return;
                }
            });
    QTimer::singleShot(CheckTimeoutMs, this, [this] {
        finish(QStringLiteral("%1 did not accept a connection within %2 s (a firewall, or the host "
                              "is down)")
                   .arg(m_hostPort)
                   .arg(CheckTimeoutMs / 1000));
    });
    socket->connectToHost(m_host, portOf(url));
}

void ConnectionCheck::finish(const std::optional<QString> &problem)
{
    if (m_done)
        return;
    m_done = true;
    deleteLater();
    m_callback(problem);
}

} // namespace Keyway::Cli
