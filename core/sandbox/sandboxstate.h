#pragma once

#include "sandbox/authorizationcodes.h"
#include "sandbox/devicecodes.h"
#include "sandbox/httpexchange.h"
#include "sandbox/sandboxconfig.h"
#include "sandbox/sandboxcounters.h"
#include "sandbox/tokenregistry.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>

namespace Keyway {

// Everything the routes of one Sandbox share. Owned by Sandbox; routes hold a reference.
struct SandboxState
{
    SandboxConfig config;
    SandboxCounters counters;
    TokenFault tokenFault = TokenFault::None;
    int tokenFaultUses = 0; // 0: until changed; N: only the next N token requests
    int tokenDelayMs = 0; // token answers are held back this long (the grant happens at once)
    ApiFault apiFault = ApiFault::None;
    int revocationFaultStatus = 0; // 0: none; else the status every revocation request gets
    int revocationFaultUses = 0; // 0: until changed; N: only the next N revocation requests
    TokenRegistry tokens;
    AuthorizationCodes codes;
    DeviceCodes devices;
    QString issuerOverride; // empty: the issuer is the base URL
    QByteArray jwtKey; // HS256 key of every JWT this sandbox signs; never leaves the process
    QJsonObject lastTokenRequest; // form fields of the last token request, secrets redacted
    HttpHeaders lastApiHeaders;

    // http://127.0.0.1:PORT, the origin every endpoint and page lives on.
    QUrl baseUrl() const;
    // What discovery and the JWTs name as issuer: the override, or the base URL without a
    // trailing slash (RFC 8414 2).
    QString issuer() const;
};

} // namespace Keyway
