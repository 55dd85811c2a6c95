#pragma once

#include "sandbox/httpexchange.h"

#include <QHash>

#include <optional>

namespace Keyway {

struct ClientAuth;
struct SandboxState;

// POST /oauth/token: the password, client_credentials and refresh_token grants of RFC 6749,
// with the configured token faults layered on top.
class TokenEndpointRoute final
{
public:
    explicit TokenEndpointRoute(SandboxState &state);
    Q_DISABLE_COPY_MOVE(TokenEndpointRoute)

    HttpResponse handle(const HttpRequest &request);

private:
    HttpResponse grant(const HttpRequest &request, const QHash<QString, QString> &form,
                       const QString &grantType);
    HttpResponse passwordGrant(const ClientAuth &client, const QHash<QString, QString> &form);
    HttpResponse clientCredentialsGrant(const ClientAuth &client,
                                        const QHash<QString, QString> &form);
    HttpResponse refreshGrant(const ClientAuth &client, const QHash<QString, QString> &form);
    std::optional<HttpResponse> faultResponse(const ClientAuth &client) const;
    void countGrantType(const QString &grantType);

    SandboxState &m_state;
};

} // namespace Keyway
