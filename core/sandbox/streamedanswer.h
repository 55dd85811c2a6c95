#pragma once

#include <QObject>

#include <functional>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace Keyway {

struct HttpResponse;

// Carries out a Streamed answer on one connection: its first bytes, then piece after piece, either
// as fast as the client reads them (never more than a few pieces waiting in the socket, so a 2 GB
// answer costs the server no memory) or one piece per interval (a trickle). Lives as the
// socket's child: it stops when the client goes.
class StreamedAnswer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamedAnswer)
public:
    static void start(QTcpSocket *socket, const HttpResponse &response);

private:
    StreamedAnswer(QTcpSocket *socket, std::function<QByteArray()> nextPiece);
    void fill(); // as fast as the client reads
    void writeOne(); // one piece, for a paced answer
    void finish();

    QTcpSocket *m_socket;
    std::function<QByteArray()> m_nextPiece;
    bool m_done = false;
};

} // namespace Keyway
