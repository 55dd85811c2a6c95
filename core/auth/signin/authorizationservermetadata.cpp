#include "auth/signin/authorizationservermetadata.h"

#include "auth/profile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace Keyway {

namespace {

QStringList stringList(const QJsonObject &json, const QString &key)
{
    QStringList values;
    const QJsonArray array = json.value(key).toArray();
    for (const QJsonValue &value : array) {
        if (value.isString())
            values.append(value.toString());
    }
    return values;
}

// An endpoint as the document gives it: absent is fine, anything but an absolute http(s) URL
// without a fragment is not (RFC 8414 §2).
bool readEndpoint(const QJsonObject &json, const QString &key, QUrl *url, QString *error)
{
    const QJsonValue value = json.value(key);
    if (value.isUndefined() || value.isNull())
        return true;
    const QUrl parsed(value.toString(), QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty() || parsed.hasFragment()
        || (parsed.scheme() != QLatin1String("https")
            && parsed.scheme() != QLatin1String("http"))) {
        *error = QStringLiteral("the discovery document's %1 is not an http(s) URL").arg(key);
        return false;
    }
    *url = parsed;
    return true;
}

} // namespace

std::optional<AuthorizationServerMetadata>
AuthorizationServerMetadata::parse(const QByteArray &json, const QString &expectedIssuer,
                                   QString *error, bool *issuerMismatch)
{
    if (issuerMismatch)
        *issuerMismatch = false;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("the discovery document is not a JSON object");
        return std::nullopt;
    }
    const QJsonObject object = doc.object();
    AuthorizationServerMetadata metadata;
    metadata.issuer = object.value(QStringLiteral("issuer")).toString();
    if (metadata.issuer.isEmpty()) {
        *error = QStringLiteral("the discovery document has no issuer");
        return std::nullopt;
    }
    // RFC 8414 §3.3 and OpenID Connect Discovery §4.3: identical, character for character. No
    // normalisation (case, default port, trailing slash): that is what the rule is for.
    if (metadata.issuer != expectedIssuer) {
        if (issuerMismatch)
            *issuerMismatch = true;
        *error = QStringLiteral("the discovery document is for issuer '%1', not for '%2' as "
                                "asked; it was refused (RFC 8414 §3.3 requires them to be "
                                "identical)")
                     .arg(metadata.issuer, expectedIssuer);
        return std::nullopt;
    }
    if (!readEndpoint(object, QStringLiteral("authorization_endpoint"),
                      &metadata.authorizationEndpoint, error)
        || !readEndpoint(object, QStringLiteral("token_endpoint"), &metadata.tokenEndpoint, error)
        || !readEndpoint(object, QStringLiteral("device_authorization_endpoint"),
                         &metadata.deviceAuthorizationEndpoint, error)
        || !readEndpoint(object, QStringLiteral("revocation_endpoint"),
                         &metadata.revocationEndpoint, error)) {
        return std::nullopt;
    }
    if (metadata.tokenEndpoint.isEmpty()) {
        *error = QStringLiteral("the discovery document has no token_endpoint");
        return std::nullopt;
    }
    metadata.grantTypesSupported = stringList(object, QStringLiteral("grant_types_supported"));
    metadata.responseTypesSupported =
        stringList(object, QStringLiteral("response_types_supported"));
    metadata.codeChallengeMethodsSupported =
        stringList(object, QStringLiteral("code_challenge_methods_supported"));
    metadata.tokenEndpointAuthMethodsSupported =
        stringList(object, QStringLiteral("token_endpoint_auth_methods_supported"));
    metadata.scopesSupported = stringList(object, QStringLiteral("scopes_supported"));
    return metadata;
}

QString AuthorizationServerMetadata::applyTo(Profile *profile) const
{
    profile->issuer = issuer;
    profile->tokenUrl = tokenEndpoint;
    if (!authorizationEndpoint.isEmpty())
        profile->authorizationUrl = authorizationEndpoint;
    if (!deviceAuthorizationEndpoint.isEmpty())
        profile->deviceAuthorizationUrl = deviceAuthorizationEndpoint;
    if (!revocationEndpoint.isEmpty())
        profile->revocationUrl = revocationEndpoint;

    // RFC 8414 §2: an absent list means client_secret_basic.
    const QStringList methods = tokenEndpointAuthMethodsSupported.isEmpty()
        ? QStringList {QStringLiteral("client_secret_basic")}
        : tokenEndpointAuthMethodsSupported;
    if (profile->clientSecret.isEmpty() || profile->publicClient) {
        profile->publicClient = true;
        if (!methods.contains(QStringLiteral("none")))
            return QStringLiteral("the server does not list public clients (auth method "
                                  "\"none\") among %1; it may want a client secret")
                .arg(methods.join(QStringLiteral(", ")));
        return {};
    }
    if (methods.contains(QStringLiteral("client_secret_basic"))) {
        profile->clientAuth = ClientAuthMethod::Basic;
        return {};
    }
    if (methods.contains(QStringLiteral("client_secret_post"))) {
        profile->clientAuth = ClientAuthMethod::Body;
        return {};
    }
    return QStringLiteral("the server accepts none of client_secret_basic and "
                          "client_secret_post (it lists %1); Keyway cannot authenticate this "
                          "client there")
        .arg(methods.join(QStringLiteral(", ")));
}

} // namespace Keyway
