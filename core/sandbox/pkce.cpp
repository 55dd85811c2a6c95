#include "sandbox/pkce.h"

#include <QCryptographicHash>

namespace Keyway {

bool isWellFormedPkceValue(QStringView value)
{
    if (value.size() < 43 || value.size() > 128)
        return false;
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        const bool unreserved = (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z')
            || (u >= u'0' && u <= u'9') || u == u'-' || u == u'.' || u == u'_' || u == u'~';
        if (!unreserved)
            return false;
    }
    return true;
}

bool verifyPkceS256(const QString &verifier, const QString &challenge)
{
    if (!isWellFormedPkceValue(verifier))
        return false;
    const QByteArray digest =
        QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256);
    const QByteArray expected =
        digest.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return QString::fromLatin1(expected) == challenge;
}

} // namespace Keyway
