#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>

namespace Keyway {

// One challenge of a WWW-Authenticate header (RFC 9110 §11.6.1, RFC 6750 §3).
struct AuthChallenge
{
    QByteArray scheme; // lower-cased, e.g. "bearer"
    QMap<QByteArray, QByteArray> params; // lower-cased names, unquoted values

    QByteArray param(const QByteArray &name) const { return params.value(name); }
};

// Parses every challenge in a WWW-Authenticate value (several headers joined by commas are fine).
QList<AuthChallenge> parseWwwAuthenticate(const QByteArray &header);

// What an API's answer means for the token that was sent.
enum class ChallengeVerdict {
    NotAChallenge,
    ExpiredToken, // refresh and replay
    InsufficientScope, // a new token of the same scope would not help: never refreshed
};

ChallengeVerdict classifyAnswer(int status, const QByteArray &wwwAuthenticate,
                                const QList<int> &expiredStatuses);

} // namespace Keyway
