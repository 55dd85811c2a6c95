#include "auth/oneshothttp.h"

#include "http/endpoint.h"
#include "http/tlssetup.h"

#include <QSslSocket>
#include <QTcpSocket>

namespace Keyway {

namespace {

// Decodes a complete chunked body (RFC 9112 §7.1); false while the last chunk has not arrived.
bool decodeChunked(const QByteArray &raw, QByteArray *body)
{
    QByteArray decoded;
    qsizetype pos = 0;
    for (;;) {
        const qsizetype lineEnd = raw.indexOf("\r\n", pos);
        if (lineEnd < 0)
            return false;
        QByteArray sizeField = raw.mid(pos, lineEnd - pos);
        if (const qsizetype semicolon = sizeField.indexOf(';'); semicolon >= 0)
            sizeField.truncate(semicolon); // chunk extensions are ignored
        bool ok = false;
        const qint64 size = sizeField.trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0)
            return false;
        pos = lineEnd + 2;
        if (size == 0) {
            *body = decoded;
            return true; // trailers, if any, are not needed
        }
        if (raw.size() < pos + size + 2)
            return false;
        decoded += raw.mid(pos, size);
        pos += size + 2;
    }
}

} // namespace

QByteArray OneShotHttp::Result::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

OneShotHttp::OneShotHttp(QByteArray method, QUrl url, QList<QPair<QByteArray, QByteArray>> headers,
                         QByteArray body, qint64 maxResponseBytes, QObject *parent)
    : QObject(parent),
      m_method(std::move(method)),
      m_url(std::move(url)),
      m_requestHeaders(std::move(headers)),
      m_requestBody(std::move(body)),
      m_maxResponseBytes(maxResponseBytes)
{
}

OneShotHttp::~OneShotHttp()
{
    if (m_socket)
        m_socket->abort();
}

void OneShotHttp::start()
{
    const bool tls = m_url.scheme() == QLatin1String("https");
    if (!tls && m_url.scheme() != QLatin1String("http")) {
        finish(
            Failure::Other,
            QStringLiteral("'%1' is not an http:// or https:// URL").arg(m_url.toDisplayString()));
        return;
    }
    std::optional<QSslConfiguration> sslConfiguration;
    if (tls) {
        TlsSetup setup = TlsSetup::from(m_tls);
        if (!setup.error.isEmpty()) {
            finish(Failure::Tls, setup.error);
            return;
        }
        sslConfiguration = std::move(setup.configuration);
    }
    QTcpSocket *socket = tls ? new QSslSocket(this) : new QTcpSocket(this);
    m_socket = socket;
    connect(socket, &QTcpSocket::readyRead, this, &OneShotHttp::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &OneShotHttp::onDisconnected);
    connect(socket, &QTcpSocket::errorOccurred, this, &OneShotHttp::onSocketError);
    connect(socket, &QTcpSocket::bytesWritten, this, [this] { m_result.requestSent = true; });
    const quint16 port = portOf(m_url);
    if (auto *ssl = qobject_cast<QSslSocket *>(socket)) {
        if (sslConfiguration)
            ssl->setSslConfiguration(*sslConfiguration);
        connect(ssl, &QSslSocket::sslErrors, this,
                [this](const QList<QSslError> &errors) { m_sslErrors = errors; });
        connect(ssl, &QSslSocket::alertReceived, this,
                [this](QSsl::AlertLevel level, QSsl::AlertType, const QString &description) {
                    if (level == QSsl::AlertLevel::Fatal)
                        m_tlsAlert = description;
                });
        connect(ssl, &QSslSocket::encrypted, this, &OneShotHttp::sendRequest);
        ssl->connectToHostEncrypted(m_url.host(), port);
    } else {
        connect(socket, &QTcpSocket::connected, this, &OneShotHttp::sendRequest);
        socket->connectToHost(m_url.host(), port);
    }
}

void OneShotHttp::sendRequest()
{
    const bool defaultPort = m_url.port() < 0;
    QByteArray head = m_method + ' '
        + m_url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    if (m_url.path().isEmpty())
        head.insert(m_method.size() + 1, '/');
    head += " HTTP/1.1\r\nHost: " + m_url.host(QUrl::FullyEncoded).toLatin1();
    if (!defaultPort)
        head += ':' + QByteArray::number(m_url.port());
    head += "\r\nConnection: close\r\nContent-Length: " + QByteArray::number(m_requestBody.size())
        + "\r\n";
    for (const auto &[name, value] : m_requestHeaders)
        head += name + ": " + value + "\r\n";
    head += "\r\n";
    m_socket->write(head + m_requestBody);
}

void OneShotHttp::onReadyRead()
{
    m_result.requestSent = true; // an answer means the request arrived
    m_buffer += m_socket->readAll();
    if (m_buffer.size() > m_maxResponseBytes + 64 * 1024) {
        finish(Failure::Oversize,
               QStringLiteral("the answer is larger than %1 bytes").arg(m_maxResponseBytes));
        return;
    }
    if (!m_headParsed && !parseHead())
        return;
    if (m_headParsed && bodyComplete())
        finish(Failure::None);
}

bool OneShotHttp::parseHead()
{
    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QList<QByteArray> lines = m_buffer.left(end).split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    bool ok = false;
    m_result.status = statusLine.value(1).toInt(&ok);
    if (!statusLine.value(0).startsWith("HTTP/1.") || !ok) {
        finish(Failure::Protocol, QStringLiteral("the answer is not HTTP/1.x"));
        return false;
    }
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        m_result.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    m_buffer.remove(0, end + 4);
    m_headParsed = true;
    m_chunked = m_result.header("Transfer-Encoding").toLower().contains("chunked");
    const QByteArray length = m_result.header("Content-Length");
    if (!m_chunked && !length.isEmpty())
        m_contentLength = length.toLongLong();
    if (m_contentLength > m_maxResponseBytes) {
        finish(Failure::Oversize,
               QStringLiteral("the answer is larger than %1 bytes").arg(m_maxResponseBytes));
        return false;
    }
    return true;
}

bool OneShotHttp::bodyComplete()
{
    // RFC 9110 §6.4.1: these answers never have a body.
    if (m_method == "HEAD" || m_result.status == 204 || m_result.status == 304
        || (m_result.status >= 100 && m_result.status < 200)) {
        return true;
    }
    if (m_chunked)
        return decodeChunked(m_buffer, &m_result.body);
    if (m_contentLength >= 0 && m_buffer.size() >= m_contentLength) {
        m_result.body = m_buffer.left(m_contentLength);
        return true;
    }
    return false; // delimited by the connection's close
}

void OneShotHttp::onDisconnected()
{
    if (m_finished)
        return;
    if (m_socket && m_socket->bytesAvailable())
        onReadyRead();
    if (m_finished)
        return;
    if (m_headParsed && !m_chunked && m_contentLength < 0) {
        m_result.body = m_buffer;
        finish(Failure::None);
        return;
    }
    if (!m_tlsAlert.isEmpty() && !m_headParsed && m_buffer.isEmpty()) {
        // With TLS 1.3 the client finishes its side of the handshake and writes the request
        // before the server has checked the client's certificate; a server that wants one then
        // ends the handshake with a fatal alert and closes. Its TLS layer refused the
        // connection, so the request never reached the server and nothing can have been issued:
        // a failure, not an unknown outcome.
        m_result.requestSent = false;
        finish(
            Failure::Tls,
            describeTlsFailure(endpointOf(m_url), m_sslErrors,
                               QStringLiteral("the server sent the alert '%1'").arg(m_tlsAlert)));
        return;
    }
    finish(Failure::ClosedBeforeAnswer,
           QStringLiteral("the connection closed before the whole answer arrived"));
}

void OneShotHttp::onSocketError()
{
    if (m_finished || !m_socket)
        return;
    switch (m_socket->error()) {
    case QAbstractSocket::ConnectionRefusedError:
        finish(Failure::ConnectionRefused, m_socket->errorString());
        return;
    case QAbstractSocket::HostNotFoundError:
        finish(Failure::HostNotFound, m_socket->errorString());
        return;
    case QAbstractSocket::RemoteHostClosedError: onDisconnected(); return;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        finish(Failure::Tls,
               describeTlsFailure(endpointOf(m_url), m_sslErrors, m_socket->errorString()));
        return;
    default:
        finish(m_result.requestSent ? Failure::ClosedBeforeAnswer : Failure::Other,
               m_socket->errorString());
        return;
    }
}

void OneShotHttp::abort(const QString &why)
{
    finish(Failure::Aborted, why);
}

void OneShotHttp::finish(Failure failure, const QString &errorString)
{
    if (m_finished)
        return;
    m_finished = true;
    m_result.failure = failure;
    m_result.errorString = errorString;
    if (failure != Failure::None) {
        m_result.body.clear();
        if (failure != Failure::Protocol)
            m_result.status = failure == Failure::Oversize ? m_result.status : 0;
    }
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    Q_EMIT finished();
}

} // namespace Keyway
