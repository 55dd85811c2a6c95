#pragma once

#include "sandbox/httpexchange.h"
#include "sandbox/tokenregistry.h"

namespace Keyway {

struct SandboxState;

// The token endpoint's answers shared by every grant: RFC 6749 5.1 success and 5.2 errors.

// access_token, token_type, expires_in, scope, refresh_token if any, and an id_token when the
// scope holds "openid" and a user signed in.
HttpResponse tokenResponse(const SandboxState &state, const TokenRegistry::Grant &grant,
                           const QString &nonce = {});

HttpResponse invalidRequest(const QString &description);
HttpResponse invalidGrant(const QString &description);
HttpResponse invalidScope(const QString &description);

} // namespace Keyway
