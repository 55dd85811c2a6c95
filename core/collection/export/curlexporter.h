#pragma once

// A request as one curl command line for bash, properly quoted. No secret value is written:
// secret variables stay `{{name}}` and a profile's token is read from $KEYWAY_ACCESS_TOKEN.

#include "collection/export/exportresult.h"
#include "collection/export/variablesubstitution.h"
#include "collection/workspacedata.h"

namespace Keyway {

struct CurlExportOptions
{
    VariableLookup resolve; // empty: `{{variables}}` are written as they are
    KeyValueList inheritedHeaders; // of the enclosing folders and workspace, outermost first
    RequestAuth inheritedAuth; // what Inherit means for this request
    QString path; // names the request in warnings
};

ExportResult exportCurl(const RequestItem &request, const CurlExportOptions &options = {});

// `text` as one bash word: bare when it is safe, else in single quotes.
QString shellQuoted(const QString &text);

} // namespace Keyway
