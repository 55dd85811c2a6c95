#pragma once

#include "log/exchange.h"

#include <QJsonObject>
#include <QList>

namespace Keyway {

// HTTP Archive 1.2 (http://www.softwareishard.com/blog/har-12-spec/) of the exchanges, redacted:
// secret headers and query values as "***", secret fields in JSON and form bodies as "***", the
// profile's bearer token as "Bearer ***" with its fingerprint in the entry's "_keyway" object
// (which also carries the call's refresh chain). Nothing can reveal them here.
QJsonObject harDocument(const QList<Exchange> &exchanges, const QString &creatorVersion);

} // namespace Keyway
