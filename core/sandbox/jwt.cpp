#include "sandbox/jwt.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>

namespace Keyway {

namespace {

QByteArray base64Url(const QByteArray &bytes)
{
    // RFC 7515 2: base64url with all trailing '=' omitted.
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

QString signJwtHs256(const QJsonObject &claims, const QByteArray &key)
{
    // QJsonDocument writes keys sorted, so the header is always exactly
    // {"alg":"HS256","typ":"JWT"}.
    const QJsonObject header {{QStringLiteral("alg"), QStringLiteral("HS256")},
                              {QStringLiteral("typ"), QStringLiteral("JWT")}};
    const QByteArray signingInput = base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact))
        + '.' + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const QByteArray signature =
        QMessageAuthenticationCode::hash(signingInput, key, QCryptographicHash::Sha256);
    return QString::fromLatin1(signingInput + '.' + base64Url(signature));
}

} // namespace Keyway
