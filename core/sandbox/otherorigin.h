#pragma once

#include "sandbox/httpexchange.h"

namespace Keyway {

struct SandboxCounters;

// The second listener: a different origin that redirects point to. It needs no token and
// reports whether the client leaked its Authorization header across origins.
HttpResponse answerOtherOrigin(const HttpRequest &request, SandboxCounters &counters);

} // namespace Keyway
