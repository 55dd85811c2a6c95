#pragma once

#include "http/tlssettings.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QSslError>
#include <QUrl>

class QTcpSocket;

namespace Keyway {

// Exactly one HTTP/1.1 request on its own connection, sent at most once.
//
// Why not QNetworkAccessManager: when a connection drops before the first byte of the answer,
// Qt 6.4's HTTP stack silently sends the request again, even a POST. For a refresh with a rotating
// refresh token that second copy presents a used token, and a server with reuse detection then
// revokes the whole login (RFC 9700 §4.14.2). A token request must reach the server once or not at
// all, and a lost answer must be reported as such, so it goes through this small client instead.
class OneShotHttp final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OneShotHttp)
public:
    enum class Failure {
        None,
        ConnectionRefused,
        HostNotFound,
        ClosedBeforeAnswer, // the request went out, the answer never came
        Tls,
        Oversize,
        Aborted,
        Protocol, // an answer that is not HTTP/1.x
        Other,
    };

    struct Result
    {
        Failure failure = Failure::None;
        QString errorString;
        bool requestSent = false;
        int status = 0;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        QByteArray header(const QByteArray &name) const;
    };

    OneShotHttp(QByteArray method, QUrl url, QList<QPair<QByteArray, QByteArray>> headers,
                QByteArray body, qint64 maxResponseBytes, QObject *parent = nullptr);
    ~OneShotHttp() override;

    // For an https:// URL: the CAs trusted, the client certificate, or no verification. Set
    // before start().
    void setTls(const TlsSettings &tls) { m_tls = tls; }
    void start();
    // Ends the exchange now with Failure::Aborted (or ClosedBeforeAnswer once the request is out).
    void abort(const QString &why);
    const Result &result() const { return m_result; }

Q_SIGNALS:
    void finished();

private:
    void sendRequest();
    void onReadyRead();
    void onDisconnected();
    void onSocketError();
    bool parseHead();
    bool bodyComplete();
    void finish(Failure failure, const QString &errorString = {});

    QByteArray m_method;
    QUrl m_url;
    QList<QPair<QByteArray, QByteArray>> m_requestHeaders;
    QByteArray m_requestBody;
    qint64 m_maxResponseBytes;
    TlsSettings m_tls;
    QList<QSslError> m_sslErrors; // what the last handshake complained about
    QString m_tlsAlert; // a fatal alert the server ended the connection with
    QPointer<QTcpSocket> m_socket;
    QByteArray m_buffer;
    bool m_headParsed = false;
    qint64 m_contentLength = -1;
    bool m_chunked = false;
    bool m_finished = false;
    Result m_result;
};

} // namespace Keyway
