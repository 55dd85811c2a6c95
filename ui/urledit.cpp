#include "urledit.h"

#include "collection/variableresolver.h"

#include <QCoreApplication>
#include <QEvent>
#include <QHelpEvent>
#include <QInputMethodEvent>
#include <QRegularExpression>
#include <QTextCharFormat>
#include <QToolTip>

#include <optional>

namespace Keyway {

namespace {

const QRegularExpression &variablePattern()
{
    static const QRegularExpression pattern(QStringLiteral("\\{\\{\\s*([^{}\\s]+)\\s*\\}\\}"));
    return pattern;
}

} // namespace

UrlEdit::UrlEdit(QWidget *parent) : QLineEdit(parent)
{
    connect(this, &QLineEdit::textChanged, this, &UrlEdit::highlight);
    // The formats are placed relative to the cursor: follow it.
    connect(this, &QLineEdit::cursorPositionChanged, this, &UrlEdit::highlight);
}

void UrlEdit::setLookup(Lookup lookup)
{
    m_lookup = std::move(lookup);
    highlight();
}

void UrlEdit::refreshVariables()
{
    highlight();
}

void UrlEdit::highlight()
{
    // QLineEdit has no rich text; input-method attributes are its one way to format ranges,
    // relative to the cursor position.
    QList<QInputMethodEvent::Attribute> attributes;
    const QString content = text();
    auto it = variablePattern().globalMatch(content);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const QString name = match.captured(1);
        const bool builtIn = name.startsWith(QLatin1Char('$'));
        const bool known = builtIn || (m_lookup && m_lookup(name).has_value());
        QTextCharFormat format;
        format.setForeground(known ? QColor(0x1f, 0x7a, 0xd4) : QColor(0xc6, 0x28, 0x28));
        format.setFontWeight(QFont::DemiBold);
        if (!known)
            format.setFontUnderline(true);
        attributes << QInputMethodEvent::Attribute(QInputMethodEvent::TextFormat,
                                                   int(match.capturedStart()) - cursorPosition(),
                                                   int(match.capturedLength()), format);
    }
    QInputMethodEvent event(QString(), attributes);
    QCoreApplication::sendEvent(this, &event);
}

bool UrlEdit::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const QStringList names = VariableResolver::referencedNames(text());
        if (names.isEmpty())
            return QLineEdit::event(event);
        QStringList lines;
        for (const QString &name : names) {
            const std::optional<QString> value = m_lookup ? m_lookup(name) : std::nullopt;
            lines << (value ? QStringLiteral("{{%1}} = %2").arg(name, *value)
                            : tr("{{%1}} is not defined: add it to the environment or the "
                                 "workspace")
                                  .arg(name));
        }
        QToolTip::showText(static_cast<QHelpEvent *>(event)->globalPos(),
                           lines.join(QLatin1Char('\n')), this);
        return true;
    }
    return QLineEdit::event(event);
}

} // namespace Keyway
