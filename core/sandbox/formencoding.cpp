#include "sandbox/formencoding.h"

#include "sandbox/tokenresponse.h"

#include <QUrl>

namespace Keyway {

QString formDecode(QByteArrayView encoded)
{
    QByteArray bytes = encoded.toByteArray();
    bytes.replace('+', ' ');
    return QUrl::fromPercentEncoding(bytes);
}

std::optional<QHash<QString, QString>> parseUniqueForm(QByteArrayView body)
{
    QHash<QString, QString> fields;
    qsizetype start = 0;
    while (start <= body.size()) {
        qsizetype end = body.indexOf('&', start);
        if (end < 0)
            end = body.size();
        const QByteArrayView pair = body.sliced(start, end - start);
        start = end + 1;
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        const QString name = formDecode(equals < 0 ? pair : pair.first(equals));
        const QString value = equals < 0 ? QString() : formDecode(pair.sliced(equals + 1));
        if (fields.contains(name))
            return std::nullopt;
        fields.insert(name, value);
    }
    return fields;
}

bool isFormBody(const HttpRequest &request)
{
    return request.header("content-type").toLower().startsWith("application/x-www-form-urlencoded");
}

FormBody readFormBody(const HttpRequest &request)
{
    FormBody body;
    if (!isFormBody(request)) {
        body.rejection =
            invalidRequest(QStringLiteral("The body must be application/x-www-form-urlencoded"));
    } else if (const auto fields = parseUniqueForm(request.body)) {
        body.fields = *fields;
    } else {
        body.rejection = invalidRequest(QStringLiteral("A parameter was sent more than once"));
    }
    return body;
}

} // namespace Keyway
