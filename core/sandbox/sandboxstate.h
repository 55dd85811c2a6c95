#pragma once

#include "sandbox/httpexchange.h"
#include "sandbox/sandboxconfig.h"
#include "sandbox/sandboxcounters.h"
#include "sandbox/tokenregistry.h"

namespace Keyway {

// Everything the routes of one Sandbox share. Owned by Sandbox; routes hold a reference.
struct SandboxState
{
    SandboxConfig config;
    SandboxCounters counters;
    TokenFault tokenFault = TokenFault::None;
    ApiFault apiFault = ApiFault::None;
    TokenRegistry tokens;
    HttpHeaders lastApiHeaders;
};

} // namespace Keyway
