#pragma once

#include "collection/itempath.h"
#include "collection/workspacedata.h"

#include <optional>

namespace Keyway::Cli {

// What a command's PATH names: a workspace folder (or a workspace's name, as --workspace takes
// it), a folder in it, or one request file, loaded with its workspace. run and export share it.
struct WorkspaceTarget
{
    QString root; // the workspace folder, absolute
    WorkspaceData data;
    ItemPath item; // empty: the whole workspace
};

// Errors name the path and what to do; *problems lists the workspace files that cannot be read
// (then nothing is returned: a run or an export of half a workspace would mislead).
std::optional<WorkspaceTarget> openWorkspaceTarget(const QString &path, QString *error,
                                                   QStringList *problems);

} // namespace Keyway::Cli
