#include "jsonhighlighter.h"

#include <QGuiApplication>
#include <QPalette>
#include <QRegularExpression>

namespace Keyway {

JsonHighlighter::JsonHighlighter(QTextDocument *document) : QSyntaxHighlighter(document) { }

void JsonHighlighter::highlightBlock(const QString &text)
{
    const bool dark = QGuiApplication::palette().color(QPalette::Base).lightnessF() < 0.5;
    const QColor key = dark ? QColor(0x9c, 0xdc, 0xfe) : QColor(0x0b, 0x4f, 0x9e);
    const QColor string = dark ? QColor(0xce, 0x91, 0x78) : QColor(0xa3, 0x15, 0x15);
    const QColor number = dark ? QColor(0xb5, 0xce, 0xa8) : QColor(0x09, 0x86, 0x58);
    const QColor literal = dark ? QColor(0x56, 0x9c, 0xd6) : QColor(0x80, 0x00, 0x80);

    // One pass per line: a string followed by ':' is a key.
    static const QRegularExpression token(QStringLiteral(
        "(\"(?:[^\"\\\\]|\\\\.)*\")(\\s*:)?|(-?\\b\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?\\b)|"
        "\\b(true|false|null)\\b"));
    auto it = token.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        QTextCharFormat format;
        if (match.capturedStart(1) >= 0) {
            const bool isKey = match.capturedStart(2) >= 0;
            format.setForeground(isKey ? key : string);
            if (isKey)
                format.setFontWeight(QFont::DemiBold);
            setFormat(int(match.capturedStart(1)), int(match.capturedLength(1)), format);
        } else if (match.capturedStart(3) >= 0) {
            format.setForeground(number);
            setFormat(int(match.capturedStart(3)), int(match.capturedLength(3)), format);
        } else {
            format.setForeground(literal);
            format.setFontWeight(QFont::DemiBold);
            setFormat(int(match.capturedStart(4)), int(match.capturedLength(4)), format);
        }
    }
}

} // namespace Keyway
