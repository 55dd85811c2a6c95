#pragma once

#include "log/event.h"

namespace Keyway {

// One refresh (or sign-in) flight folded from its events: who started it, how many calls joined,
// how long it took and which generation it produced.
struct FlightSummary
{
    QString profile;
    quint64 flightId = 0;
    bool signIn = false;
    quint64 triggerCallId = 0; // 0: proactive or explicit, not started by a challenge
    int joined = 0; // calls that waited on it besides the trigger
    qint64 startedMs = 0;
    qint64 durationMs = -1; // -1 until it ended
    bool finished = false;
    bool ok = false;
    bool waitedOnPeer = false; // another process held the lease
    quint64 generationBefore = 0;
    quint64 generationAfter = 0;
    QString outcome; // the message of the event that ended it

    void add(const Event &event);

    // "refresh #12 · started by call 3 · 49 joined · 180 ms · generation 8"
    QString text() const;
    // "refresh #12 (50 calls, 180 ms, generation 8)": the step as a call's chain shows it.
    QString stepText() const;
};

} // namespace Keyway
