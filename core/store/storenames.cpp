#include "store/storenames.h"

#include <QUrl>

namespace Keyway::StoreNames {

QString encode(const QString &name)
{
    QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(name));
    if (encoded.startsWith(QLatin1Char('.')))
        encoded.replace(0, 1, QStringLiteral("%2E"));
    return encoded.isEmpty() ? QStringLiteral("%00") : encoded;
}

bool keptItsLegacyName(const QString &name)
{
    // A raw name with '%' could equal another name's encoding: never look it up as legacy.
    return encode(name) == name || name.contains(QLatin1Char('%'));
}

} // namespace Keyway::StoreNames
