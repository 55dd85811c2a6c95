#pragma once

#include <functional>

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace Keyway {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// One request as the sandbox routes see it, independent of the HTTP server underneath.
struct HttpRequest
{
    QByteArray method; // as sent on the request line, so custom verbs like PURGE survive
    QString path;
    QUrlQuery query;
    HttpHeaders headers;
    QByteArray body;

    // Case-insensitive (RFC 9110 5.1); repeated fields are joined with ", " (RFC 9110 5.3).
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
};

// What a route wants done with a request: an answer now or later, silence, or a reset.
struct HttpResponse
{
    enum class Delivery {
        Now,
        Delayed, // answer after delayMs
        Never, // keep the connection open and never answer
        ResetConnection, // drop the TCP connection without answering
        // `body` goes out as it is (the route writes the status line and headers itself: a
        // hostile answer's head may never end), then what `nextPiece` returns, call after call,
        // until it returns nothing; then the connection closes.
        Streamed,
    };

    int status = 200;
    HttpHeaders headers;
    QByteArray body;
    Delivery delivery = Delivery::Now;
    int delayMs = 0;
    // For Delayed: decides the answer when the delay ends (a server that checks the token only
    // when it gets round to the request). Empty: the answer above is sent as it is.
    std::function<HttpResponse()> decideLater;
    // For Streamed: the next bytes to send; empty when there are no more.
    std::function<QByteArray()> nextPiece;
    // For Streamed: 0 sends each piece as soon as the client has taken most of the earlier
    // ones (the server never holds more than a few); otherwise one piece per interval.
    int pieceIntervalMs = 0;

    static HttpResponse json(int status, const QJsonObject &object);
    static HttpResponse raw(int status, const QByteArray &contentType, const QByteArray &body);
    // RFC 6749 5.2 / RFC 6750 3.1 error body: {"error", "error_description"}.
    static HttpResponse error(int status, const QString &error, const QString &description);
    static HttpResponse streamed(QByteArray head, std::function<QByteArray()> nextPiece,
                                 int pieceIntervalMs);

    HttpResponse &addHeader(const QByteArray &name, const QByteArray &value);

    // The bytes on the wire; HEAD answers carry the headers of the body they leave out.
    QByteArray serialize(bool withBody, bool closeConnection) const;
};

HttpHeaders lowercaseHeaderCopy(const HttpHeaders &headers);
QByteArray headerValue(const HttpHeaders &headers, QByteArrayView name);

} // namespace Keyway
