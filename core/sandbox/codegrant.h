#pragma once

#include "sandbox/httpexchange.h"

#include <QHash>
#include <QString>

namespace Keyway {

struct ClientCheck;
struct SandboxState;

// grant_type=authorization_code (RFC 6749 4.1.3) with PKCE verification (RFC 7636 4.6).
HttpResponse authorizationCodeGrant(SandboxState &state, const ClientCheck &client,
                                    const QHash<QString, QString> &form);

} // namespace Keyway
