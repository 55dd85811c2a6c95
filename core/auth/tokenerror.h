#pragma once

#include <QString>

namespace Keyway {

// Why tokens could not be had, classified by what the core should do next.
struct TokenError
{
    enum class Kind {
        Terminal, // the grant is dead (invalid_grant, invalid_client, reuse): sign in again
        Transient, // try later (5xx, 429/503, garbage answers): tokens are kept
        OutcomeUnknown, // sent, but no answer: the server may have rotated the refresh token
        NoCredentials, // nothing to refresh with and no way to sign in silently
        CircuitOpen, // the API rejects fresh tokens; refreshing is paused
        Cancelled, // stopped from outside (cancelFlight): nothing was obtained or stored
    };

    Kind kind = Kind::Transient;
    int httpStatus = 0;
    QString oauthError; // RFC 6749 §5.2 "error", as the server sent it
    QString oauthDescription; // "error_description", as the server sent it
    qint64 retryAfterMs = -1; // from Retry-After, -1 when absent
    QString message; // what to tell a person, including what to do
    // Terminal because the TLS handshake with the token endpoint failed (a certificate not
    // trusted, expired or for another name, a refused client certificate): the grant may be
    // alive, but every try fails the same way until the profile's TLS settings change.
    bool tlsRefused = false;

    bool isTerminal() const { return kind == Kind::Terminal || kind == Kind::NoCredentials; }
    QString kindName() const;
};

} // namespace Keyway
