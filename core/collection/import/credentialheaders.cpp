#include "collection/import/credentialheaders.h"

#include "collection/import/secretlift.h"

namespace Keyway::ImportDetail {

namespace {

bool isCredentialHeader(const QString &name)
{
    static const QStringList names {QStringLiteral("cookie"), QStringLiteral("proxy-authorization"),
                                    QStringLiteral("x-api-key"), QStringLiteral("api-key"),
                                    QStringLiteral("x-auth-token"), QStringLiteral("x-access-token")};
    return names.contains(name.toLower());
}

// "X-Api-Key" -> "xApiKey"
QString variableNameOf(const QString &header)
{
    QString name;
    bool upper = false;
    for (const QChar c : header.toLower()) {
        if (c.isLetterOrNumber()) {
            name += upper ? c.toUpper() : c;
            upper = false;
        } else {
            upper = !name.isEmpty();
        }
    }
    return name;
}

// Basic credentials as base64 (RFC 7617), or as "user:password" / "user password" the way the
// VS Code REST Client lets people write them.
bool basicCredentials(const QString &credentials, QString *user, QString *password)
{
    QString decoded = credentials;
    const QByteArray raw = credentials.toLatin1();
    if (!credentials.contains(QLatin1Char(' ')) && !credentials.contains(QLatin1Char(':'))) {
        const auto base64 = QByteArray::fromBase64Encoding(raw, QByteArray::AbortOnBase64DecodingErrors);
        if (!base64)
            return false;
        decoded = QString::fromUtf8(*base64);
    }
    qsizetype split = decoded.indexOf(QLatin1Char(':'));
    if (split < 0)
        split = decoded.indexOf(QLatin1Char(' '));
    if (split < 0)
        return false;
    *user = decoded.left(split);
    *password = decoded.mid(split + 1);
    return true;
}

} // namespace

QString liftRequestSecret(const QString &value, const QString &variable, const QString &what,
                          RequestItem &request, ImportResult &result)
{
    return liftSecretReported(value, variable, what, request.variables, request.name, result.issues);
}

void moveCredentialsOutOfHeaders(RequestItem &request, ImportResult &result)
{
    KeyValueList headers;
    for (KeyValue header : std::as_const(request.headers)) {
        const bool authorization = header.name.compare(QLatin1String("authorization"), Qt::CaseInsensitive) == 0;
        if (authorization && header.enabled && request.auth.mode == RequestAuth::Mode::Inherit) {
            const QString scheme = header.value.section(QLatin1Char(' '), 0, 0).toLower();
            const QString credentials = header.value.section(QLatin1Char(' '), 1).trimmed();
            QString user;
            QString password;
            if (scheme == QLatin1String("bearer") && !credentials.isEmpty()) {
                request.auth.mode = RequestAuth::Mode::Bearer;
                request.auth.token = liftRequestSecret(credentials, QStringLiteral("token"),
                                                       QStringLiteral("bearer token"), request, result);
                continue;
            }
            if (scheme == QLatin1String("basic") && basicCredentials(credentials, &user, &password)) {
                request.auth.mode = RequestAuth::Mode::Basic;
                request.auth.username = user;
                request.auth.password = liftRequestSecret(password, QStringLiteral("password"),
                                                          QStringLiteral("Basic password"), request,
                                                          result);
                continue;
            }
        }
        if (authorization) {
            header.value = liftRequestSecret(header.value, QStringLiteral("authorization"),
                                             QStringLiteral("Authorization header"), request, result);
        } else if (isCredentialHeader(header.name)) {
            header.value = liftRequestSecret(header.value, variableNameOf(header.name),
                                             header.name + QStringLiteral(" header"), request, result);
        }
        headers.append(header);
    }
    request.headers = headers;
}

} // namespace Keyway::ImportDetail
