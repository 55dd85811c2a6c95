#pragma once

#include <QString>
#include <QUrl>

namespace Keyway {

// A URL as it may be shown or logged: user info dropped and the values of query parameters that
// commonly carry secrets (access_token, api_key, code, ...) replaced by "***".
QString redactedUrl(const QUrl &url);

// Header names whose values are never shown or logged.
bool isSecretHeader(const QByteArray &name);

} // namespace Keyway
