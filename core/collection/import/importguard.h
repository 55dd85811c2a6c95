#pragma once

// Internal to the importers: runs one format's reader with the common input checks and turns
// a failure anywhere inside it into an ImportError naming the file.

#include "collection/import/importresult.h"

#include <QByteArray>
#include <functional>

namespace Keyway::ImportDetail {

// `bytes` are checked (size, UTF-8) first unless null; `read` fills the result.
ImportResult guardedImport(const QString &fileName, const QByteArray *bytes,
                           const std::function<void(ImportResult &)> &read);

} // namespace Keyway::ImportDetail
