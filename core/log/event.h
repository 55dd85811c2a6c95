#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace Keyway {

// One decision taken by the client core. Events carry ids, never secrets: tokens appear only as
// fingerprints (see fingerprint.h) inside `details`.
enum class EventType {
    RequestStarted,
    RequestFinished,
    TokenAttached,
    ChallengeReceived,
    ChallengeIgnored,
    RefreshScheduled,
    RefreshJoined,
    RefreshStarted,
    SignInStarted,
    RefreshSucceeded,
    RefreshFailed,
    RefreshSkipped,
    RefreshBackoff,
    LeaseAcquired,
    LeaseBusy,
    StoreUpdated,
    StoreConflict,
    StoreDegraded,
    RequestReplayed,
    NotReplayable,
    LoopGuard,
    CircuitOpened,
    CircuitClosed,
    ReauthRequired,
    SignedIn,
    RedirectFollowed,
    RedirectAuthStripped,
};

QString eventTypeName(EventType type);

struct Event
{
    qint64 atMs = 0; // wall clock, ms since the epoch
    EventType type = EventType::RequestStarted;
    QString profile;
    quint64 callId = 0;   // 0: not about one call
    int attempt = 0;      // 1 for the first attempt of a call
    quint64 flightId = 0; // the refresh flight this event belongs to, 0 for none
    quint64 generation = 0;
    QString message; // human-readable, already redacted
    QJsonObject details;

    QJsonObject toJson() const;
    QString toLogLine() const;
};

} // namespace Keyway

Q_DECLARE_METATYPE(Keyway::Event)
