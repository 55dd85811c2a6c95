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

namespace {

const QLatin1String MultiLineQuote("'''");

QString withoutCarriageReturn(QString line)
{
    if (line.endsWith(QLatin1Char('\r')))
        line.chop(1);
    return line;
}

// A dictionary value written over several lines (Bruno 1.20 and later), from the `'''` that
// opens it after the colon to the `'''` that closes it:
//     token: '''
//       first line
//       second line
//     '''
// Each line loses the four spaces Bruno indents it by, and the whole value its outer white space,
// as Bruno reads it. `*i` moves to the closing line.
QString multiLineValue(const QStringList &lines, int *i, const QString &afterColon)
{
    const int opening = *i;
    QString rest = afterColon.mid(MultiLineQuote.size());
    QStringList value;
    for (;;) {
        if (const qsizetype end = rest.indexOf(MultiLineQuote); end >= 0) {
            value.append(rest.left(end));
            if (!rest.mid(end + MultiLineQuote.size()).trimmed().isEmpty()) {
                throw ImportFailure {QStringLiteral("%1:1").arg(*i + 1),
                                     QStringLiteral("unexpected text after the ''' that closes "
                                                    "the multi-line value of line %1")
                                         .arg(opening + 1)};
            }
            return value.join(QLatin1Char('\n')).trimmed();
        }
        value.append(rest);
        if (++*i == lines.size()) {
            throw ImportFailure {QStringLiteral("%1:1").arg(opening + 1),
                                 QStringLiteral("the multi-line value opened with ''' is never "
                                                "closed with '''")};
        }
        rest = withoutCarriageReturn(lines.at(*i));
        qsizetype indent = 0;
        while (indent < 4 && indent < rest.size() && rest.at(indent) == QLatin1Char(' '))
            ++indent;
        rest = rest.mid(indent);
    }
}

} // namespace

QList<BruBlock> parseBru(const QString &text)
{
    static const QRegularExpression opening(QStringLiteral("^([A-Za-z][\\w:-]*)\\s*([{\\[])\\s*$"));
    QList<BruBlock> blocks;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = withoutCarriageReturn(lines.at(i));
        if (line.trimmed().isEmpty())
            continue;
        const auto match = opening.match(line);
        if (!match.hasMatch()) {
            throw ImportFailure {
                QStringLiteral("%1:1").arg(i + 1),
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
            const QString inner = withoutCarriageReturn(lines.at(i));
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
                    throw ImportFailure {
                        QStringLiteral("%1:%2").arg(i + 1).arg(inner.indexOf(entry) + 1),
                        QStringLiteral("expected \"name: value\" in block %1, found \"%2\"")
                            .arg(block.name, entry)};
                }
                parsed.key = entry.left(colon).trimmed();
                parsed.value = entry.mid(colon + 1).trimmed();
                if (parsed.value.startsWith(MultiLineQuote))
                    parsed.value = multiLineValue(lines, &i, parsed.value);
            }
            block.entries.append(parsed);
        }
        if (!closed) {
            throw ImportFailure {
                QStringLiteral("%1:1").arg(block.line),
                QStringLiteral("block %1 is never closed with %2").arg(block.name, closing)};
        }
        block.text = body.join(QLatin1Char('\n'));
        blocks.append(block);
    }
    return blocks;
}

} // namespace Keyway::ImportDetail
