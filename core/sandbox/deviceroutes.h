#pragma once

#include "sandbox/httpexchange.h"

namespace Keyway {

struct SandboxState;

// The device authorization grant's two sides apart from polling (RFC 8628): the device asks
// for codes at POST /oauth/device_authorization, a person approves or denies at /device.
class DeviceRoutes final
{
public:
    explicit DeviceRoutes(SandboxState &state);
    Q_DISABLE_COPY_MOVE(DeviceRoutes)

    HttpResponse handle(const HttpRequest &request);

private:
    HttpResponse deviceAuthorization(const HttpRequest &request);
    HttpResponse verificationPage(const HttpRequest &request) const;
    HttpResponse decision(const HttpRequest &request);

    SandboxState &m_state;
};

} // namespace Keyway
