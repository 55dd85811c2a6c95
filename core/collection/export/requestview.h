#pragma once

// Internal to the text exporters (curl, .http): a request as it would be sent, with inherited
// headers and auth applied, disabled rows dropped and variables resolved where asked, and no
// literal credential (left out with a warning: an export is not a place for secrets).

#include "collection/export/variablesubstitution.h"
#include "collection/workspacedata.h"

namespace Keyway {

struct ExportedRequest
{
    QString method;
    QString url;
    KeyValueList headers; // enabled only; Authorization for bearer auth and Content-Type included
    RequestBody body;
    QString basicUser; // null unless Basic auth
    QString basicPassword;
    bool profileToken = false; // an OAuth profile's token goes in at run time
};

ExportedRequest exportedRequest(const RequestItem &request, const KeyValueList &inheritedHeaders,
                                const RequestAuth &inheritedAuth, const VariableLookup &resolve,
                                const QString &path, QStringList &warnings);

} // namespace Keyway
