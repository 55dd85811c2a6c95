#pragma once

#include "sandbox/tokenregistry.h"

#include <QString>

namespace Keyway {

struct SandboxState;

// The JWTs the sandbox signs (HS256 under SandboxState::jwtKey): OpenID Connect id_tokens, and
// access tokens when JWT access tokens are switched on.

// OpenID Connect Core 2 claims iss, sub, aud (the client), iat, exp, name, and nonce when the
// authorization request carried one.
QString makeIdToken(const SandboxState &state, const TokenRegistry::Login &login,
                    const QString &nonce);

// RFC 9068-style claims iss, sub, aud (the requested audience, else the client), scope, iat,
// exp, jti.
QString makeJwtAccessToken(const SandboxState &state, const TokenRegistry::Login &login,
                           const QString &scope, int lifetimeSec);

} // namespace Keyway
