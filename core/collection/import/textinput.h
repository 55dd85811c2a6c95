#pragma once

// Internal to the importers: the checks every input passes before a format reads it (size,
// UTF-8), and positions in it as line:column.

#include "collection/import/importfailure.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QString>

namespace Keyway::ImportDetail {

// Larger inputs are refused before parsing: a parsed JSON document takes several times its size
// in memory, and no real collection comes near this.
inline constexpr qint64 MaxImportBytes = 64 * 1024 * 1024;

// "line:column" (both from 1, the column counted in characters) of a byte offset.
QString lineColumn(const QByteArray &bytes, qsizetype offset);

// The offset of the first byte that is not valid UTF-8, or -1.
qsizetype invalidUtf8Offset(const QByteArray &bytes);

// Size and encoding checks; fails with the place of the first invalid byte.
void checkInput(const QByteArray &bytes);

// The text of a checked input, without a byte order mark.
QString decodeText(const QByteArray &bytes);

// A JSON document, or a failure at the line and column where parsing stopped (including
// QJsonDocument's own nesting limit, reported as the depth it is).
QJsonDocument parseJson(const QByteArray &bytes);

} // namespace Keyway::ImportDetail
