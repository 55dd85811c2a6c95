#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

class QTcpServer;
class QTcpSocket;

namespace Keyway {

class Clock;

// What came back through the browser.
struct LoopbackRedirect
{
    enum class Status {
        Code, // `code` holds the authorization code
        ServerError, // the authorization server redirected with `error` (RFC 6749 §4.1.2.1)
        StateMismatch, // not this sign-in's redirect: any code in it was discarded
        Malformed, // neither a code nor an error
        TimedOut,
        Cancelled,
    };
    Status status = Status::Cancelled;
    QString code;
    QString error;
    QString errorDescription;
    QString message; // for a person; never contains the code
};

// Receives the one authorization redirect of a native app (RFC 8252 §7.3) on
// http://127.0.0.1:PORT/PATH: listens on the IPv4 loopback address only, on a free port, answers
// the browser with a small page, then stops listening. Times out on the Clock.
class LoopbackReceiver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoopbackReceiver)
public:
    explicit LoopbackReceiver(Clock *clock, QObject *parent = nullptr);
    ~LoopbackReceiver() override;

    // Starts listening for a redirect to `path` that carries `expectedState`; false (with the
    // reason in *error) when no port could be had.
    bool listen(const QString &path, const QString &expectedState, qint64 timeoutMs,
                QString *error);
    // http://127.0.0.1:PORT/PATH; RFC 8252 §8.3 prefers the IP literal to "localhost", which a
    // resolver or firewall may send elsewhere. Stays valid after the listener closed.
    QUrl redirectUri() const { return m_redirectUri; }
    quint16 port() const { return quint16(m_redirectUri.port(0)); }
    bool isListening() const;
    // Stops listening without a result.
    void close();

Q_SIGNALS:
    // Exactly once per listen(), unless close() came first.
    void finished(const Keyway::LoopbackRedirect &redirect);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void handleRequest(QTcpSocket *socket, const QByteArray &head);
    LoopbackRedirect readRedirect(const QByteArray &query) const;
    void answerAndClose(QTcpSocket *socket, const QByteArray &answer);
    void finish(const LoopbackRedirect &redirect);
    void stopListening();

    Clock *m_clock;
    QTcpServer *m_server;
    QString m_path;
    QString m_state;
    QUrl m_redirectUri;
    std::unique_ptr<QObject> m_timeout;
    bool m_active = false;
};

} // namespace Keyway

Q_DECLARE_METATYPE(Keyway::LoopbackRedirect)
