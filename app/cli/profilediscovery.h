#pragma once

#include "auth/profile.h"

#include <QObject>

#include <functional>

namespace Keyway::Cli {

// Fills a profile's endpoints from its issuer's metadata before a command builds its session,
// and says on stderr what the server may not accept. `done` runs on `context` with the filled
// profile, or with an error message (empty on success). A profile without an issuer is handed
// back as it is, at once.
void discoverEndpoints(const Profile &profile, QObject *context,
                       std::function<void(const Profile &, const QString &error)> done);

} // namespace Keyway::Cli
