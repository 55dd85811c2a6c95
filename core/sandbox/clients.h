#pragma once

#include "sandbox/httpexchange.h"

#include <QHash>
#include <QString>

#include <optional>

namespace Keyway {

struct SandboxConfig;

// The client an endpoint may serve, or the RFC 6749 5.2 answer for one it may not.
struct ClientCheck
{
    std::optional<HttpResponse> rejection;
    QString clientId;
    bool isPublic = false;
};

// The sandbox's two registered clients: the confidential one authenticates with its secret by
// HTTP Basic or in the body (RFC 6749 2.3.1); the public one sends its client_id alone (2.1).
ClientCheck checkClient(const HttpRequest &request, const QHash<QString, QString> &form,
                        const SandboxConfig &config);

// A client's form POST to an endpoint where it authenticates as at the token endpoint (RFC 7009
// 2.1, RFC 8628 3.1): its fields and the client, or the answer that refuses the request.
struct ClientRequest
{
    QHash<QString, QString> form;
    ClientCheck client;
    std::optional<HttpResponse> rejection;
};
ClientRequest readClientRequest(const HttpRequest &request, const SandboxConfig &config);

bool isRegisteredClient(const QString &clientId, const SandboxConfig &config);
bool isPublicClient(const QString &clientId, const SandboxConfig &config);

// Both clients may redirect to any http://127.0.0.1 or http://[::1] URI: RFC 8252 7.3 lets a
// native app pick its loopback port at run time, so port and path are not compared.
bool isRegisteredRedirectUri(const QString &redirectUri);

} // namespace Keyway
