#include "auth/signin/loopbackreceiver.h"

#include "auth/clock.h"
#include "auth/signin/clientauthentication.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

namespace Keyway {

namespace {

constexpr qsizetype MaxRequestHeadBytes = 16 * 1024;
// Browsers open speculative connections; a few are normal, hundreds are not.
constexpr int MaxConnections = 32;

QByteArray htmlPage(const QString &title, const QString &text)
{
    const QString page = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head>"
                                        "<meta charset=\"utf-8\"><title>%1</title></head>"
                                        "<body style=\"font-family: sans-serif; margin: 3em\">"
                                        "<h1>%1</h1><p>%2</p></body></html>\n")
                             .arg(title.toHtmlEscaped(), text.toHtmlEscaped());
    return page.toUtf8();
}

QByteArray httpAnswer(int status, const QByteArray &reason, const QByteArray &html)
{
    // The page must not be cached (it answers a one-time URL) and must not leak the code in a
    // Referer should the person follow a link from it.
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
        + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
        + QByteArray::number(html.size())
        + "\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\n"
          "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n"
          "Connection: close\r\n\r\n"
        + html;
}

} // namespace

// Answers and lets the socket go: it outlives the receiver until the page is on its way, so
// that the browser always sees an answer.
void LoopbackReceiver::answerAndClose(QTcpSocket *socket, const QByteArray &answer)
{
    socket->disconnect(this);
    socket->setParent(nullptr);
    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    socket->write(answer);
    socket->flush();
    socket->disconnectFromHost();
    if (socket->state() == QAbstractSocket::UnconnectedState)
        socket->deleteLater();
}

LoopbackReceiver::LoopbackReceiver(Clock *clock, QObject *parent)
    : QObject(parent), m_clock(clock), m_server(new QTcpServer(this))
{
    m_server->setMaxPendingConnections(MaxConnections);
    connect(m_server, &QTcpServer::newConnection, this, &LoopbackReceiver::onNewConnection);
}

LoopbackReceiver::~LoopbackReceiver() = default;

bool LoopbackReceiver::listen(const QString &path, const QString &expectedState, qint64 timeoutMs,
                              QString *error)
{
    close();
    // RFC 8252 §8.3: the loopback interface only, never every interface, so that nothing on the
    // network can deliver (or steal) the redirect. IPv4, because the redirect URI says 127.0.0.1.
    if (!m_server->listen(QHostAddress::LocalHost, 0)) {
        *error = QStringLiteral("cannot listen on 127.0.0.1 for the browser's redirect (%1)")
                     .arg(m_server->errorString());
        return false;
    }
    m_path = path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path;
    m_state = expectedState;
    m_redirectUri = QUrl();
    m_redirectUri.setScheme(QStringLiteral("http"));
    m_redirectUri.setHost(QStringLiteral("127.0.0.1"));
    m_redirectUri.setPort(m_server->serverPort());
    m_redirectUri.setPath(m_path);
    m_active = true;
    m_timeout = m_clock->schedule(timeoutMs, this, [this, timeoutMs] {
        m_timeout.release()->deleteLater(); // not destroyed from inside its own callback
        LoopbackRedirect redirect;
        redirect.status = LoopbackRedirect::Status::TimedOut;
        redirect.message = QStringLiteral("the browser did not come back within %1 s; sign in "
                                          "again")
                               .arg(timeoutMs / 1000);
        finish(redirect);
    });
    return true;
}

bool LoopbackReceiver::isListening() const
{
    return m_server->isListening();
}

void LoopbackReceiver::close()
{
    m_active = false;
    stopListening();
}

void LoopbackReceiver::stopListening()
{
    m_timeout.reset();
    m_server->close();
    // Connections that never sent their request (speculative ones) go with the listener.
    const QList<QTcpSocket *> sockets = findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets) {
        socket->abort();
        socket->deleteLater();
    }
}

void LoopbackReceiver::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (!m_active || findChildren<QTcpSocket *>().size() > MaxConnections) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void LoopbackReceiver::onReadyRead(QTcpSocket *socket)
{
    if (!m_active)
        return;
    // The request head accumulates in the socket's own buffer until it is complete.
    const QByteArray pending = socket->peek(MaxRequestHeadBytes + 1);
    const qsizetype end = pending.indexOf("\r\n\r\n");
    if (end < 0) {
        if (pending.size() > MaxRequestHeadBytes)
            answerAndClose(socket,
                           httpAnswer(431, "Request Header Fields Too Large",
                                      htmlPage(QStringLiteral("Keyway"),
                                               QStringLiteral("The request is too large."))));
        return;
    }
    const QByteArray head = socket->read(end + 4);
    handleRequest(socket, head);
}

void LoopbackReceiver::handleRequest(QTcpSocket *socket, const QByteArray &head)
{
    const QList<QByteArray> requestLine = head.left(head.indexOf("\r\n")).split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.")) {
        answerAndClose(socket,
                       httpAnswer(400, "Bad Request",
                                  htmlPage(QStringLiteral("Keyway"),
                                           QStringLiteral("This is not an HTTP "
                                                          "request."))));
        return;
    }
    const QByteArray &target = requestLine[1];
    const qsizetype question = target.indexOf('?');
    const QString path =
        QUrl::fromPercentEncoding(target.left(question < 0 ? target.size() : question));
    if (path != m_path) {
        // A favicon, or a stray request: not the redirect, so keep waiting for it.
        answerAndClose(
            socket,
            httpAnswer(404, "Not Found",
                       htmlPage(QStringLiteral("Keyway"), QStringLiteral("Nothing here."))));
        return;
    }
    if (requestLine[0] != "GET") {
        answerAndClose(socket,
                       httpAnswer(405, "Method Not Allowed",
                                  htmlPage(QStringLiteral("Keyway"),
                                           QStringLiteral("The sign-in redirect is a "
                                                          "GET request."))));
        return;
    }
    const LoopbackRedirect redirect =
        readRedirect(question < 0 ? QByteArray() : target.mid(question + 1));
    if (redirect.status == LoopbackRedirect::Status::Code) {
        answerAndClose(socket,
                       httpAnswer(200, "OK",
                                  htmlPage(QStringLiteral("Signed in to Keyway"),
                                           QStringLiteral("Signed in to Keyway — you can close "
                                                          "this tab."))));
    } else {
        answerAndClose(
            socket,
            httpAnswer(400, "Bad Request",
                       htmlPage(QStringLiteral("Keyway sign-in failed"),
                                redirect.message + QStringLiteral(". You can close this tab."))));
    }
    finish(redirect);
}

LoopbackRedirect LoopbackReceiver::readRedirect(const QByteArray &query) const
{
    QStringList codes, states, errors, descriptions;
    const auto items = decodeForm(query);
    for (const auto &[name, value] : items) {
        if (name == QLatin1String("code"))
            codes.append(value);
        else if (name == QLatin1String("state"))
            states.append(value);
        else if (name == QLatin1String("error"))
            errors.append(value);
        else if (name == QLatin1String("error_description"))
            descriptions.append(value);
    }
    LoopbackRedirect redirect;
    // The state is checked first, for errors too: a redirect this sign-in did not ask for says
    // nothing about it (RFC 6749 §10.12), and its code must never be exchanged.
    if (states.size() != 1 || states.first() != m_state) {
        redirect.status = LoopbackRedirect::Status::StateMismatch;
        redirect.message = states.isEmpty()
            ? QStringLiteral("the redirect carried no state, so it cannot belong to this "
                             "sign-in; its code was discarded")
            : QStringLiteral("the redirect's state does not match this sign-in's (a redirect "
                             "from another sign-in, or forged); its code was discarded");
        return redirect;
    }
    // RFC 6749 §3.1: parameters must not appear more than once.
    if (codes.size() > 1 || errors.size() > 1 || descriptions.size() > 1) {
        redirect.status = LoopbackRedirect::Status::Malformed;
        redirect.message = QStringLiteral("the redirect repeats a parameter; its code was "
                                          "discarded");
        return redirect;
    }
    if (!errors.isEmpty()) {
        redirect.status = LoopbackRedirect::Status::ServerError;
        redirect.error = errors.first();
        redirect.errorDescription = descriptions.value(0);
        redirect.message = redirect.errorDescription.isEmpty()
            ? QStringLiteral("the authorization server refused: %1").arg(redirect.error)
            : QStringLiteral("the authorization server refused: %1: %2")
                  .arg(redirect.error, redirect.errorDescription);
        return redirect;
    }
    if (codes.isEmpty() || codes.first().isEmpty()) {
        redirect.status = LoopbackRedirect::Status::Malformed;
        redirect.message = QStringLiteral("the redirect carried neither a code nor an error");
        return redirect;
    }
    redirect.status = LoopbackRedirect::Status::Code;
    redirect.code = codes.first();
    return redirect;
}

void LoopbackReceiver::finish(const LoopbackRedirect &redirect)
{
    if (!m_active)
        return;
    m_active = false;
    stopListening();
    Q_EMIT finished(redirect);
}

} // namespace Keyway
