#pragma once

#include <QString>
#include <QtGlobal>

namespace Keyway {

// How the authorization endpoint answers a valid request: at once with a code, with a sign-in
// form a person fills in, or with access_denied as if the user had declined.
enum class AuthorizeMode { Auto, Form, Deny };

// How a Sandbox starts: its ports, the demo client and user, and how it treats tokens.
struct SandboxConfig
{
    quint16 port = 0; // 0 = any free port
    quint16 otherOriginPort = 0; // second listener used as "another origin" for redirects
    QString clientId = QStringLiteral("keyway-demo");
    QString clientSecret = QStringLiteral("demo-secret");
    // A public client (RFC 6749 2.1): no secret, PKCE required at the authorization endpoint.
    QString publicClientId = QStringLiteral("keyway-public");
    QString username = QStringLiteral("demo");
    QString password = QStringLiteral("demo-password");
    QString userDisplayName = QStringLiteral("Demo User"); // the id_token's "name" claim
    int accessTokenLifetimeSec = 3600;
    int expiredStatus = 401; // 401 or 403: how an expired/unknown access token is answered
    bool rotateRefreshTokens =
        true; // each refresh returns a new refresh token; the old one is used up
    bool reuseDetection = true; // presenting a used refresh token revokes the whole family
    AuthorizeMode authorizeMode = AuthorizeMode::Auto;
    // RFC 8628 3.2; both apply to device codes issued after a change. 0 s: poll as fast as you
    // like.
    int deviceIntervalSec = 5;
    int deviceExpiresInSec = 600;
    bool jwtAccessTokens = false; // access tokens as HS256 JWTs instead of opaque strings
    // HTTPS on both listeners when set: the server's PEM certificate and its PEM key. With a
    // client CA, every connection must present a certificate that CA issued (mutual TLS).
    QString tlsCertificateFile;
    QString tlsKeyFile;
    QString tlsClientCaFile;
    bool https() const { return !tlsCertificateFile.isEmpty(); }
};

// A misbehaviour of the token endpoint, applied to every token request until changed.
enum class TokenFault {
    None,
    ServerError500,
    Unavailable503,
    InvalidJson,
    HtmlPage200,
    MissingAccessToken,
    InvalidGrant,
    InvalidClient,
    Hang,
    ResetAfterCommit,
    HugeBody,
    InvalidGrant200, // {"error":"invalid_grant"} with status 200, as GitHub's OAuth server answers
    TooManyRequests429 // 429 slow_down with Retry-After, as a rate-limiting gateway answers
};

// A misbehaviour of the protected API.
enum class ApiFault { None, UnauthorizedForever };

} // namespace Keyway
