#pragma once

#include <QByteArray>
#include <QString>

namespace Keyway {

// Short SHA-256 fingerprint of a secret: the only form in which a token may appear in events,
// logs, exports or the UI. 12 hex digits tell tokens apart without letting anyone use them.
QString fingerprint(const QString &secret);
QString fingerprint(const QByteArray &secret);

} // namespace Keyway
