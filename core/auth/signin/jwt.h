#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Keyway {

// A JWT's header and claims decoded for display (RFC 7519). Nothing here checks the signature:
// the claims are what the token says about itself, not what anyone has proven. Decoded tokens
// are for the person who asked to see them and are never logged.
struct DecodedJwt
{
    QJsonObject header;
    QJsonObject claims;
    // Always false: Keyway holds no keys to verify with. Shown next to the claims so that nobody
    // mistakes a decoded token for a checked one.
    bool signatureVerified = false;

    // Returns nothing and sets *error ("not a JWT: ...") for an opaque token, an encrypted one
    // (JWE) or a malformed one.
    static std::optional<DecodedJwt> decode(const QString &token, QString *error);

    // {"header": ..., "claims": ..., "signature_verified": false} for `token show`-style output.
    QJsonObject toDisplayJson() const;
};

} // namespace Keyway
