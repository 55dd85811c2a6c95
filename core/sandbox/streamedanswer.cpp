#include "sandbox/streamedanswer.h"

#include "sandbox/httpexchange.h"

#include <QTcpSocket>
#include <QTimer>

namespace Keyway {

namespace {

// What may wait in the socket's write buffer before the next piece is made.
constexpr qint64 MaxQueuedBytes = 256 * 1024;

} // namespace

StreamedAnswer::StreamedAnswer(QTcpSocket *socket, std::function<QByteArray()> nextPiece)
    : QObject(socket), m_socket(socket), m_nextPiece(std::move(nextPiece))
{
}

void StreamedAnswer::start(QTcpSocket *socket, const HttpResponse &response)
{
    if (socket->state() != QAbstractSocket::ConnectedState)
        return;
    auto *answer = new StreamedAnswer(socket, response.nextPiece);
    socket->write(response.body);
    if (response.pieceIntervalMs > 0) {
        auto *timer = new QTimer(answer);
        connect(timer, &QTimer::timeout, answer, &StreamedAnswer::writeOne);
        timer->start(response.pieceIntervalMs);
        return;
    }
    connect(socket, &QTcpSocket::bytesWritten, answer, &StreamedAnswer::fill);
    answer->fill();
}

void StreamedAnswer::fill()
{
    while (!m_done && m_socket->bytesToWrite() < MaxQueuedBytes)
        writeOne();
}

void StreamedAnswer::writeOne()
{
    if (m_done)
        return;
    // A client that went away takes no more: without this the loop above never ends.
    const QByteArray piece =
        m_socket->state() == QAbstractSocket::ConnectedState ? m_nextPiece() : QByteArray();
    if (piece.isEmpty() || m_socket->write(piece) != piece.size())
        finish();
}

void StreamedAnswer::finish()
{
    if (m_done)
        return;
    m_done = true;
    // Closes once the queued bytes are out (at once when the client has gone).
    m_socket->disconnectFromHost();
    deleteLater();
}

} // namespace Keyway
