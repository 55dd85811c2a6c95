#pragma once

#include <QString>
#include <QtGlobal>

namespace Keyway {

// How a Sandbox starts: its ports, the demo client and user, and how it treats tokens.
struct SandboxConfig
{
    quint16 port = 0; // 0 = any free port
    quint16 otherOriginPort = 0; // second listener used as "another origin" for redirects
    QString clientId = QStringLiteral("keyway-demo");
    QString clientSecret = QStringLiteral("demo-secret");
    QString username = QStringLiteral("demo");
    QString password = QStringLiteral("demo-password");
    int accessTokenLifetimeSec = 3600;
    int expiredStatus = 401; // 401 or 403: how an expired/unknown access token is answered
    bool rotateRefreshTokens =
        true; // each refresh returns a new refresh token; the old one is used up
    bool reuseDetection = true; // presenting a used refresh token revokes the whole family
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
    HugeBody
};

// A misbehaviour of the protected API.
enum class ApiFault { None, UnauthorizedForever };

} // namespace Keyway
