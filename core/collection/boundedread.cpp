#include "collection/boundedread.h"

#include <QIODevice>

namespace Keyway {

QByteArray readAtMost(QIODevice &device, qint64 limit)
{
    // What the device says it holds is read at once; more (a file that grew, a pipe) in chunks.
    constexpr qint64 Chunk = 64 * 1024;
    QByteArray data;
    qint64 want = qMin(limit, qMax(device.bytesAvailable(), Chunk));
    while (data.size() < limit) {
        const QByteArray part = device.read(qMin(want, limit - data.size()));
        if (part.isEmpty())
            break;
        data += part;
        want = Chunk;
    }
    return data;
}

} // namespace Keyway
