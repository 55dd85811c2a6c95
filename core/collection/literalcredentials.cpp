#include "collection/literalcredentials.h"

#include "log/redaction.h"

#include <QRegularExpression>

namespace Keyway {

namespace {

QString uniqueName(const VariableList &variables, const QString &base)
{
    QString name = base;
    const auto taken = [&variables](const QString &n) {
        return std::any_of(variables.begin(), variables.end(),
                           [&n](const Variable &v) { return v.name == n; });
    };
    for (int i = 2; taken(name); ++i)
        name = QStringLiteral("%1%2").arg(base).arg(i);
    return name;
}

class Mover
{
public:
    QStringList notices;

    void item(const QString &where, RequestAuth &auth, KeyValueList &headers,
              VariableList &variables)
    {
        if (auth.mode == RequestAuth::Mode::Bearer)
            move(where, QStringLiteral("bearer token"), QStringLiteral("bearerToken"), auth.token,
                 variables);
        if (auth.mode == RequestAuth::Mode::Basic)
            move(where, QStringLiteral("basic password"), QStringLiteral("basicPassword"),
                 auth.password, variables);
        for (KeyValue &header : headers) {
            if (!isSecretHeader(header.name.toUtf8()))
                continue;
            // "Bearer abc": only the credential moves, the scheme stays readable in the file.
            static const QRegularExpression scheme(
                QStringLiteral("^([A-Za-z][A-Za-z0-9-]*) (.+)$"));
            const auto match = scheme.match(header.value);
            const QString varBase = variableBase(header.name);
            if (match.hasMatch() && !refersToVariable(header.value)) {
                QString credential = match.captured(2);
                move(where, QStringLiteral("value of header %1").arg(header.name), varBase,
                     credential, variables);
                header.value = match.captured(1) + QLatin1Char(' ') + credential;
            } else {
                move(where, QStringLiteral("value of header %1").arg(header.name), varBase,
                     header.value, variables);
            }
        }
    }

    void folder(const QString &path, FolderItem &folder)
    {
        const QString here = path.isEmpty() ? folder.name : path + QLatin1Char('/') + folder.name;
        item(QStringLiteral("folder '%1'").arg(here), folder.auth, folder.headers,
             folder.variables);
        for (FolderItem &sub : folder.folders)
            this->folder(here, sub);
        for (RequestItem &request : folder.requests)
            this->request(here, request);
    }

    void request(const QString &path, RequestItem &request)
    {
        const QString here = path.isEmpty() ? request.name : path + QLatin1Char('/') + request.name;
        item(QStringLiteral("request '%1'").arg(here), request.auth, request.headers,
             request.variables);
    }

private:
    static QString variableBase(const QString &headerName)
    {
        // "X-API-Key" -> "xApiKeyHeader": a name that reads well in {{...}}.
        QString out;
        bool upper = false;
        for (const QChar c : headerName) {
            if (!c.isLetterOrNumber()) {
                upper = !out.isEmpty();
                continue;
            }
            out += upper ? c.toUpper() : (out.isEmpty() ? c.toLower() : c.toLower());
            upper = false;
        }
        return out + QStringLiteral("Header");
    }

    void move(const QString &where, const QString &what, const QString &base, QString &field,
              VariableList &variables)
    {
        if (refersToVariable(field))
            return;
        Variable secret;
        secret.name = uniqueName(variables, base);
        secret.value = field;
        secret.secret = true;
        variables.append(secret);
        field = QStringLiteral("{{%1}}").arg(secret.name);
        notices.append(QStringLiteral("%1: the %2 was typed in literally; it is now the secret "
                                      "variable {{%3}} of the same item (its value is kept in "
                                      "the keychain, never in the workspace files)")
                           .arg(where, what, secret.name));
    }
};

} // namespace

bool refersToVariable(const QString &value)
{
    static const QRegularExpression reference(QStringLiteral("\\{\\{[^{}]+\\}\\}"));
    return value.trimmed().isEmpty() || reference.match(value).hasMatch();
}

QStringList moveLiteralCredentialsToSecrets(WorkspaceData &workspace)
{
    Mover mover;
    mover.item(QStringLiteral("workspace '%1'").arg(workspace.name), workspace.auth,
               workspace.headers, workspace.variables);
    for (FolderItem &collection : workspace.collections)
        mover.folder({}, collection);
    for (RequestItem &request : workspace.requests)
        mover.request({}, request);
    return mover.notices;
}

} // namespace Keyway
