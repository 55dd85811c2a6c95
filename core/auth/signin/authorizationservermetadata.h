#pragma once

#include <QStringList>
#include <QUrl>

#include <optional>

namespace Keyway {

struct Profile;

// What an authorization server says about itself (RFC 8414 §2, OpenID Connect Discovery §3).
struct AuthorizationServerMetadata
{
    QString issuer;
    QUrl authorizationEndpoint;
    QUrl tokenEndpoint;
    QUrl deviceAuthorizationEndpoint;
    QUrl revocationEndpoint;
    QStringList grantTypesSupported;
    QStringList responseTypesSupported;
    QStringList codeChallengeMethodsSupported;
    QStringList tokenEndpointAuthMethodsSupported;
    QStringList scopesSupported;
    QUrl source; // where the document was read

    // Returns nothing (and sets *error) for a document that is not metadata, whose endpoints are
    // not http(s) URLs, or whose issuer is not exactly `expectedIssuer` (RFC 8414 §3.3: a
    // document for another issuer could send tokens to an impostor). *issuerMismatch says which.
    static std::optional<AuthorizationServerMetadata> parse(const QByteArray &json,
                                                            const QString &expectedIssuer,
                                                            QString *error,
                                                            bool *issuerMismatch = nullptr);

    // Fills the profile's endpoints and issuer and picks its client authentication from
    // token_endpoint_auth_methods_supported: Basic or body for a client with a secret, none
    // (a public client) without one. Returns what the server may not accept, or empty.
    QString applyTo(Profile *profile) const;
};

} // namespace Keyway
