#pragma once

#include <QByteArray>
#include <QString>

namespace Keyway {

// Writes an export atomically (writeFileAtomically): a failed write leaves any earlier file as it
// was. Returns false and sets *error to a sentence naming the file and the cause.
bool writeExportFile(const QString &path, const QByteArray &content, QString *error);

} // namespace Keyway
