#include "auth/signin/signinresult.h"

#include "auth/tokenerror.h"

namespace Keyway {

QString SignInResult::statusName() const
{
    switch (status) {
    case Status::Ok: return QStringLiteral("ok");
    case Status::Refused: return QStringLiteral("refused");
    case Status::Expired: return QStringLiteral("expired");
    case Status::StateMismatch: return QStringLiteral("state_mismatch");
    case Status::IssuerMismatch: return QStringLiteral("issuer_mismatch");
    case Status::TimedOut: return QStringLiteral("timed_out");
    case Status::Failed: return QStringLiteral("failed");
    case Status::Cancelled: return QStringLiteral("cancelled");
    case Status::NotConfigured: return QStringLiteral("not_configured");
    }
    return QStringLiteral("unknown");
}

SignInResult SignInResult::success(const QString &message)
{
    SignInResult result;
    result.message = message;
    return result;
}

SignInResult SignInResult::failure(Status status, const QString &message)
{
    SignInResult result;
    result.status = status;
    result.message = message;
    return result;
}

SignInResult SignInResult::refused(const QString &lead, const QString &error,
                                   const QString &description, int httpStatus)
{
    SignInResult result;
    result.status = Status::Refused;
    result.error = error;
    result.errorDescription = description;
    result.httpStatus = httpStatus;
    result.message = description.isEmpty()
        ? QStringLiteral("%1: %2").arg(lead, error)
        : QStringLiteral("%1: %2: %3").arg(lead, error, description);
    return result;
}

SignInResult SignInResult::fromTokenError(const QString &activity, const TokenError &tokenError)
{
    if (tokenError.oauthError.isEmpty()) {
        // TokenError's messages say what happened, then (after ';') what a refresh will do about
        // it, which does not apply to a sign-in.
        const QString happened = tokenError.message.section(QLatin1Char(';'), 0, 0);
        SignInResult result =
            failure(Status::Failed, QStringLiteral("%1 failed: %2").arg(activity, happened));
        result.httpStatus = tokenError.httpStatus;
        result.tlsRefused = tokenError.tlsRefused;
        return result;
    }
    SignInResult result = refused(activity + QStringLiteral(" was refused"), tokenError.oauthError,
                                  tokenError.oauthDescription, tokenError.httpStatus);
    if (tokenError.oauthError == QLatin1String("expired_token"))
        result.status = Status::Expired;
    return result;
}

} // namespace Keyway
