#pragma once

#include <QString>

namespace Keyway {

// An unguessable identifier: `bytes` from the system CSPRNG, base64url without padding.
QString randomToken(int bytes = 32);

} // namespace Keyway
