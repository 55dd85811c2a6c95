#include "collection/atomicfile.h"

#include <QSaveFile>

namespace Keyway {

QString writeFileAtomically(const QString &path, const QByteArray &content)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return file.errorString();
    // A short write says nothing of why; the next one fails and tells.
    for (qint64 written = 0; written < content.size();) {
        const qint64 n = file.write(content.constData() + written, content.size() - written);
        if (n <= 0) {
            const QString why = file.errorString();
            file.cancelWriting(); // the temporary file goes; the old file was never touched
            return why.isEmpty() ? QStringLiteral("the write failed") : why;
        }
        written += n;
    }
    if (!file.commit()) {
        const QString why = file.errorString();
        return why.isEmpty() ? QStringLiteral("the file could not be replaced") : why;
    }
    return {};
}

} // namespace Keyway
