#pragma once

// What a collection run produced: one RequestRun per request and iteration, the totals, and the
// auth events, redacted. Every reporter (console, JUnit, JSON) reads this and nothing else.

#include "runner/assertioncheck.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Keyway {

struct RequestRun
{
    int iteration = 1; // from 1
    int sequence = 0; // position in the run, from 1
    QString name; // "Users/Get user"
    QString method;
    QString url; // redacted
    QString profile; // empty: sent without a profile's token
    int status = 0; // 0: no HTTP answer
    QString error; // why the request could not be built or got no (usable) answer
    qint64 elapsedMs = 0;
    qint64 bodyBytes = 0;
    QString contentType;
    int replays = 0; // sent again after a token refresh
    QList<AssertionResult> assertions;

    bool passed() const;
    int failedAssertions() const;
};

struct RunTotals
{
    int requests = 0;
    int failedRequests = 0;
    int assertions = 0;
    int failedAssertions = 0;
    int refreshes = 0; // token refreshes (and sign-ins) this run's processes made or joined
    int replays = 0;
    qint64 wallMs = 0;
    bool bailed = false; // --bail stopped the run after a failure
    // Stopped from outside (Ctrl-C): the requests in flight were cancelled, the rest not started.
    bool interrupted = false;

    bool allPassed() const { return failedRequests == 0 && !bailed && !interrupted; }
};

struct RunReport
{
    QString target; // what was run: the workspace, folder or request as given
    QString environment;
    int iterations = 1;
    int plannedRequests = 0; // requests × iterations
    bool insecure = false;
    qint64 startedAtMs = 0; // ms since the epoch
    QList<RequestRun> runs;
    // What a Ctrl-C kept from starting, in run order: name, method, URL, profile and iteration,
    // nothing else (the JUnit report lists them as skipped).
    QList<RequestRun> notRun;
    RunTotals totals;
    QList<QJsonObject> authEvents; // Event::toJson(): fingerprints, never a token
    int droppedAuthEvents = 0; // beyond the bound the report keeps
};

} // namespace Keyway
