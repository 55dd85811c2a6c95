#pragma once

#include "http/attempt.h"
#include "http/request.h"
#include "log/callsummary.h"

#include <QString>
#include <QUrl>

namespace Keyway {

// One call as it was sent and answered, for the log's detail pane and the HAR export. Holds what
// the caller put in the request (their own headers may carry credentials: whoever shows or
// exports this redacts them, see redaction.h); the profile's bearer token is attached by the core
// and is never here, only its fingerprint in `summary`.
struct Exchange
{
    static constexpr qsizetype MaxKeptBodyBytes = 2 * 1024 * 1024;

    QString profile;
    quint64 callId = 0;
    qint64 startedMs = 0;

    QByteArray method;
    QUrl url;
    HeaderList requestHeaders;
    QByteArray requestBody; // at most MaxKeptBodyBytes
    qint64 requestBodySize = 0; // -1: unknown (a stream)
    QString requestBodyNote; // for a body not kept as bytes: "file /path", "multipart", ...

    bool finished = false;
    int status = 0;
    HeaderList responseHeaders;
    QByteArray responseBody; // at most MaxKeptBodyBytes
    qint64 responseBodySize = 0;
    QUrl finalUrl;
    qint64 elapsedMs = 0;
    int attempts = 0;
    int authReplays = 0;
    QString error;
    // Each attempt; the last one's answer is the one above. Empty for a call still under way.
    QList<Attempt> attemptLog;

    CallSummary summary; // folded from the call's events: the chain and the token's fingerprint

    QByteArray responseHeader(const QByteArray &name) const;
    QByteArray requestHeader(const QByteArray &name) const;
};

} // namespace Keyway
