#include "log/callsummary.h"

#include "log/flightsummary.h"

namespace Keyway {

void CallSummary::add(const Event &event)
{
    if (!callId)
        callId = event.callId;
    if (profile.isEmpty())
        profile = event.profile;
    switch (event.type) {
    case EventType::RequestStarted: {
        // The core words it "METHOD URL", the URL already redacted.
        startedMs = event.atMs;
        const qsizetype space = event.message.indexOf(QLatin1Char(' '));
        method = event.message.left(space);
        url = space < 0 ? QString() : event.message.mid(space + 1);
        break;
    }
    case EventType::TokenAttached:
        tokenFingerprint = event.details.value(QStringLiteral("access_token")).toString();
        generation = event.generation;
        break;
    case EventType::ChallengeReceived:
        m_steps << QString::number(event.details.value(QStringLiteral("status")).toInt());
        break;
    case EventType::ChallengeIgnored:
        m_steps << event.message.section(QLatin1Char(' '), 0, 1);
        break;
    case EventType::RefreshStarted:
    case EventType::SignInStarted:
    case EventType::RefreshJoined:
        if (event.flightId && event.flightId == flightId)
            break; // a refresh that goes on as a sign-in: still the same step
        flightId = event.flightId;
        startedFlight = event.type != EventType::RefreshJoined;
        m_flightStep = int(m_steps.size());
        m_steps << QStringLiteral("%1 #%2")
                       .arg(event.type == EventType::SignInStarted ? QStringLiteral("sign-in")
                                                                   : QStringLiteral("refresh"))
                       .arg(event.flightId);
        break;
    case EventType::RefreshSkipped: m_steps << QStringLiteral("newer token"); break;
    case EventType::RequestReplayed: m_steps << QStringLiteral("replayed"); break;
    case EventType::RedirectFollowed:
        m_steps << event.message.section(QLatin1Char(' '), 0, 0);
        break;
    case EventType::RedirectAuthStripped: m_steps << QStringLiteral("auth not forwarded"); break;
    case EventType::LoopGuard: m_steps << QStringLiteral("rejected again"); break;
    case EventType::NotReplayable: m_steps << QStringLiteral("not replayable"); break;
    case EventType::CircuitOpened: m_steps << QStringLiteral("circuit open"); break;
    case EventType::RequestCancelled:
        cancelled = true;
        m_steps << QStringLiteral("cancelled");
        break;
    case EventType::RequestFinished:
        finished = true;
        status = event.details.value(QStringLiteral("status")).toInt();
        attempts = event.details.value(QStringLiteral("attempts")).toInt();
        replays = event.details.value(QStringLiteral("replays")).toInt();
        durationMs = qint64(event.details.value(QStringLiteral("ms")).toDouble());
        error = event.details.value(QStringLiteral("error")).toString();
        if (cancelled)
            break; // "cancelled" already ends the chain
        m_steps << (error.isEmpty() ? QString::number(status) : QStringLiteral("failed"));
        break;
    default: break;
    }
}

QString CallSummary::chainText(const FlightSummary *flight) const
{
    QStringList steps = m_steps;
    if (flight && m_flightStep >= 0 && flight->flightId == flightId)
        steps[m_flightStep] = flight->stepText();
    if (!finished)
        steps << QStringLiteral("…");
    return steps.join(QStringLiteral(" → "));
}

} // namespace Keyway
