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

QString liftSecretReported(const QString &value, const QString &baseName, const QString &what,
                           VariableList &scope, const QString &path, QList<ImportIssue> &issues)
{
    QString name;
    const QString reference = liftSecret(value, baseName, scope, &name);
    if (!name.isEmpty()) {
        issues.append({path, QStringLiteral("the %1 was moved to the secret variable {{%2}} (kept in "
                                            "the keychain, not in the collection files)")
                                 .arg(what, name)});
    }
    return reference;
}

RequestAuth bearerAuth(const QString &token, VariableList &scope, const QString &path,
                       QList<ImportIssue> &issues)
{
    RequestAuth auth;
    auth.mode = RequestAuth::Mode::Bearer;
    auth.token = liftSecretReported(token, QStringLiteral("token"), QStringLiteral("bearer token"),
                                    scope, path, issues);
    return auth;
}

RequestAuth basicAuth(const QString &username, const QString &password, VariableList &scope,
                      const QString &path, QList<ImportIssue> &issues)
{
    RequestAuth auth;
    auth.mode = RequestAuth::Mode::Basic;
    auth.username = username;
    auth.password = liftSecretReported(password, QStringLiteral("password"),
                                       QStringLiteral("Basic password"), scope, path, issues);
    return auth;
}

RequestAuth unsupportedAuth(const QString &type, const QString &path, QList<ImportIssue> &issues)
{
    issues.append({path, QStringLiteral("auth type \"%1\" is not supported; imported without auth").arg(type)});
    RequestAuth auth;
    auth.mode = RequestAuth::Mode::None;
    return auth;
}

} // namespace Keyway::ImportDetail
