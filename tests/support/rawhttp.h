#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPair>
#include <QSignalSpy>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

// Header-only: the sandbox's own tests link the sandbox and Qt Network alone.
namespace Keyway::Test {

// HTTP to the sandbox as a client or a browser sends it, every byte chosen by the test, for the
// tests of the sandbox itself.
using RawHeaders = QList<QPair<QByteArray, QByteArray>>;
using Fields = QList<QPair<QString, QString>>;

// What came back for one request, read out before the reply is released.
struct Answer
{
    bool finished = false;
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    int status = 0;
    QByteArray body;
    RawHeaders headers;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString error() const { return json().value(QStringLiteral("error")).toString(); }
    QString field(const char *name) const
    {
        return json().value(QString::fromLatin1(name)).toString();
    }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    QUrl location() const { return QUrl::fromEncoded(header("Location")); }
    // A parameter of the authorization response carried in the Location's query.
    QString redirectParameter(const char *name) const
    {
        return QUrlQuery(location()).queryItemValue(QString::fromLatin1(name), QUrl::FullyDecoded);
    }
    bool redirectHas(const char *name) const
    {
        return QUrlQuery(location()).hasQueryItem(QString::fromLatin1(name));
    }
};

// application/x-www-form-urlencoded with everything but unreserved characters escaped.
inline QByteArray formEncode(const Fields &fields)
{
    QByteArray encoded;
    for (const auto &[name, value] : fields) {
        if (!encoded.isEmpty())
            encoded += '&';
        encoded += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return encoded;
}

inline QByteArray basicAuth(const QString &id, const QString &secret)
{
    // RFC 6749 2.3.1: form-urlencode id and secret, then Basic (RFC 7617).
    const auto encode = [](const QString &text) {
        return QUrl::toPercentEncoding(text, QByteArrayLiteral("*-._~"));
    };
    return QByteArrayLiteral("Basic ") + (encode(id) + ':' + encode(secret)).toBase64();
}

inline QByteArray bearer(const QString &token)
{
    return QByteArrayLiteral("Bearer ") + token.toLatin1();
}

// Sent, not waited for. Redirects are answers under test: read, never followed.
inline QNetworkReply *sendRaw(QNetworkAccessManager &network, const QByteArray &verb,
                              const QUrl &url, const QByteArray &body = {},
                              const RawHeaders &headers = {})
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return network.sendCustomRequest(request, verb, body);
}

// Waits for `reply` (up to `timeoutMs`), reads it out and releases it.
inline Answer await(QNetworkReply *reply, int timeoutMs = 20000)
{
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(timeoutMs);
    Answer answer;
    answer.finished = reply->isFinished();
    answer.networkError = reply->error();
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return answer;
}

} // namespace Keyway::Test
