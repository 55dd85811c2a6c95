#pragma once

#include "sandbox/httpexchange.h"

#include <QAbstractHttpServer>
#include <QPointer>

#include <functional>

QT_BEGIN_NAMESPACE
class QSslConfiguration;
class QTcpServer;
QT_END_NAMESPACE

namespace Keyway {

// One loopback HTTP/1.1 listener that hands every request to a handler and carries out the
// handler's HttpResponse, including delayed answers, silence and connection resets.
class HttpListener final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpListener)

public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;

    explicit HttpListener(Handler handler, QObject *parent = nullptr);

    // On 127.0.0.1 only. With `tls`, HTTPS with that configuration (certificate, key, and
    // whether a client certificate is required).
    bool start(quint16 port, const QSslConfiguration *tls, QString *error);
    quint16 port() const;

Q_SIGNALS:
    // A client began a TLS handshake (HTTPS only), whether or not it succeeds: what a client
    // that retries a refused handshake is counted by.
    void tlsHandshakeStarted();

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Handler m_handler;
    QPointer<QTcpServer> m_server;
};

} // namespace Keyway
