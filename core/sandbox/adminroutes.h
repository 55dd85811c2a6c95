#pragma once

#include "sandbox/httpexchange.h"

namespace Keyway {

struct SandboxState;

// Unauthenticated /admin/* routes that let tests, demos and benchmarks steer a running
// sandbox over HTTP (counters, expiry, faults, token policy, sign-in shortcuts).
class AdminRoutes final
{
public:
    explicit AdminRoutes(SandboxState &state);
    Q_DISABLE_COPY_MOVE(AdminRoutes)

    HttpResponse handle(const HttpRequest &request);

private:
    HttpResponse setFaults(const HttpRequest &request);
    HttpResponse setConfig(const HttpRequest &request);
    HttpResponse decideDevice(const HttpRequest &request);
    HttpResponse currentConfig() const;

    SandboxState &m_state;
};

} // namespace Keyway
