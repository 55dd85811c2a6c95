#pragma once

#include "log/exchange.h"

#include <QString>

namespace Keyway {

// The exchange's request as a curl command line for a POSIX shell, redacted like every export:
// the profile's bearer token becomes "$ACCESS_TOKEN" (so the line runs once that variable is
// set, e.g. from `keyway-cli token show`), other secret headers "***", and a body that is not
// kept as bytes is named in a comment.
QString curlCommand(const Exchange &exchange);

} // namespace Keyway
