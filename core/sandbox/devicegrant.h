#pragma once

#include "sandbox/httpexchange.h"

#include <QHash>
#include <QString>

namespace Keyway {

struct ClientCheck;
struct SandboxState;

// grant_type=urn:ietf:params:oauth:grant-type:device_code: the device's polls (RFC 8628 3.4,
// 3.5) answered authorization_pending, slow_down, access_denied, expired_token or tokens.
HttpResponse deviceCodeGrant(SandboxState &state, const ClientCheck &client,
                             const QHash<QString, QString> &form);

} // namespace Keyway
