#include "collection/workspacedata.h"

namespace Keyway {

bool operator==(const FolderItem &a, const FolderItem &b)
{
    return a.name == b.name && a.description == b.description && a.headers == b.headers
        && a.auth == b.auth && a.variables == b.variables && a.folders == b.folders
        && a.requests == b.requests;
}

} // namespace Keyway
