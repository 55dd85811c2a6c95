#pragma once

#include "auth/tokenerror.h"
#include "auth/tokenset.h"

#include <QByteArray>
#include <QNetworkReply>

#include <variant>

namespace Keyway {

// What one answer (or non-answer) of a token endpoint means. The whole retry policy's input is
// decided here, in one table, rather than in `if`s at the call sites.
struct TokenEndpointAnswer
{
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString networkErrorString;
    QString endpoint; // host:port, for messages
    bool timedOut = false;
    bool oversize = false;
    bool requestSent = false; // the request left this process (bytes were written)
    int httpStatus = 0;
    QByteArray contentType;
    QByteArray retryAfter;
    QByteArray body;
};

std::variant<TokenResponse, TokenError> classifyTokenAnswer(const TokenEndpointAnswer &answer,
                                                            qint64 nowMs, qint64 maxBytes);

// Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3); -1 when absent or unreadable.
qint64 parseRetryAfterMs(const QByteArray &value, qint64 nowMs);

} // namespace Keyway
