#pragma once

#include "log/event.h"

#include <QStringList>

namespace Keyway {

struct FlightSummary;

// What one call went through, folded from its events as they arrive: the log's group rows, the
// response viewer's replay chain and the exports all read it ("401 → refresh #12 → replayed →
// 200").
struct CallSummary
{
    QString profile;
    quint64 callId = 0;
    qint64 startedMs = 0;
    QString method;
    QString url; // already redacted by the core
    int status = 0; // the final answer's; 0 while in flight or when there was none
    qint64 durationMs = -1; // -1 until finished
    int attempts = 0;
    int replays = 0;
    QString error;
    bool finished = false;
    bool cancelled = false; // the caller aborted it
    QString tokenFingerprint; // of the last token attached, never the token
    quint64 generation = 0; // of the last token attached
    quint64 flightId = 0; // the refresh this call started or joined, 0 for none
    bool startedFlight = false; // true: this call's challenge started the refresh

    void add(const Event &event);

    // The steps with " → " between them; `flight`, when given, adds what the refresh took.
    QString chainText(const FlightSummary *flight = nullptr) const;
    const QStringList &steps() const { return m_steps; }

private:
    QStringList m_steps;
    int m_flightStep = -1; // index of the refresh step in m_steps
};

} // namespace Keyway
