#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace Keyway {

// A compact JWS (RFC 7515) over `claims` with header {"alg":"HS256","typ":"JWT"}, signed with
// HMAC-SHA256 under `key` (RFC 7518 3.2).
QString signJwtHs256(const QJsonObject &claims, const QByteArray &key);

} // namespace Keyway
