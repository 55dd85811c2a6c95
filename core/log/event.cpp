#include "log/event.h"

#include <QDateTime>
#include <QJsonDocument>

namespace Keyway {

QString eventTypeName(EventType type)
{
    switch (type) {
    case EventType::RequestStarted: return QStringLiteral("request.started");
    case EventType::RequestFinished: return QStringLiteral("request.finished");
    case EventType::RequestCancelled: return QStringLiteral("request.cancelled");
    case EventType::TokenAttached: return QStringLiteral("token.attached");
    case EventType::ChallengeReceived: return QStringLiteral("challenge.received");
    case EventType::ChallengeIgnored: return QStringLiteral("challenge.ignored");
    case EventType::RefreshScheduled: return QStringLiteral("refresh.scheduled");
    case EventType::RefreshJoined: return QStringLiteral("refresh.joined");
    case EventType::RefreshStarted: return QStringLiteral("refresh.started");
    case EventType::SignInStarted: return QStringLiteral("signin.started");
    case EventType::RefreshSucceeded: return QStringLiteral("refresh.succeeded");
    case EventType::RefreshFailed: return QStringLiteral("refresh.failed");
    case EventType::RefreshSkipped: return QStringLiteral("refresh.skipped");
    case EventType::RefreshBackoff: return QStringLiteral("refresh.backoff");
    case EventType::LeaseAcquired: return QStringLiteral("lease.acquired");
    case EventType::LeaseBusy: return QStringLiteral("lease.busy");
    case EventType::StoreUpdated: return QStringLiteral("store.updated");
    case EventType::StoreConflict: return QStringLiteral("store.conflict");
    case EventType::StoreDegraded: return QStringLiteral("store.degraded");
    case EventType::RequestReplayed: return QStringLiteral("request.replayed");
    case EventType::NotReplayable: return QStringLiteral("request.not_replayable");
    case EventType::LoopGuard: return QStringLiteral("loop_guard");
    case EventType::CircuitOpened: return QStringLiteral("circuit.opened");
    case EventType::CircuitClosed: return QStringLiteral("circuit.closed");
    case EventType::ReauthRequired: return QStringLiteral("reauth.required");
    case EventType::SignedIn: return QStringLiteral("signed_in");
    case EventType::RedirectFollowed: return QStringLiteral("redirect.followed");
    case EventType::RedirectAuthStripped: return QStringLiteral("redirect.auth_stripped");
    case EventType::TlsInsecure: return QStringLiteral("tls.insecure");
    }
    return QStringLiteral("unknown");
}

EventKind eventKind(EventType type)
{
    switch (type) {
    case EventType::RequestStarted:
    case EventType::RequestFinished:
    case EventType::RequestCancelled: return EventKind::Http;
    case EventType::TokenAttached: return EventKind::Token;
    case EventType::ChallengeReceived:
    case EventType::ChallengeIgnored: return EventKind::Challenge;
    case EventType::RefreshScheduled:
    case EventType::RefreshJoined:
    case EventType::RefreshStarted:
    case EventType::SignInStarted:
    case EventType::RefreshSucceeded:
    case EventType::RefreshSkipped:
    case EventType::SignedIn:
    case EventType::CircuitClosed: return EventKind::Refresh;
    case EventType::RequestReplayed: return EventKind::Replay;
    case EventType::LeaseAcquired:
    case EventType::LeaseBusy:
    case EventType::StoreUpdated:
    case EventType::StoreConflict: return EventKind::Store;
    case EventType::RedirectFollowed:
    case EventType::RedirectAuthStripped: return EventKind::Redirect;
    case EventType::RefreshFailed:
    case EventType::RefreshBackoff:
    case EventType::StoreDegraded:
    case EventType::NotReplayable:
    case EventType::LoopGuard:
    case EventType::CircuitOpened:
    case EventType::ReauthRequired:
    case EventType::TlsInsecure: return EventKind::Failure;
    }
    return EventKind::Http;
}

bool isAuthEvent(EventType type)
{
    switch (eventKind(type)) {
    case EventKind::Http:
    case EventKind::Token: return false;
    case EventKind::Redirect: return type == EventType::RedirectAuthStripped;
    default: return true;
    }
}

QJsonObject Event::toJson() const
{
    QJsonObject json {
        {QStringLiteral("at"),
         QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC).toString(Qt::ISODateWithMs)},
        {QStringLiteral("event"), eventTypeName(type)},
        {QStringLiteral("profile"), profile},
        {QStringLiteral("message"), message},
    };
    if (callId)
        json.insert(QStringLiteral("call"), QString::number(callId));
    if (attempt)
        json.insert(QStringLiteral("attempt"), attempt);
    if (flightId)
        json.insert(QStringLiteral("flight"), QString::number(flightId));
    if (generation)
        json.insert(QStringLiteral("generation"), QString::number(generation));
    if (!details.isEmpty())
        json.insert(QStringLiteral("details"), details);
    return json;
}

QString Event::toLogLine() const
{
    QString line = eventTypeName(type);
    if (callId)
        line += QStringLiteral(" call=%1/%2").arg(callId).arg(attempt);
    if (flightId)
        line += QStringLiteral(" flight=%1").arg(flightId);
    if (generation)
        line += QStringLiteral(" gen=%1").arg(generation);
    if (!message.isEmpty())
        line += QStringLiteral(": ") + message;
    if (!details.isEmpty())
        line += QLatin1Char(' ')
            + QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact));
    return line;
}

} // namespace Keyway
