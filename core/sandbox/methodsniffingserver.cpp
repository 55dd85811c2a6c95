#include "sandbox/methodsniffingserver.h"

#include <QTcpSocket>

namespace Keyway {

namespace {

constexpr char methodProperty[] = "keyway.sandbox.method";

} // namespace

MethodSniffingServer::MethodSniffingServer(QObject *parent) : QTcpServer(parent) { }

QByteArray MethodSniffingServer::takeMethod(QTcpSocket *socket)
{
    const QByteArray method = socket->property(methodProperty).toByteArray();
    socket->setProperty(methodProperty, QVariant());
    return method;
}

void MethodSniffingServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    // Connected before QAbstractHttpServer connects its own readyRead handler (that happens in
    // addPendingConnection), so this runs first and can still peek at the request line.
    connect(socket, &QTcpSocket::readyRead, socket, [socket] { sniff(socket); });
    addPendingConnection(socket);
}

void MethodSniffingServer::sniff(QTcpSocket *socket)
{
    // QtHttpServer keeps a read transaction open while a request is incomplete: then the
    // request line has already gone by and the method was recorded on an earlier readyRead.
    if (socket->isTransactionStarted() || socket->property(methodProperty).isValid())
        return;
    char buffer[64];
    const qint64 peeked = socket->peek(buffer, sizeof buffer);
    if (peeked <= 0)
        return;
    QByteArrayView line(buffer, peeked);
    // Qt skips whitespace left over from the previous request on a kept-alive connection.
    qsizetype start = 0;
    while (start < line.size() && QByteArrayView(" \t\r\n\v").contains(line.at(start)))
        ++start;
    const qsizetype space = line.indexOf(' ', start);
    if (space > start)
        socket->setProperty(methodProperty, line.sliced(start, space - start).toByteArray());
}

} // namespace Keyway
