#pragma once

#include "sandbox/httpexchange.h"

namespace Keyway {

struct SandboxState;

// GET /.well-known/openid-configuration and /.well-known/oauth-authorization-server: the
// authorization server metadata of RFC 8414 (also what OpenID Connect Discovery 1.0 reads).
HttpResponse answerDiscovery(const HttpRequest &request, const SandboxState &state);

} // namespace Keyway
