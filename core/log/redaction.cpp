#include "log/redaction.h"

#include <QUrlQuery>

namespace Keyway {

static bool isSecretName(const QString &name)
{
    static const QStringList markers {QStringLiteral("token"),    QStringLiteral("secret"),
                                      QStringLiteral("password"), QStringLiteral("key"),
                                      QStringLiteral("code"),     QStringLiteral("signature"),
                                      QStringLiteral("sig"),      QStringLiteral("assertion")};
    const QString lower = name.toLower();
    for (const QString &marker : markers) {
        if (lower.contains(marker))
            return true;
    }
    return false;
}

QString redactedUrl(const QUrl &url)
{
    if (!url.hasQuery() && url.userInfo().isEmpty())
        return url.toDisplayString(); // nothing to hide: the common case, kept cheap
    QUrl shown = url.adjusted(QUrl::RemoveUserInfo);
    if (shown.hasQuery()) {
        QUrlQuery query(shown);
        const auto items = query.queryItems(QUrl::FullyEncoded);
        QUrlQuery redacted;
        for (const auto &[name, value] : items)
            redacted.addQueryItem(name, isSecretName(name) ? QStringLiteral("***") : value);
        shown.setQuery(redacted);
    }
    return shown.toDisplayString();
}

bool isSecretHeader(const QByteArray &name)
{
    const QByteArray lower = name.toLower();
    return lower == "authorization" || lower == "proxy-authorization" || lower == "cookie"
        || lower == "set-cookie" || isSecretName(QString::fromLatin1(lower));
}

} // namespace Keyway
