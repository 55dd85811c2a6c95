#pragma once

#include "auth/signin/signinresult.h"

#include <QJsonObject>
#include <QString>

namespace Keyway {

class EventLog;

// The steps of sign-in, discovery and logout that reach the event log. The log has no types of
// their own yet, so each step maps onto the nearest existing one here, in one place, and carries
// its precise name in details.step.
enum class SignInStep {
    Started, // an interactive sign-in began (authorization code, device code)
    Failed, // it ended without tokens
    SlowDown, // the device flow was told to poll less often
    Revoked, // the authorization server revoked a token
    RevocationRetry, // a revocation will be sent again later
    RevocationGaveUp,
    SignedOut, // the stored tokens were cleared
};

QString signInStepName(SignInStep step);

// Posts one step for `profile`; does nothing without a log. Messages never carry secrets.
void postSignInStep(EventLog *events, const QString &profile, SignInStep step,
                    const QString &message, QJsonObject details = {});

// Posts the Failed step of an interactive sign-in with `grant`, carrying the server's own error
// and error_description where there were any.
void postSignInFailure(EventLog *events, const QString &profile, const QString &grant,
                       const SignInResult &result);

} // namespace Keyway
