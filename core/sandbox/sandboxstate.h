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
    int tokenFaultUses = 0; // 0: until changed; N: only the next N token requests
    int tokenDelayMs = 0;   // token answers are held back this long (the grant happens at once)
    ApiFault apiFault = ApiFault::None;
    TokenRegistry tokens;
    HttpHeaders lastApiHeaders;
};

} // namespace Keyway
