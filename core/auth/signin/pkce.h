#pragma once

#include <QString>

namespace Keyway {

// A PKCE code verifier and its S256 challenge (RFC 7636 §4.1–4.2): one pair per authorization
// request, so that a stolen authorization code is useless without the verifier.
struct Pkce
{
    static constexpr int MinLength = 43;
    static constexpr int MaxLength = 128;
    static constexpr int DefaultLength = 64;

    QString verifier;
    QString challenge; // BASE64URL(SHA256(verifier)), no padding
    QString method() const { return QStringLiteral("S256"); }

    // `length` is clamped to 43..128; the characters come from the system's CSPRNG.
    static Pkce generate(int length = DefaultLength);
    static QString challengeFor(const QString &verifier);
    // 43–128 characters from the unreserved set [A-Za-z0-9-._~] (RFC 7636 §4.1).
    static bool isValidVerifier(const QString &verifier);
};

} // namespace Keyway
