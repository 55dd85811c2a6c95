#include "log/flightsummary.h"

#include <QStringList>

namespace Keyway {

void FlightSummary::add(const Event &event)
{
    if (!flightId)
        flightId = event.flightId;
    if (profile.isEmpty())
        profile = event.profile;
    switch (event.type) {
    case EventType::RefreshStarted:
    case EventType::SignInStarted:
        // A refresh whose refresh token turned out dead goes on as a sign-in in the same flight.
        if (!startedMs) {
            startedMs = event.atMs;
            triggerCallId = event.callId;
            generationBefore = event.generation;
        }
        signIn = signIn || event.type == EventType::SignInStarted;
        break;
    case EventType::RefreshJoined: ++joined; break;
    case EventType::LeaseBusy: waitedOnPeer = true; break;
    case EventType::RefreshSucceeded:
    case EventType::SignedIn:
        finished = true;
        ok = true;
        generationAfter = event.generation;
        durationMs = event.details.contains(QStringLiteral("ms"))
            ? qint64(event.details.value(QStringLiteral("ms")).toDouble())
            : (startedMs ? event.atMs - startedMs : -1);
        outcome = event.message;
        break;
    case EventType::RefreshFailed:
    case EventType::ReauthRequired:
        // A failed refresh that goes on as a sign-in is not the end: SignInStarted follows.
        if (event.message.contains(QLatin1String("signing in again")))
            break;
        finished = true;
        ok = false;
        durationMs = startedMs ? event.atMs - startedMs : -1;
        outcome = event.message;
        break;
    default: break;
    }
}

QString FlightSummary::text() const
{
    QStringList parts {QStringLiteral("%1 #%2")
                           .arg(signIn ? QStringLiteral("sign-in") : QStringLiteral("refresh"))
                           .arg(flightId)};
    parts << (triggerCallId ? QStringLiteral("started by call %1").arg(triggerCallId)
                            : QStringLiteral("started ahead of expiry"));
    if (joined)
        parts << QStringLiteral("%1 joined").arg(joined);
    if (waitedOnPeer)
        parts << QStringLiteral("waited for another process");
    if (!finished) {
        parts << QStringLiteral("in flight");
        return parts.join(QStringLiteral(" · "));
    }
    if (durationMs >= 0)
        parts << QStringLiteral("%1 ms").arg(durationMs);
    if (ok)
        parts << QStringLiteral("generation %1").arg(generationAfter);
    else
        parts << QStringLiteral("failed: %1").arg(outcome);
    return parts.join(QStringLiteral(" · "));
}

QString FlightSummary::stepText() const
{
    QStringList parts;
    const int calls = joined + (triggerCallId ? 1 : 0);
    if (calls > 1)
        parts << QStringLiteral("%1 calls").arg(calls);
    if (finished && durationMs >= 0)
        parts << QStringLiteral("%1 ms").arg(durationMs);
    if (finished && ok)
        parts << QStringLiteral("generation %1").arg(generationAfter);
    if (finished && !ok)
        parts << QStringLiteral("failed");
    const QString name = QStringLiteral("%1 #%2")
                             .arg(signIn ? QStringLiteral("sign-in") : QStringLiteral("refresh"))
                             .arg(flightId);
    return parts.isEmpty() ? name
                           : QStringLiteral("%1 (%2)").arg(name, parts.join(QStringLiteral(", ")));
}

} // namespace Keyway
