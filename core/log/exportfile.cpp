#include "log/exportfile.h"

#include "collection/atomicfile.h"

namespace Keyway {

bool writeExportFile(const QString &path, const QByteArray &content, QString *error)
{
    const QString why = writeFileAtomically(path, content);
    if (!why.isEmpty() && error)
        *error = QStringLiteral("cannot write %1: %2").arg(path, why);
    return why.isEmpty();
}

} // namespace Keyway
