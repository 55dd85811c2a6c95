#include "log/curlcommand.h"

#include "log/redaction.h"

#include <QStringList>

namespace Keyway {

namespace {

// POSIX single quotes: nothing inside is special except the quote itself.
QString shellQuoted(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace

QString curlCommand(const Exchange &exchange)
{
    QStringList parts {QStringLiteral("curl")};
    const bool hasBody = !exchange.requestBody.isEmpty() || !exchange.requestBodyNote.isEmpty();
    if (exchange.method == "HEAD")
        parts << QStringLiteral("--head");
    else if (exchange.method != "GET" || hasBody)
        parts << QStringLiteral("-X") << QString::fromLatin1(exchange.method);
    parts << shellQuoted(redactedUrl(exchange.url));

    bool ownAuthorization = false;
    for (const auto &[name, value] : exchange.requestHeaders) {
        ownAuthorization =
            ownAuthorization || name.compare("Authorization", Qt::CaseInsensitive) == 0;
        parts << QStringLiteral("-H")
              << shellQuoted(QString::fromLatin1(name) + QStringLiteral(": ")
                             + QString::fromUtf8(redactedHeaderValue(name, value)));
    }
    if (!exchange.summary.tokenFingerprint.isEmpty() && !ownAuthorization) {
        // Double quotes: the shell fills the variable in; the token itself never leaves Keyway.
        parts << QStringLiteral("-H") << QStringLiteral("\"Authorization: Bearer $ACCESS_TOKEN\"");
    }

    QString comment;
    if (!exchange.requestBody.isEmpty()) {
        const QByteArray body =
            redactedBody(exchange.requestBody, exchange.requestHeader("Content-Type"));
        if (body.contains('\0'))
            comment = QStringLiteral("# the %1-byte binary body is not shown").arg(body.size());
        else
            parts << QStringLiteral("--data-binary") << shellQuoted(QString::fromUtf8(body));
    } else if (!exchange.requestBodyNote.isEmpty()) {
        comment = QStringLiteral("# body: %1").arg(exchange.requestBodyNote);
    }
    QString line = parts.join(QLatin1Char(' '));
    if (!comment.isEmpty())
        line += QLatin1Char('\n') + comment;
    return line;
}

} // namespace Keyway
