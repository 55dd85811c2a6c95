#include "collection/export/postmanvariablescript.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace Keyway {

namespace {

const QString marker = QStringLiteral(
    "// Keyway: this item's variables (newman resolves no folder or request variables)");

QString jsString(const QString &text)
{
    // A JSON string is a JavaScript string literal.
    const QByteArray json = QJsonDocument(QJsonArray {text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

} // namespace

QStringList postmanVariableScript(const VariableList &variables)
{
    QStringList lines;
    for (const Variable &variable : variables) {
        if (variable.enabled && !variable.secret) {
            lines.append(QStringLiteral("pm.variables.set(%1, %2);")
                             .arg(jsString(variable.name), jsString(variable.value)));
        }
    }
    if (!lines.isEmpty())
        lines.prepend(marker);
    return lines;
}

bool isPostmanVariableScript(const QStringList &lines)
{
    if (lines.isEmpty() || lines.first() != marker)
        return false;
    static const QRegularExpression setter(
        QStringLiteral("^pm\\.variables\\.set\\(\"(?:[^\"\\\\]|\\\\.)*\", \"(?:[^\"\\\\]|\\\\.)*\"\\);$"));
    return std::all_of(lines.cbegin() + 1, lines.cend(),
                       [](const QString &line) { return setter.match(line).hasMatch(); });
}

} // namespace Keyway
