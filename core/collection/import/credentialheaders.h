#pragma once

// Internal to the importers of header-based formats (curl, .http): an Authorization header
// becomes the request's auth, and credential headers (cookies, API keys) keep only a
// `{{variable}}`, their values moved to secret variables of the request.

#include "collection/import/importresult.h"

namespace Keyway::ImportDetail {

// Moves a literal secret of `request` into a secret variable of it, reporting the move.
QString liftRequestSecret(const QString &value, const QString &variable, const QString &what,
                          RequestItem &request, ImportResult &result);

void moveCredentialsOutOfHeaders(RequestItem &request, ImportResult &result);

} // namespace Keyway::ImportDetail
