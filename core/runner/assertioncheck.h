#pragma once

// Checks a request's assertions against its answer, for the collection runner and its reports.
// A request without assertions has one implicit check, "status is 2xx". What a failed check
// shows as the actual value is taken from the redacted answer: a token in a body or a secret
// header never reaches a report.

#include "collection/workspacedata.h"
#include "http/request.h"

#include <QList>
#include <QString>

namespace Keyway {

// What the runner kept of an answer (ApiCall's final one).
struct ResponseSummary
{
    int status = 0; // 0: no HTTP answer
    QString error; // the transport or token error, when there was one
    HeaderList headers;
    QByteArray body;
    qint64 elapsedMs = 0;
};

struct AssertionResult
{
    QString assertion; // "status is 200"
    bool passed = false;
    QString actual; // what was found, redacted ("404", "absent", "\"***\"")
    QString message; // for a failure: "expected 200, got 404"
};

QList<AssertionResult> checkAssertions(const AssertionList &assertions,
                                       const ResponseSummary &response);

} // namespace Keyway
