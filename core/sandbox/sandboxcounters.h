#pragma once

#include <QJsonObject>

namespace Keyway {

// What the sandbox has seen since start or the last reset; tests and benchmarks assert on it.
struct SandboxCounters
{
    int tokenRequests = 0; // all requests to the token endpoint
    int passwordGrants = 0, clientCredentialsGrants = 0,
        refreshGrants = 0; // requests per grant_type
    int refreshes = 0; // successful refresh_token grants
    int reuseDetections = 0; // a used refresh token presented again
    int apiHits = 0; // requests to /api/* on the main origin
    int sent401 = 0, sent403 = 0;
    int otherOriginHits = 0; // requests that reached the other-origin listener
    int otherOriginAuthHeaders = 0; // of those, how many carried an Authorization header
    QJsonObject toJson() const;
};

} // namespace Keyway
