#pragma once

// A collection as one .http file (JetBrains HTTP client, VS Code REST Client): collection and
// workspace variables as file variables (secret ones only named, in a comment), one `###`
// block per request, folders in the request names. No secret value is written.

#include "collection/export/exportresult.h"
#include "collection/export/variablesubstitution.h"
#include "collection/workspacedata.h"

namespace Keyway {

struct HttpFileExportOptions
{
    VariableList workspaceVariables;
    KeyValueList workspaceHeaders;
    RequestAuth workspaceAuth;
    // Resolve collection-level `{{variables}}` too instead of writing them as file variables.
    bool resolveVariables = false;
};

ExportResult exportHttpFile(const FolderItem &collection, const HttpFileExportOptions &options = {});

} // namespace Keyway
