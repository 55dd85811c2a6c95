#include "collection/workspacelocation.h"

#include "collection/atomicfile.h"
#include "collection/stablejson.h"
#include "collection/workspacestore.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QStandardPaths>
#include <QUuid>

namespace Keyway {

const QString WorkspaceLocation::DefaultName = QStringLiteral("default");

QString WorkspaceLocation::workspacesRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + QStringLiteral("/keyway/workspaces");
}

QString WorkspaceLocation::localRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + QStringLiteral("/keyway/local");
}

std::optional<WorkspaceLocation> WorkspaceLocation::resolve(const QString &nameOrPath,
                                                            QString *error)
{
    const QString given = nameOrPath.isEmpty() ? DefaultName : nameOrPath;
    WorkspaceLocation location;
    if (given.contains(QLatin1Char('/'))) {
        location.m_folder = QDir::cleanPath(QFileInfo(given).absoluteFilePath());
        location.m_name = QFileInfo(location.m_folder).fileName();
    } else {
        if (given == QLatin1String(".") || given == QLatin1String("..")) {
            *error = QStringLiteral("'%1' is not a workspace name (write ./ for this folder)")
                         .arg(given);
            return std::nullopt;
        }
        location.m_folder = workspacesRoot() + QLatin1Char('/') + given;
        location.m_name = given;
    }
    const QString file = location.workspaceFile();
    if (!QFileInfo::exists(file))
        return location;
    QString problem;
    const auto object = WorkspaceStore::readJsonFile(file, &problem);
    if (!object) {
        *error = QStringLiteral("%1 %2; fix it or move it away").arg(file, problem);
        return std::nullopt;
    }
    location.m_exists = true;
    const QString name = object->value(QStringLiteral("name")).toString();
    if (!name.isEmpty())
        location.m_name = name;
    location.m_id = object->value(QStringLiteral("id")).toString();
    return location;
}

QString WorkspaceLocation::workspaceFile() const
{
    return m_folder + QLatin1Char('/') + WorkspaceStore::WorkspaceFileName;
}

QString WorkspaceLocation::profilesFolder() const
{
    return m_folder + QLatin1Char('/') + WorkspaceStore::ProfilesDir;
}

QString WorkspaceLocation::localDataPath() const
{
    return m_id.isEmpty() ? QString() : localRoot() + QLatin1Char('/') + m_id;
}

QString WorkspaceLocation::ensureExists()
{
    if (m_exists)
        return {};
    if (!QDir().mkpath(m_folder))
        return QStringLiteral("cannot create the workspace folder %1: check its permissions")
            .arg(QDir::toNativeSeparators(m_folder));
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QByteArray text = stableJson(QJsonObject {{QStringLiteral("format"), 1},
                                                    {QStringLiteral("id"), id},
                                                    {QStringLiteral("name"), m_name}});
    // Created only if no other process did it first (two first logins at once): the id keys the
    // workspace's tokens and history, so there must be one, and the loser takes the winner's.
    bool existed = false;
    if (const QString why = writeNewFileAtomically(workspaceFile(), text, &existed); !why.isEmpty())
        return QStringLiteral("cannot write %1: %2")
            .arg(QDir::toNativeSeparators(workspaceFile()), why);
    if (existed) {
        QString error;
        const auto written = resolve(m_folder, &error);
        if (!written)
            return error;
        *this = *written;
        return {};
    }
    m_id = id;
    m_exists = true;
    return {};
}

} // namespace Keyway
