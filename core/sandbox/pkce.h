#pragma once

#include <QString>
#include <QStringView>

namespace Keyway {

// RFC 7636 4.1 and 4.2: a code_verifier or S256 code_challenge is 43 to 128 characters of
// [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~".
bool isWellFormedPkceValue(QStringView value);

// RFC 7636 4.6: BASE64URL-ENCODE(SHA256(ASCII(code_verifier))) == code_challenge.
bool verifyPkceS256(const QString &verifier, const QString &challenge);

} // namespace Keyway
