#include "tokenfile.h"

#include "collection/boundedread.h"
#include "collection/jsontypename.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace Keyway::Cli {

namespace {

constexpr qint64 MaxTokenFileBytes = 1 << 20;

TokenFileResult failed(const QString &error)
{
    return TokenFileResult {std::nullopt, error};
}

} // namespace

TokenFileResult parseTokenDocument(const QByteArray &document, const QString &origin)
{
    const QString expected = QStringLiteral("; expected an RFC 6749 token response such as "
                                            "{\"access_token\": \"...\", \"token_type\": "
                                            "\"Bearer\", \"expires_in\": 3600, "
                                            "\"refresh_token\": \"...\"}");
    if (document.trimmed().isEmpty())
        return failed(origin + QStringLiteral(" is empty") + expected);

    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(document, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return failed(QStringLiteral("%1 is not valid JSON (%2 at byte %3)%4")
                          .arg(origin, parseError.errorString())
                          .arg(parseError.offset)
                          .arg(expected));
    }
    if (!json.isObject())
        return failed(origin + QStringLiteral(" holds a JSON array, not an object") + expected);

    const QJsonObject object = json.object();
    const QJsonValue access = object.value(QStringLiteral("access_token"));
    if (!access.isString() || access.toString().isEmpty()) {
        const QString found = object.isEmpty()
            ? QStringLiteral("it is an empty object")
            : QStringLiteral("its keys are: %1").arg(object.keys().join(QStringLiteral(", ")));
        return failed(QStringLiteral("%1 has no \"access_token\" string (found %2; %3)")
                          .arg(origin, jsonTypeName(access), found));
    }
    const QJsonValue refresh = object.value(QStringLiteral("refresh_token"));
    if (!refresh.isUndefined() && !refresh.isNull() && !refresh.isString())
        return failed(QStringLiteral("%1: \"refresh_token\" is %2, not a string")
                          .arg(origin, jsonTypeName(refresh)));
    const QJsonValue expiresIn = object.value(QStringLiteral("expires_in"));
    if (!expiresIn.isUndefined() && !expiresIn.isNull() && !expiresIn.isDouble()
        && !expiresIn.isString())
        return failed(QStringLiteral("%1: \"expires_in\" is %2, not a number of seconds")
                          .arg(origin, jsonTypeName(expiresIn)));

    // The core's checks (token type, expiry) on top; its message names no value either.
    QString error;
    auto response = TokenResponse::parse(document, &error);
    if (!response)
        return failed(origin + QStringLiteral(": ") + error);
    return TokenFileResult {std::move(response), {}};
}

TokenFileResult readTokenFile(const QString &path)
{
    QFile file;
    QString origin;
    if (path == QLatin1String("-")) {
        origin = QStringLiteral("the token response on standard input");
        if (!file.open(stdin, QIODevice::ReadOnly))
            return failed(QStringLiteral("cannot read standard input for --tokens -: %1")
                              .arg(file.errorString()));
    } else {
        origin = QStringLiteral("--tokens file '%1'").arg(path);
        file.setFileName(path);
        if (!file.open(QIODevice::ReadOnly))
            return failed(
                QStringLiteral("cannot read --tokens file '%1': %2").arg(path, file.errorString()));
    }
    const QByteArray document = readAtMost(file, MaxTokenFileBytes + 1);
    if (document.size() > MaxTokenFileBytes)
        return failed(QStringLiteral("%1 is larger than %2 bytes; it is not a token response")
                          .arg(origin)
                          .arg(MaxTokenFileBytes));
    return parseTokenDocument(document, origin);
}

} // namespace Keyway::Cli
