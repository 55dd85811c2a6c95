#include "collection/import/secretlift.h"

#include <QRegularExpression>

namespace Keyway::ImportDetail {

bool isVariableReference(const QString &value)
{
    static const QRegularExpression reference(QStringLiteral("^\\{\\{[^{}]+\\}\\}$"));
    return reference.match(value.trimmed()).hasMatch();
}

QString liftSecret(const QString &value, const QString &baseName, VariableList &scope,
                   QString *variableName)
{
    if (value.isEmpty() || isVariableReference(value))
        return value;
    const auto taken = [&scope](const QString &name) {
        return std::any_of(scope.cbegin(), scope.cend(),
                           [&name](const Variable &v) { return v.name == name; });
    };
    QString name = baseName;
    for (int n = 2; taken(name); ++n)
        name = baseName + QString::number(n);
    scope.append(Variable {name, value, true, true});
    if (variableName)
        *variableName = name;
    return QStringLiteral("{{%1}}").arg(name);
}

} // namespace Keyway::ImportDetail
