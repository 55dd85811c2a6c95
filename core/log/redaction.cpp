#include "log/redaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace Keyway {

static bool isSecretName(const QString &name)
{
    static const QStringList markers {QStringLiteral("token"),    QStringLiteral("secret"),
                                      QStringLiteral("password"), QStringLiteral("key"),
                                      QStringLiteral("code"),     QStringLiteral("signature"),
                                      QStringLiteral("sig"),      QStringLiteral("assertion")};
    const QString lower = name.toLower();
    for (const QString &marker : markers) {
        if (lower.contains(marker))
            return true;
    }
    return false;
}

QString redactedUrl(const QUrl &url)
{
    if (!url.hasQuery() && url.userInfo().isEmpty())
        return url.toDisplayString(); // nothing to hide: the common case, kept cheap
    QUrl shown = url.adjusted(QUrl::RemoveUserInfo);
    if (shown.hasQuery()) {
        QUrlQuery query(shown);
        const auto items = query.queryItems(QUrl::FullyEncoded);
        QUrlQuery redacted;
        for (const auto &[name, value] : items)
            redacted.addQueryItem(name, isSecretName(name) ? QStringLiteral("***") : value);
        shown.setQuery(redacted);
    }
    return shown.toDisplayString();
}

bool isSecretHeader(const QByteArray &name)
{
    const QByteArray lower = name.toLower();
    return lower == "authorization" || lower == "proxy-authorization" || lower == "cookie"
        || lower == "set-cookie" || isSecretName(QString::fromLatin1(lower));
}

QByteArray redactedHeaderValue(const QByteArray &name, const QByteArray &value)
{
    if (!isSecretHeader(name))
        return value;
    const qsizetype space = value.indexOf(' ');
    const QByteArray lower = name.toLower();
    if (space > 0 && (lower == "authorization" || lower == "proxy-authorization"))
        return value.left(space) + " ***";
    return QByteArrayLiteral("***");
}

static QJsonValue redactedJson(const QJsonValue &value)
{
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array[i] = redactedJson(array.at(i));
        return array;
    }
    if (!value.isObject())
        return value;
    QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QJsonValue inner = it.value();
        if (isSecretName(it.key()) && (inner.isString() || inner.isDouble()))
            it.value() = QStringLiteral("***");
        else if (inner.isObject() || inner.isArray())
            it.value() = redactedJson(inner);
    }
    return object;
}

QByteArray redactedBody(const QByteArray &body, const QByteArray &contentType)
{
    if (body.isEmpty())
        return body;
    const QByteArray type = contentType.toLower();
    const QByteArray start = body.left(16).trimmed();
    if (type.contains("json") || start.startsWith('{') || start.startsWith('[')) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(body, &error);
        if (error.error != QJsonParseError::NoError)
            return body;
        const QJsonValue redacted = redactedJson(
            document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()));
        const QJsonDocument out = redacted.isArray() ? QJsonDocument(redacted.toArray())
                                                     : QJsonDocument(redacted.toObject());
        return out.toJson(QJsonDocument::Indented);
    }
    if (type.contains("x-www-form-urlencoded")) {
        QUrlQuery query(QString::fromUtf8(body));
        QUrlQuery redacted;
        const auto items = query.queryItems(QUrl::FullyEncoded);
        for (const auto &[name, value] : items)
            redacted.addQueryItem(name,
                                  isSecretName(QUrl::fromPercentEncoding(name.toUtf8()))
                                      ? QStringLiteral("***")
                                      : value);
        return redacted.toString(QUrl::FullyEncoded).toUtf8();
    }
    return body;
}

} // namespace Keyway
