#include "collection/import/shellwords.h"

#include "collection/import/importfailure.h"

#include <QRegularExpression>

namespace Keyway::ImportDetail {

namespace {

QString position(const QString &text, qsizetype offset)
{
    const qsizetype line = text.left(offset).count(QLatin1Char('\n')) + 1;
    const qsizetype lineStart = text.lastIndexOf(QLatin1Char('\n'), offset - 1) + 1;
    return QStringLiteral("%1:%2").arg(line).arg(offset - lineStart + 1);
}

bool isBlank(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\r');
}

// Collects words and commands; both dialects feed it.
class WordBuilder
{
public:
    void startWordAt(qsizetype offset)
    {
        if (!m_inWord) {
            m_inWord = true;
            m_word = ShellWord {QString(), offset, false};
        }
    }
    void append(QChar c, qsizetype offset)
    {
        startWordAt(offset);
        m_word.text += c;
    }
    void append(const QString &s, qsizetype offset)
    {
        startWordAt(offset);
        m_word.text += s;
    }
    void markInvalidBytes() { m_word.containsInvalidBytes = true; }
    void endWord()
    {
        if (m_inWord)
            m_command.append(m_word);
        m_inWord = false;
    }
    void endCommand()
    {
        endWord();
        if (!m_command.isEmpty())
            m_commands.append(m_command);
        m_command.clear();
    }
    bool inWord() const { return m_inWord; }
    QList<ShellCommand> finish()
    {
        endCommand();
        return m_commands;
    }

private:
    QList<ShellCommand> m_commands;
    ShellCommand m_command;
    ShellWord m_word;
    bool m_inWord = false;
};

int hexDigit(QChar c)
{
    if (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
        return c.unicode() - '0';
    if (c >= QLatin1Char('a') && c <= QLatin1Char('f'))
        return c.unicode() - 'a' + 10;
    if (c >= QLatin1Char('A') && c <= QLatin1Char('F'))
        return c.unicode() - 'A' + 10;
    return -1;
}

// bash's $'...' (ANSI-C quoting). Bytes from \xNN and octal escapes are collected and decoded
// as UTF-8 together, as the shell passes bytes.
qsizetype readAnsiC(const QString &text, qsizetype i, WordBuilder &out, qsizetype start)
{
    QByteArray bytes;
    const auto flush = [&]() {
        if (bytes.isEmpty())
            return;
        const QString decoded = QString::fromUtf8(bytes);
        if (decoded.toUtf8() != bytes)
            out.markInvalidBytes();
        out.append(decoded, start);
        bytes.clear();
    };
    out.startWordAt(start);
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\'')) {
            flush();
            return i + 1;
        }
        if (c != QLatin1Char('\\') || i + 1 >= text.size()) {
            flush();
            out.append(c, start);
            ++i;
            continue;
        }
        const QChar e = text.at(i + 1);
        i += 2;
        const auto hex = [&](int maxDigits) {
            uint value = 0;
            for (int n = 0; n < maxDigits && i < text.size() && hexDigit(text.at(i)) >= 0; ++n, ++i)
                value = value * 16 + uint(hexDigit(text.at(i)));
            return value;
        };
        switch (e.unicode()) {
        case 'n': bytes += '\n'; break;
        case 't': bytes += '\t'; break;
        case 'r': bytes += '\r'; break;
        case 'a': bytes += '\a'; break;
        case 'b': bytes += '\b'; break;
        case 'e':
        case 'E': bytes += '\x1b'; break;
        case 'f': bytes += '\f'; break;
        case 'v': bytes += '\v'; break;
        case '\\': bytes += '\\'; break;
        case '\'': bytes += '\''; break;
        case '"': bytes += '"'; break;
        case '?': bytes += '?'; break;
        case 'x': bytes += char(hex(2)); break;
        case 'u':
        case 'U': {
            const uint code = hex(e == QLatin1Char('u') ? 4 : 8);
            const char32_t ucs4 = code;
            bytes += QString::fromUcs4(&ucs4, 1).toUtf8();
            break;
        }
        default:
            if (e >= QLatin1Char('0') && e <= QLatin1Char('7')) {
                uint value = e.unicode() - '0';
                for (int n = 0; n < 2 && i < text.size() && text.at(i) >= QLatin1Char('0')
                                && text.at(i) <= QLatin1Char('7');
                     ++n, ++i)
                    value = value * 8 + (text.at(i).unicode() - '0');
                bytes += char(value & 0xFF);
            } else {
                bytes += '\\';
                bytes += QString(e).toUtf8();
            }
        }
    }
    throw ImportFailure {position(text, start), QStringLiteral("unterminated $'...' quote")};
}

QList<ShellCommand> splitBash(const QString &text)
{
    WordBuilder out;
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\\') && i + 1 < text.size()) {
            const QChar next = text.at(i + 1);
            if (next == QLatin1Char('\n')) {
                i += 2; // a line continuation
            } else if (next == QLatin1Char('\r') && i + 2 < text.size()
                       && text.at(i + 2) == QLatin1Char('\n')) {
                i += 3;
            } else {
                out.append(next, i);
                i += 2;
            }
        } else if (c == QLatin1Char('\'')) {
            const qsizetype end = text.indexOf(QLatin1Char('\''), i + 1);
            if (end < 0)
                throw ImportFailure {position(text, i), QStringLiteral("unterminated ' quote")};
            out.append(text.mid(i + 1, end - i - 1), i);
            i = end + 1;
        } else if (c == QLatin1Char('$') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\'')) {
            i = readAnsiC(text, i + 2, out, i);
        } else if (c == QLatin1Char('"')) {
            const qsizetype start = i;
            out.startWordAt(start);
            ++i;
            bool closed = false;
            while (i < text.size()) {
                const QChar d = text.at(i);
                if (d == QLatin1Char('"')) {
                    closed = true;
                    ++i;
                    break;
                }
                if (d == QLatin1Char('\\') && i + 1 < text.size()) {
                    const QChar e = text.at(i + 1);
                    // Inside double quotes a backslash escapes only these (bash manual, 3.1.2.3).
                    if (e == QLatin1Char('\n')) {
                        i += 2;
                        continue;
                    }
                    if (QStringLiteral("$`\"\\").contains(e)) {
                        out.append(e, start);
                        i += 2;
                        continue;
                    }
                }
                out.append(d, start);
                ++i;
            }
            if (!closed)
                throw ImportFailure {position(text, start), QStringLiteral("unterminated \" quote")};
        } else if (c == QLatin1Char('#') && !out.inWord()) {
            while (i < text.size() && text.at(i) != QLatin1Char('\n'))
                ++i;
        } else if (c == QLatin1Char('\n') || c == QLatin1Char(';') || c == QLatin1Char('&')
                   || c == QLatin1Char('|')) {
            out.endCommand();
            ++i;
        } else if (isBlank(c)) {
            out.endWord();
            ++i;
        } else {
            out.append(c, i);
            ++i;
        }
    }
    return out.finish();
}

QList<ShellCommand> splitCmd(const QString &text)
{
    // First what cmd.exe does: `^` escapes the next character (a newline too, which continues
    // the line), `&` separates commands; inside cmd's own quotes `^` is literal.
    struct Char
    {
        QChar c;
        qsizetype offset;
        bool escaped;
    };
    QList<QList<Char>> lines(1);
    bool cmdQuoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        QChar c = text.at(i);
        if (c == QLatin1Char('\r'))
            continue;
        if (c == QLatin1Char('^') && !cmdQuoted && i + 1 < text.size()) {
            ++i;
            if (text.at(i) == QLatin1Char('\r') && i + 1 < text.size())
                ++i;
            if (text.at(i) == QLatin1Char('\n')) {
                // A continuation: the first character of the next line is taken literally,
                // which is how Chrome writes a newline inside a value (^ + two newlines).
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\r'))
                    ++i;
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n')) {
                    ++i;
                    lines.last().append({QLatin1Char('\n'), i, true});
                }
                continue;
            }
            lines.last().append({text.at(i), i, true});
            continue;
        }
        if (c == QLatin1Char('"'))
            cmdQuoted = !cmdQuoted;
        if (!cmdQuoted && (c == QLatin1Char('\n') || c == QLatin1Char('&') || c == QLatin1Char('|'))) {
            lines.append(QList<Char>());
            continue;
        }
        lines.last().append({c, i, false});
    }

    // Then what the C runtime does with the command line: whitespace splits words outside
    // quotes and `\"` is a literal quote. Chrome also doubles every backslash, so `\\` is read
    // as one: the bytes the browser sent.
    WordBuilder out;
    for (const QList<Char> &line : std::as_const(lines)) {
        bool quoted = false;
        qsizetype quoteStart = 0;
        for (qsizetype i = 0; i < line.size(); ++i) {
            const Char &ch = line.at(i);
            if (ch.c == QLatin1Char('\\') && i + 1 < line.size()
                && (line.at(i + 1).c == QLatin1Char('"') || line.at(i + 1).c == QLatin1Char('\\'))) {
                out.append(line.at(i + 1).c, ch.offset);
                ++i;
            } else if (ch.c == QLatin1Char('"')) {
                out.startWordAt(ch.offset);
                quoted = !quoted;
                quoteStart = ch.offset;
            } else if (!quoted && (ch.c == QLatin1Char(' ') || ch.c == QLatin1Char('\t'))) {
                out.endWord();
            } else {
                out.append(ch.c, ch.offset);
            }
        }
        if (quoted)
            throw ImportFailure {position(text, quoteStart), QStringLiteral("unterminated \" quote")};
        out.endCommand();
    }
    return out.finish();
}

} // namespace

ShellDialect detectShellDialect(const QString &text)
{
    static const QRegularExpression caretContinuation(QStringLiteral("\\^\\s*\\r?\\n"));
    if (text.contains(QLatin1String("^\"")) || caretContinuation.match(text).hasMatch())
        return ShellDialect::Cmd;
    return ShellDialect::Bash;
}

QList<ShellCommand> splitShellCommands(const QString &text, ShellDialect dialect)
{
    return dialect == ShellDialect::Cmd ? splitCmd(text) : splitBash(text);
}

} // namespace Keyway::ImportDetail
