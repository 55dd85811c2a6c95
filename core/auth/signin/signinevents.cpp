#include "auth/signin/signinevents.h"

#include "log/event.h"
#include "log/eventlog.h"

namespace Keyway {

namespace {

EventType eventTypeFor(SignInStep step)
{
    switch (step) {
    case SignInStep::Started: return EventType::SignInStarted;
    case SignInStep::Failed: return EventType::RefreshFailed;
    case SignInStep::SlowDown: return EventType::RefreshBackoff;
    case SignInStep::Revoked: return EventType::StoreUpdated;
    case SignInStep::RevocationRetry: return EventType::RefreshBackoff;
    case SignInStep::RevocationGaveUp: return EventType::RefreshFailed;
    case SignInStep::SignedOut: return EventType::StoreUpdated;
    }
    return EventType::SignInStarted;
}

} // namespace

QString signInStepName(SignInStep step)
{
    switch (step) {
    case SignInStep::Started: return QStringLiteral("signin.started");
    case SignInStep::Failed: return QStringLiteral("signin.failed");
    case SignInStep::SlowDown: return QStringLiteral("signin.slow_down");
    case SignInStep::Revoked: return QStringLiteral("revocation.done");
    case SignInStep::RevocationRetry: return QStringLiteral("revocation.retry");
    case SignInStep::RevocationGaveUp: return QStringLiteral("revocation.gave_up");
    case SignInStep::SignedOut: return QStringLiteral("signed_out");
    }
    return QStringLiteral("unknown");
}

void postSignInStep(EventLog *events, const QString &profile, SignInStep step,
                    const QString &message, QJsonObject details)
{
    if (!events)
        return;
    Event event;
    event.type = eventTypeFor(step);
    event.profile = profile;
    event.message = message;
    details.insert(QStringLiteral("step"), signInStepName(step));
    event.details = std::move(details);
    events->post(std::move(event));
}

void postSignInFailure(EventLog *events, const QString &profile, const QString &grant,
                       const SignInResult &result)
{
    QJsonObject details {{QStringLiteral("grant"), grant},
                         {QStringLiteral("status"), result.statusName()}};
    if (!result.error.isEmpty())
        details.insert(QStringLiteral("error"), result.error);
    if (!result.errorDescription.isEmpty())
        details.insert(QStringLiteral("error_description"), result.errorDescription);
    postSignInStep(events, profile, SignInStep::Failed, result.message, details);
}

} // namespace Keyway
