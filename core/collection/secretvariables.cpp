#include "collection/secretvariables.h"

#include <QHash>

namespace Keyway {

void forEachSecret(WorkspaceData &workspace,
                   const std::function<void(const QString &scope, Variable &variable)> &visit)
{
    const auto each = [&visit](const QString &scope, VariableList &variables) {
        for (Variable &v : variables) {
            if (v.secret)
                visit(scope, v);
        }
    };
    each(QStringLiteral("workspace"), workspace.variables);
    for (Environment &e : workspace.environments)
        each(QStringLiteral("environment/") + e.name, e.variables);
    for (RequestItem &r : workspace.requests)
        each(QStringLiteral("request/") + r.name, r.variables);
    // Iterative: an imported tree may nest deeper than a stack should.
    struct Frame
    {
        QString path;
        FolderItem *folder;
    };
    QList<Frame> stack;
    for (FolderItem &c : workspace.collections)
        stack.append({c.name, &c});
    while (!stack.isEmpty()) {
        const Frame frame = stack.takeLast();
        each(QStringLiteral("folder/") + frame.path, frame.folder->variables);
        for (RequestItem &r : frame.folder->requests)
            each(QStringLiteral("request/") + frame.path + QLatin1Char('/') + r.name, r.variables);
        for (FolderItem &f : frame.folder->folders)
            stack.append({frame.path + QLatin1Char('/') + f.name, &f});
    }
}

void carrySecretValues(const WorkspaceData &from, WorkspaceData &to)
{
    QHash<QString, QString> values;
    forEachSecret(const_cast<WorkspaceData &>(from), [&values](const QString &scope, Variable &v) {
        if (!v.value.isEmpty())
            values.insert(scope + QLatin1Char('\n') + v.name, v.value);
    });
    if (values.isEmpty())
        return;
    forEachSecret(to, [&values](const QString &scope, Variable &v) {
        if (v.value.isEmpty())
            v.value = values.value(scope + QLatin1Char('\n') + v.name);
    });
}

} // namespace Keyway
