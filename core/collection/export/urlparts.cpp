#include "collection/export/urlparts.h"

#include <QRegularExpression>

namespace Keyway {

namespace {

// Splits at `separator` except inside `{{...}}`.
QStringList splitOutsideVariables(const QString &text, QChar separator)
{
    QStringList parts;
    QString current;
    int depth = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('{') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('{')) {
            ++depth;
            current += QStringLiteral("{{");
            ++i;
        } else if (c == QLatin1Char('}') && depth > 0 && i + 1 < text.size()
                   && text.at(i + 1) == QLatin1Char('}')) {
            --depth;
            current += QStringLiteral("}}");
            ++i;
        } else if (c == separator && depth == 0) {
            parts.append(current);
            current.clear();
        } else {
            current += c;
        }
    }
    parts.append(current);
    return parts;
}

} // namespace

UrlParts splitUrl(const QString &url)
{
    UrlParts parts;
    QString rest = url.trimmed();
    static const QRegularExpression scheme(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*)://"));
    if (const auto match = scheme.match(rest); match.hasMatch()) {
        parts.protocol = match.captured(1);
        rest = rest.mid(match.capturedLength());
    }
    if (const qsizetype hash = rest.indexOf(QLatin1Char('#')); hash >= 0) {
        parts.hash = rest.mid(hash + 1);
        rest.truncate(hash);
    }
    QString query;
    if (const qsizetype question = rest.indexOf(QLatin1Char('?')); question >= 0) {
        query = rest.mid(question + 1);
        rest.truncate(question);
    }
    QString authority = rest;
    QString path;
    if (const qsizetype slash = rest.indexOf(QLatin1Char('/')); slash >= 0) {
        authority = rest.left(slash);
        path = rest.mid(slash + 1);
    }
    static const QRegularExpression port(QStringLiteral(":(\\d+|\\{\\{[^{}]+\\}\\})$"));
    if (const auto match = port.match(authority); match.hasMatch()) {
        parts.port = match.captured(1);
        authority.truncate(match.capturedStart());
    }
    if (!authority.isEmpty())
        parts.host = splitOutsideVariables(authority, QLatin1Char('.'));
    if (!path.isEmpty() || rest.contains(QLatin1Char('/')))
        parts.path = splitOutsideVariables(path, QLatin1Char('/'));
    if (!query.isEmpty()) {
        for (const QString &pair : splitOutsideVariables(query, QLatin1Char('&'))) {
            const qsizetype equals = pair.indexOf(QLatin1Char('='));
            if (equals < 0)
                parts.query.append({pair, std::nullopt});
            else
                parts.query.append({pair.left(equals), pair.mid(equals + 1)});
        }
    }
    return parts;
}

} // namespace Keyway
