#include "collection/export/variablesubstitution.h"

#include <QRegularExpression>

namespace Keyway {

QString substituteVariables(const QString &text, const VariableLookup &lookup,
                            const QString &path, QStringList &warnings)
{
    if (!lookup || !text.contains(QLatin1String("{{")))
        return text;
    static const QRegularExpression reference(QStringLiteral("\\{\\{\\s*([^{}]+?)\\s*\\}\\}"));
    QString out;
    qsizetype last = 0;
    for (auto it = reference.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        out += QStringView(text).mid(last, match.capturedStart() - last);
        last = match.capturedEnd();
        const QString name = match.captured(1);
        const std::optional<Variable> variable = lookup(name);
        QString warning;
        if (!variable || !variable->enabled)
            warning = QStringLiteral("%1: {{%2}} is not defined; left as it is").arg(path, name);
        else if (variable->secret)
            warning = QStringLiteral("%1: {{%2}} is secret; left as it is").arg(path, name);
        if (warning.isEmpty()) {
            out += variable->value;
        } else {
            out += match.captured(0);
            if (!warnings.contains(warning))
                warnings.append(warning);
        }
    }
    out += QStringView(text).mid(last);
    return out;
}

VariableList mergedScopes(const VariableList &inner, const VariableList &outer)
{
    VariableList merged = inner;
    for (const Variable &variable : outer) {
        if (std::none_of(inner.cbegin(), inner.cend(),
                         [&variable](const Variable &v) { return v.name == variable.name; }))
            merged.append(variable);
    }
    return merged;
}

VariableLookup lookupIn(QList<VariableList> scopes)
{
    return [scopes = std::move(scopes)](const QString &name) -> std::optional<Variable> {
        for (const VariableList &scope : scopes) {
            for (const Variable &variable : scope) {
                if (variable.name == name && variable.enabled)
                    return variable;
            }
        }
        return std::nullopt;
    };
}

} // namespace Keyway
