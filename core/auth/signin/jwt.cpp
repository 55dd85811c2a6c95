#include "auth/signin/jwt.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace Keyway {

namespace {

// RFC 7515 §2: base64url without padding. Padding is tolerated; any other character is not.
std::optional<QByteArray> base64UrlDecode(const QString &segment)
{
    if (segment.isEmpty())
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(
        segment.toLatin1(),
        QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return decoded.decoded;
}

std::optional<QJsonObject> jsonObject(const QString &segment)
{
    const auto bytes = base64UrlDecode(segment);
    if (!bytes)
        return std::nullopt;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(*bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

} // namespace

std::optional<DecodedJwt> DecodedJwt::decode(const QString &token, QString *error)
{
    const QStringList parts = token.trimmed().split(QLatin1Char('.'));
    if (parts.size() == 5) {
        *error = QStringLiteral("not a JWT that can be shown: it is encrypted (JWE), and only its "
                                "audience can read the claims");
        return std::nullopt;
    }
    if (parts.size() != 3) {
        *error = QStringLiteral("not a JWT: an opaque token, which only the server that issued "
                                "it can read");
        return std::nullopt;
    }
    const auto header = jsonObject(parts[0]);
    if (!header || !header->contains(QStringLiteral("alg"))) {
        *error = QStringLiteral("not a JWT: the first part is not a base64url JSON header with "
                                "\"alg\"");
        return std::nullopt;
    }
    const auto claims = jsonObject(parts[1]);
    if (!claims) {
        *error = QStringLiteral("not a JWT: the second part is not base64url JSON claims");
        return std::nullopt;
    }
    DecodedJwt jwt;
    jwt.header = *header;
    jwt.claims = *claims;
    return jwt;
}

QJsonObject DecodedJwt::toDisplayJson() const
{
    return QJsonObject {
        {QStringLiteral("header"), header},
        {QStringLiteral("claims"), claims},
        {QStringLiteral("signature_verified"), signatureVerified},
    };
}

} // namespace Keyway
