#pragma once

#include "sandbox/httpexchange.h"

#include <optional>

namespace Keyway {

struct SandboxState;

// POST /oauth/revoke (RFC 7009): what a client calls on logout, with an injectable failure.
class RevocationRoute final
{
public:
    explicit RevocationRoute(SandboxState &state);
    Q_DISABLE_COPY_MOVE(RevocationRoute)

    HttpResponse handle(const HttpRequest &request);

private:
    std::optional<HttpResponse> fault();

    SandboxState &m_state;
};

} // namespace Keyway
