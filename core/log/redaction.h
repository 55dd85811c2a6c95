#pragma once

#include <QString>
#include <QUrl>

namespace Keyway {

// A URL as it may be shown or logged: user info dropped and the values of query parameters that
// commonly carry secrets (access_token, api_key, code, ...) replaced by "***".
QString redactedUrl(const QUrl &url);

// Header names whose values are never shown or logged.
bool isSecretHeader(const QByteArray &name);

// What a secret header's value becomes wherever it is shown or exported: the auth scheme stays
// ("Bearer ***") so a reader still sees which kind of credential went.
QByteArray redactedHeaderValue(const QByteArray &name, const QByteArray &value);

// A body as it may be shown or exported: in JSON, string values under secret-looking keys
// (access_token, password, client_secret, ...) become "***"; in a form-urlencoded body the same
// fields do. Anything else is returned as it is.
QByteArray redactedBody(const QByteArray &body, const QByteArray &contentType);

} // namespace Keyway
