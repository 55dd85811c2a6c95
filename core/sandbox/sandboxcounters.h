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
    // Of those, the ones answered with a 2xx: what a client may report as success, and no more.
    int apiSuccesses = 0;
    int sent401 = 0, sent403 = 0;
    int otherOriginHits = 0; // requests that reached the other-origin listener
    int otherOriginAuthHeaders = 0; // of those, how many carried an Authorization header
    int authorizationRequests = 0; // GET /oauth/authorize (a form's POST is the same request)
    int codeGrants = 0; // token requests with grant_type=authorization_code
    int devicePolls = 0; // token requests with the device_code grant type
    int deviceGrants = 0; // of those, the ones that issued tokens
    int slowDowns = 0; // of those, the ones answered slow_down
    int revocations = 0; // revocation requests that revoked something
    int tlsHandshakes = 0; // TLS handshakes begun on the main origin (HTTPS only), failed or not
    QJsonObject toJson() const;
};

} // namespace Keyway
