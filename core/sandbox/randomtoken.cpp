#include "sandbox/randomtoken.h"

#include <QByteArray>
#include <QRandomGenerator>

namespace Keyway {

QString randomToken(int bytes)
{
    QByteArray raw(qMax(bytes, 1), Qt::Uninitialized);
    for (char &byte : raw)
        byte = char(QRandomGenerator::system()->bounded(256));
    return QString::fromLatin1(
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace Keyway
