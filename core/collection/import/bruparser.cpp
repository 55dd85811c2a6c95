#include "collection/import/bruparser.h"

#include "collection/import/importfailure.h"

#include <QRegularExpression>

namespace Keyway::ImportDetail {

QString BruBlock::value(const QString &key) const
{
    for (const BruEntry &entry : entries) {
        if (entry.key == key && entry.enabled)
            return entry.value;
    }
    return {};
}

bool isBruTextBlock(const QString &name)
{
    return (name.startsWith(QLatin1String("body:")) && name != QLatin1String("body:form-urlencoded")
            && name != QLatin1String("body:multipart-form") && name != QLatin1String("body:file"))
        || name.startsWith(QLatin1String("script:")) || name == QLatin1String("tests")
        || name == QLatin1String("docs");
}

QList<BruBlock> parseBru(const QString &text)
{
    static const QRegularExpression opening(QStringLiteral("^([A-Za-z][\\w:-]*)\\s*([{\\[])\\s*$"));
    QList<BruBlock> blocks;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        const auto match = opening.match(line);
        if (!match.hasMatch()) {
            throw ImportFailure {QStringLiteral("%1:1").arg(i + 1),
                                 QStringLiteral("expected a block (name {), found \"%1\"").arg(line.trimmed())};
        }
        BruBlock block;
        block.name = match.captured(1);
        block.line = i + 1;
        const bool list = match.captured(2) == QLatin1String("[");
        const QString closing = list ? QStringLiteral("]") : QStringLiteral("}");
        const bool textBlock = !list && isBruTextBlock(block.name);
        QStringList body;
        bool closed = false;
        for (++i; i < lines.size(); ++i) {
            QString inner = lines.at(i);
            if (inner.endsWith(QLatin1Char('\r')))
                inner.chop(1);
            if (inner == closing) {
                closed = true;
                break;
            }
            if (textBlock) {
                body.append(inner.startsWith(QLatin1String("  ")) ? inner.mid(2) : inner);
                continue;
            }
            QString entry = inner.trimmed();
            if (entry.isEmpty())
                continue;
            BruEntry parsed;
            parsed.line = i + 1;
            if (entry.startsWith(QLatin1Char('~'))) {
                parsed.enabled = false;
                entry = entry.mid(1);
            }
            if (list) {
                if (entry.endsWith(QLatin1Char(',')))
                    entry.chop(1);
                parsed.key = entry.trimmed();
            } else {
                const qsizetype colon = entry.indexOf(QLatin1Char(':'));
                if (colon <= 0) {
                    throw ImportFailure {QStringLiteral("%1:%2").arg(i + 1).arg(inner.indexOf(entry) + 1),
                                         QStringLiteral("expected \"name: value\" in block %1, found \"%2\"")
                                             .arg(block.name, entry)};
                }
                parsed.key = entry.left(colon).trimmed();
                parsed.value = entry.mid(colon + 1).trimmed();
            }
            block.entries.append(parsed);
        }
        if (!closed) {
            throw ImportFailure {QStringLiteral("%1:1").arg(block.line),
                                 QStringLiteral("block %1 is never closed with %2").arg(block.name, closing)};
        }
        block.text = body.join(QLatin1Char('\n'));
        blocks.append(block);
    }
    return blocks;
}

} // namespace Keyway::ImportDetail
