#include "sandbox/httpexchange.h"

#include <QJsonDocument>

namespace Keyway {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return QByteArrayLiteral("OK");
    case 204: return QByteArrayLiteral("No Content");
    case 302: return QByteArrayLiteral("Found");
    case 400: return QByteArrayLiteral("Bad Request");
    case 401: return QByteArrayLiteral("Unauthorized");
    case 403: return QByteArrayLiteral("Forbidden");
    case 404: return QByteArrayLiteral("Not Found");
    case 405: return QByteArrayLiteral("Method Not Allowed");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 503: return QByteArrayLiteral("Service Unavailable");
    default: return QByteArrayLiteral("Status");
    }
}

} // namespace

QByteArray headerValue(const HttpHeaders &headers, QByteArrayView name)
{
    QByteArray value;
    for (const auto &[key, fieldValue] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) != 0)
            continue;
        if (!value.isEmpty())
            value += QByteArrayLiteral(", ");
        value += fieldValue;
    }
    return value;
}

HttpHeaders lowercaseHeaderCopy(const HttpHeaders &headers)
{
    HttpHeaders copy;
    copy.reserve(headers.size());
    for (const auto &[key, value] : headers)
        copy.append({key.toLower(), value});
    return copy;
}

QByteArray HttpRequest::header(QByteArrayView name) const
{
    return headerValue(headers, name);
}

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    for (const auto &header : headers) {
        if (QByteArrayView(header.first).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    return raw(status, QByteArrayLiteral("application/json"),
               QJsonDocument(object).toJson(QJsonDocument::Compact));
}

HttpResponse HttpResponse::raw(int status, const QByteArray &contentType, const QByteArray &body)
{
    HttpResponse response;
    response.status = status;
    response.body = body;
    response.headers.append({QByteArrayLiteral("Content-Type"), contentType});
    return response;
}

HttpResponse HttpResponse::error(int status, const QString &error, const QString &description)
{
    return json(status,
                QJsonObject {{QStringLiteral("error"), error},
                             {QStringLiteral("error_description"), description}});
}

HttpResponse HttpResponse::streamed(QByteArray head, std::function<QByteArray()> nextPiece,
                                    int pieceIntervalMs)
{
    HttpResponse response;
    response.delivery = Delivery::Streamed;
    response.body = std::move(head);
    response.nextPiece = std::move(nextPiece);
    response.pieceIntervalMs = pieceIntervalMs;
    return response;
}

HttpResponse &HttpResponse::addHeader(const QByteArray &name, const QByteArray &value)
{
    headers.append({name, value});
    return *this;
}

QByteArray HttpResponse::serialize(bool withBody, bool closeConnection) const
{
    QByteArray out;
    out.reserve(256 + (withBody ? body.size() : 0));
    out += QByteArrayLiteral("HTTP/1.1 ") + QByteArray::number(status) + ' ' + reasonPhrase(status)
        + QByteArrayLiteral("\r\n");
    for (const auto &[name, value] : headers)
        out += name + QByteArrayLiteral(": ") + value + QByteArrayLiteral("\r\n");
    out += QByteArrayLiteral("Content-Length: ") + QByteArray::number(body.size())
        + QByteArrayLiteral("\r\n");
    if (closeConnection)
        out += QByteArrayLiteral("Connection: close\r\n");
    out += QByteArrayLiteral("\r\n");
    if (withBody)
        out += body;
    return out;
}

} // namespace Keyway
