#pragma once

#include <QByteArray>
#include <QTcpServer>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace Keyway {

// A QTcpServer that remembers the request-line method of each request before QtHttpServer
// parses it: Qt 6.4's QHttpServerRequest reports every verb it does not know (PURGE, ...) as
// Method::Unknown, and the echo route must report the verb the client actually sent.
class MethodSniffingServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MethodSniffingServer)

public:
    explicit MethodSniffingServer(QObject *parent = nullptr);

    // The method of the request QtHttpServer is handing over now; empty if it was not seen.
    static QByteArray takeMethod(QTcpSocket *socket);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    static void sniff(QTcpSocket *socket);
};

} // namespace Keyway
