#pragma once

#include "http/request.h"

#include <QString>
#include <QUrl>

namespace Keyway {

// One request that went out for a call and what came back: the exports show each on its own
// (the 401 that was replayed, each redirect hop, the final answer). Recorded only while someone
// observes the event log, as events are.
struct Attempt
{
    // What became of the answer: the call's answer, or a step towards it.
    enum class Outcome { Answer, Rejected, Redirected };
    static constexpr qsizetype MaxKeptBodyBytes = 64 * 1024; // of an answer that is a step

    int number = 0; // 1 for the first, as in events
    QByteArray method;
    QUrl url;
    qint64 startedMs = 0; // wall clock
    qint64 elapsedMs = 0;
    bool ownCredentialsSent = true; // false once the call left its origin
    bool bodySent = true; // false after a 303 (or 301/302 after POST) turned it into a GET
    QString tokenFingerprint; // of the profile's token it carried; empty for none
    quint64 generation = 0;

    Outcome outcome = Outcome::Answer;
    int status = 0; // 0: no answer
    HeaderList responseHeaders; // for a step; the call's own for the answer
    QByteArray responseBody; // for a step, at most MaxKeptBodyBytes
    qint64 responseBodySize = 0;
};

} // namespace Keyway
