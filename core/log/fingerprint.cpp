#include "log/fingerprint.h"

#include <QCryptographicHash>

namespace Keyway {

QString fingerprint(const QByteArray &secret)
{
    if (secret.isEmpty())
        return QStringLiteral("-");
    const QByteArray digest = QCryptographicHash::hash(secret, QCryptographicHash::Sha256);
    return QString::fromLatin1(digest.toHex().left(12));
}

QString fingerprint(const QString &secret)
{
    return fingerprint(secret.toUtf8());
}

} // namespace Keyway
