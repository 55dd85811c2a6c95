#pragma once

#include "sandbox/httpexchange.h"

#include <QHash>

#include <optional>

namespace Keyway {

struct ClientCheck;
struct SandboxState;

// POST /oauth/token: the authorization_code, password, client_credentials and refresh_token
// grants of RFC 6749 and the device_code grant of RFC 8628, with the configured token faults
// layered on top.
class TokenEndpointRoute final
{
public:
    explicit TokenEndpointRoute(SandboxState &state);
    Q_DISABLE_COPY_MOVE(TokenEndpointRoute)

    HttpResponse handle(const HttpRequest &request);

private:
    HttpResponse grant(const HttpRequest &request, const QHash<QString, QString> &form,
                       const QString &grantType);
    HttpResponse passwordGrant(const ClientCheck &client, const QHash<QString, QString> &form);
    HttpResponse clientCredentialsGrant(const ClientCheck &client,
                                        const QHash<QString, QString> &form);
    HttpResponse refreshGrant(const ClientCheck &client, const QHash<QString, QString> &form);
    std::optional<HttpResponse> faultResponse(const HttpRequest &request) const;
    void countGrantType(const QString &grantType);

    SandboxState &m_state;
};

} // namespace Keyway
