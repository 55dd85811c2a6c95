#pragma once

#include "auth/profile.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QUrlQuery>

namespace Keyway {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// Authenticates a request to the authorization server as the profile's client (RFC 6749
// §2.3.1): HTTP Basic, or client_id and client_secret in the body; a public client (or one
// without a secret) sends client_id alone in the body (RFC 6749 §3.2.1).
void addClientAuthentication(const Profile &profile, HttpHeaders *headers, QUrlQuery *form);

// Adds parameters the caller did not set already: profile extras never override the protocol.
void addMissingParameters(QUrlQuery *form, const QList<QPair<QString, QString>> &parameters);
// Adds the profile's audience and resource (RFC 8707 §2.2), then `extras` (its token or its
// authorization parameters), each unless `form` has it already.
void addProfileExtras(const Profile &profile, const QList<QPair<QString, QString>> &extras,
                      QUrlQuery *form);

// application/x-www-form-urlencoded, with '+' encoded too (QUrlQuery leaves it, and a form
// decoder would read it as a space).
QByteArray encodeForm(const QUrlQuery &form);

// Decodes an application/x-www-form-urlencoded query ('+' is a space), keeping duplicates.
QList<QPair<QString, QString>> decodeForm(const QByteArray &query);

} // namespace Keyway
