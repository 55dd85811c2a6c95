#pragma once

// A collection as a Postman collection v2.1 file that Postman imports and newman runs, and an
// environment as a Postman environment file. No secret value is ever written: secret variables
// keep their name with an empty value, and literal credentials are left out with a warning.

#include "auth/profile.h"
#include "collection/export/exportresult.h"
#include "collection/workspacedata.h"

namespace Keyway {

struct PostmanExportContext
{
    // The workspace around the collection: its variables, headers and auth apply inside it
    // (Postman has no scope above a collection, so they are written into it).
    VariableList workspaceVariables;
    KeyValueList workspaceHeaders;
    RequestAuth workspaceAuth;
    // The settings of the profiles the collection names, for Postman's OAuth 2.0 auth.
    QList<Profile> profiles;
};

ExportResult exportPostmanCollection(const FolderItem &collection,
                                     const PostmanExportContext &context = {});
ExportResult exportPostmanEnvironment(const Environment &environment);

} // namespace Keyway
