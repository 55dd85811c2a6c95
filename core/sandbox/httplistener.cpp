#include "sandbox/httplistener.h"

#include "sandbox/methodsniffingserver.h"
#include "sandbox/streamedanswer.h"

#include <QHttpServerRequest>
#include <QMetaEnum>
#include <QSslServer>
#include <QTcpSocket>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace Keyway {

namespace {

// Enough for hundreds of clients connecting at once (benchmarks open 200+); Qt's default of
// 50 makes the kernel drop SYNs and the clients stall for a retransmit second.
constexpr int listenBacklog = 1024;

QByteArray methodName(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QByteArray sniffed = MethodSniffingServer::takeMethod(socket);
    if (!sniffed.isEmpty())
        return sniffed;
    const auto method = QMetaEnum::fromType<QHttpServerRequest::Method>();
    return QByteArray(method.valueToKey(int(request.method()))).toUpper();
}

void resetConnection(QTcpSocket *socket)
{
#ifdef Q_OS_UNIX
    // SO_LINGER with a zero timeout turns close() into a TCP RST, the way a crashed proxy or
    // a killed server looks to the client, instead of an orderly FIN.
    const linger abortive {1, 0};
    ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &abortive,
                 sizeof abortive);
#endif
    socket->abort();
}

void writeResponse(QTcpSocket *socket, const QByteArray &bytes, bool closeConnection)
{
    if (socket->state() != QAbstractSocket::ConnectedState)
        return;
    socket->write(bytes);
    if (closeConnection)
        socket->disconnectFromHost();
}

} // namespace

HttpListener::HttpListener(Handler handler, QObject *parent)
    : QAbstractHttpServer(parent), m_handler(std::move(handler))
{
}

bool HttpListener::start(quint16 port, const QSslConfiguration *tls, QString *error)
{
    QTcpServer *server = nullptr;
    if (tls) {
        // The method sniffer reads the request line off a plain socket; under TLS the request
        // line is encrypted there, so HTTPS keeps to the verbs QtHttpServer knows.
        auto *ssl = new QSslServer(this);
        ssl->setSslConfiguration(*tls);
        connect(ssl, &QSslServer::startedEncryptionHandshake, this,
                &HttpListener::tlsHandshakeStarted);
        server = ssl;
    } else {
        server = new MethodSniffingServer(this);
    }
    server->setListenBacklogSize(listenBacklog);
    server->setMaxPendingConnections(listenBacklog);
    if (!server->listen(QHostAddress::LocalHost, port)) {
        if (error)
            *error = QStringLiteral("cannot listen on 127.0.0.1:%1: %2")
                         .arg(port)
                         .arg(server->errorString());
        delete server;
        return false;
    }
    bind(server);
    m_server = server;
    return true;
}

quint16 HttpListener::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

bool HttpListener::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpRequest exchange;
    exchange.method = methodName(request, socket);
    exchange.path = request.url().path();
    exchange.query = request.query();
    exchange.headers = request.headers();
    exchange.body = request.body();

    const HttpResponse response = m_handler(exchange);
    const bool withBody = exchange.method != "HEAD";
    const bool closeConnection =
        exchange.header("connection").toLower().contains(QByteArrayLiteral("close"));

    // The response is written as one buffer rather than through QHttpServerResponder: in 6.4
    // the responder writes each header with its own socket write, serializes JSON twice, and
    // cannot be kept for a delayed answer without holding on to the request it references.
    switch (response.delivery) {
    case HttpResponse::Delivery::Now:
        writeResponse(socket, response.serialize(withBody, closeConnection), closeConnection);
        break;
    case HttpResponse::Delivery::Delayed: {
        // The socket is the timer's context: a client that gives up deletes the socket, and
        // the pending answer goes with it.
        QTimer::singleShot(response.delayMs, Qt::PreciseTimer, socket,
                           [socket, response, withBody, closeConnection] {
                               const HttpResponse answer =
                                   response.decideLater ? response.decideLater() : response;
                               writeResponse(socket, answer.serialize(withBody, closeConnection),
                                             closeConnection);
                           });
        break;
    }
    case HttpResponse::Delivery::Never:
        // Nothing to do: the socket is a child of the listening QTcpServer, so it stays open
        // until the client gives up or the sandbox is destroyed.
        break;
    case HttpResponse::Delivery::Streamed: StreamedAnswer::start(socket, response); break;
    case HttpResponse::Delivery::ResetConnection:
        // QAbstractHttpServer deletes the socket itself once handleRequest returns and finds
        // it unconnected.
        resetConnection(socket);
        break;
    }
    return true;
}

void HttpListener::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Unreachable: handleRequest answers everything. Kept well-defined for the base class.
    Q_UNUSED(request);
    writeResponse(socket,
                  HttpResponse::error(404, QStringLiteral("not_found"), QStringLiteral("No route"))
                      .serialize(true, false),
                  false);
}

} // namespace Keyway
