#pragma once

// A JSON writer whose output depends only on the value: fixed key order, two-space indentation,
// UTF-8 kept as is, so that workspace files diff well in git (QJsonDocument's own indented form
// spreads empty containers over two lines and cannot put "name" first).

#include <QByteArray>
#include <QJsonValue>

namespace Keyway {

// Keys come out in this order: "format", "id", "name", "method", "url" first (what a reader looks
// for), then an assertion's subject ("status", "header", "jsonPath", "responseTimeBelow"), the
// others alphabetically. Ends with a newline.
QByteArray stableJson(const QJsonValue &value);

} // namespace Keyway
