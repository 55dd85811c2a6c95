#pragma once

#include <QSyntaxHighlighter>

namespace Keyway {

// Colours JSON as it is read or typed: keys, strings, numbers, true/false/null. Follows the
// palette, so a dark theme gets lighter tones.
class JsonHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonHighlighter)
public:
    explicit JsonHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;
};

} // namespace Keyway
