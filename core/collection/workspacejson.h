#pragma once

// The JSON form of each workspace file (a request, a folder file, an environment, workspace.json)
// and its strict reading: a field of the wrong type fails the whole file with the field's path
// ("headers[2].enabled: expected a boolean, found a string"), so nothing loads half-read.
// Defaults are left out when writing (no "enabled": true, no empty lists).

#include "collection/workspacedata.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace Keyway {

// What workspace.json says besides the value types: the order of the top-level entries.
struct WorkspaceFileInfo
{
    int format = 1;
    QStringList order; // entry names (directories, request files) in the user's order
    QStringList environmentOrder; // environment file names in the user's order
};

// What a folder file (folder.json) says; its children are the directory's entries.
struct FolderFileInfo
{
    QString name; // empty: the directory's name
    QStringList order;
};

namespace WorkspaceJson {

// The version of the format this build writes and the newest it reads.
constexpr int FormatVersion = 1;

QJsonObject fromRequest(const RequestItem &request);
QJsonObject fromEnvironment(const Environment &environment);
// The folder file without children; `name` empty when the directory's name says it.
QJsonObject fromFolder(const FolderItem &folder, const QString &name, const QStringList &order);
QJsonObject fromWorkspace(const WorkspaceData &workspace, const WorkspaceFileInfo &info);

// Each returns nothing and says which field is wrong and why in *error.
std::optional<RequestItem> toRequest(const QJsonObject &object, QString *error);
std::optional<Environment> toEnvironment(const QJsonObject &object, QString *error);
// Fills the folder's own fields (not its children).
std::optional<FolderFileInfo> toFolder(const QJsonObject &object, FolderItem *folder,
                                       QString *error);
std::optional<WorkspaceFileInfo> toWorkspace(const QJsonObject &object, WorkspaceData *workspace,
                                             QString *error);

QString authModeName(RequestAuth::Mode mode);
QString bodyModeName(RequestBody::Mode mode);

} // namespace WorkspaceJson

} // namespace Keyway
