#pragma once

#include <QMetaType>
#include <QString>

namespace Keyway {

struct TokenError;

// How an interactive sign-in, a discovery or a logout ended. An authorization server's own
// answer is kept as it was sent (`error`, `errorDescription`) and repeated in `message`, so the
// person sees what the server said rather than a generic failure.
struct SignInResult
{
    enum class Status {
        Ok,
        Refused, // the authorization server said no: `error` holds its code (access_denied, ...)
        Expired, // the device code or the sign-in's own time ran out
        StateMismatch, // a redirect that does not belong to this sign-in; its code was discarded
        IssuerMismatch, // a discovery document for another issuer (RFC 8414 §3.3)
        TimedOut, // nobody came back through the browser in time
        Failed, // the server could not be reached, or answered something unusable
        Cancelled,
        NotConfigured, // the profile lacks an endpoint, a client id, ...
    };

    Status status = Status::Ok;
    QString error; // RFC 6749 §4.1.2.1 / §5.2 "error", as the server sent it
    QString errorDescription; // "error_description", as the server sent it
    int httpStatus = 0;
    QString message; // what to tell a person; includes `error` and `errorDescription`
    // A server's TLS certificate (or the handshake) was refused: signing in again meets the same
    // refusal until the profile's TLS settings change. `message` names keyway-cli's options.
    bool tlsRefused = false;

    bool ok() const { return status == Status::Ok; }
    QString statusName() const;

    static SignInResult success(const QString &message = {});
    static SignInResult failure(Status status, const QString &message);
    // An authorization server's error: "<lead>: <error>: <description>".
    static SignInResult refused(const QString &lead, const QString &error,
                                const QString &description, int httpStatus = 0);
    // A failed token request during `activity` ("exchanging the authorization code"): "<activity>
    // was refused: <error>: <description>", or "<activity> failed: <what happened>".
    static SignInResult fromTokenError(const QString &activity, const TokenError &tokenError);
};

} // namespace Keyway

Q_DECLARE_METATYPE(Keyway::SignInResult)
