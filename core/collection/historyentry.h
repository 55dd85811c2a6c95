#pragma once

// One sent request of a workspace's history and a summary of its answer, as the history file
// keeps it (one JSON object per line). Built redacted: secret headers, secret query parameters,
// user info and every value of a secret variable are replaced by "***" before it is kept.

#include "http/request.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace Keyway {

class ApiCall;
struct WorkspaceData;

struct HistoryEntry
{
    qint64 sentAtMs = 0; // ms since the epoch, UTC
    QString requestPath; // "Users/Get user"; empty for a request that is not saved
    QString environment;
    QString profile;
    QString method;
    QString url; // redacted
    HeaderList requestHeaders; // redacted
    int status = 0; // 0: no answer
    QString error; // what went wrong when there was no usable answer
    QString contentType;
    qint64 responseBytes = 0;
    qint64 durationMs = 0;
    int attempts = 0;
    int authReplays = 0;

    QJsonObject toJson() const;
    static std::optional<HistoryEntry> fromJson(const QJsonObject &object);

    // The entry for a finished call; `secrets` are values that must not be kept (see
    // secretValues()).
    static HistoryEntry fromCall(const ApiCall &call, const QString &requestPath,
                                 const QString &environment, const QString &profile,
                                 const QStringList &secrets);

    friend bool operator==(const HistoryEntry &, const HistoryEntry &) = default;
};

// The values of every secret variable of `workspace` that has one (what redaction hides).
QStringList secretValues(const WorkspaceData &workspace);

} // namespace Keyway
