#pragma once

#include "log/exchange.h"

#include <QJsonObject>
#include <QList>

namespace Keyway {

// HTTP Archive 1.2 (http://www.softwareishard.com/blog/har-12-spec/) of the exchanges, redacted:
// secret headers and query values as "***", secret fields in JSON and form bodies as "***", the
// profile's bearer token as "Bearer ***" with its fingerprint in the entry's "_keyway" object
// (which also carries the call's refresh chain). Nothing can reveal them here.
//
// A call that took several attempts (a 401 replayed after a refresh, redirect hops) has an entry
// per attempt, each with its own request and answer; their "_keyway" objects share the call id
// and link up: "attempt", "outcome" (rejected, redirected, answer), "follows", "replayedBy",
// "redirectedTo".
QJsonObject harDocument(const QList<Exchange> &exchanges, const QString &creatorVersion);

} // namespace Keyway
