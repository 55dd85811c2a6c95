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
    RequestCancelled, // the caller aborted the call
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
    TlsInsecure, // a request of a profile set to accept any certificate
};

QString eventTypeName(EventType type);

// What an event is about, for filtering and for the colours the UI gives it.
enum class EventKind {
    Http, // a request started or finished
    Token, // a token was attached to an attempt
    Challenge, // the API rejected a token, or a rejection was ignored
    Refresh, // the refresh flight: scheduled, joined, started, succeeded, skipped, signed in
    Replay, // a request was sent again after a refresh
    Store, // token store and lease traffic
    Redirect,
    Failure, // something went wrong: refresh failed, backoff, loop guard, circuit, reauth
};

EventKind eventKind(EventType type);
// Events about tokens and their refresh, as opposed to plain HTTP traffic.
bool isAuthEvent(EventType type);

struct Event
{
    qint64 atMs = 0; // wall clock, ms since the epoch
    EventType type = EventType::RequestStarted;
    QString profile;
    quint64 callId = 0; // 0: not about one call
    int attempt = 0; // 1 for the first attempt of a call
    quint64 flightId = 0; // the refresh flight this event belongs to, 0 for none
    quint64 generation = 0;
    QString message; // human-readable, already redacted
    QJsonObject details;

    QJsonObject toJson() const;
    QString toLogLine() const;
};

} // namespace Keyway

Q_DECLARE_METATYPE(Keyway::Event)
