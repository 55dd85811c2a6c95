#pragma once

#include <QByteArray>

class QIODevice;

namespace Keyway {

// Reads from `device` until its end or until `limit` bytes, whichever comes first: a caller that
// asks for limit + 1 bytes learns that the input is too large without holding more than that.
//
// Not QIODevice::read(limit): it reserves `limit` bytes before reading, so a 16 MB bound paid
// 16 MB for every small file (seen as most of the time of a workspace load under ASan).
QByteArray readAtMost(QIODevice &device, qint64 limit);

} // namespace Keyway
