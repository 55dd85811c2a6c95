#pragma once

#include "auth/tokenset.h"

#include <QJsonObject>
#include <QString>

namespace Keyway::Cli {

// What `login`, `token show` and `token refresh` print about a stored token set: where it is,
// its generation, fingerprints and expiry. Never a token value.
struct TokenReport
{
    QString profile;
    QString workspace;
    QString store; // TokenStore::describe()
    TokenSet tokens;

    // {"profile", "workspace", "store", "generation", "access_token", "refresh_token" (null when
    //  none), "token_type", "scope", "obtained_at", "expires_at" and "expires_in_s" (when known),
    //  "expired"}; fingerprints are 12 hex digits of SHA-256.
    QJsonObject toJson(qint64 nowMs) const;
    // Aligned "name  value" lines for a person.
    QString toText(qint64 nowMs) const;
};

// "in 59 min", "2 h 5 min ago": a distance in time a person reads at a glance.
QString relativeTime(qint64 deltaMs);

} // namespace Keyway::Cli
