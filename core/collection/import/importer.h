#pragma once

// The one way into a workspace from another tool: bytes (or a folder, for Bruno) in, an
// ImportResult out, with the format recognised from the content.

#include "collection/import/importresult.h"

#include <QByteArray>
#include <QString>

namespace Keyway {

enum class ImportFormat {
    Unknown, // recognise it from the content
    PostmanCollection, // v2.0 and v2.1
    PostmanEnvironment, // an environment or globals export
    Insomnia, // v4 export, JSON or YAML; v5 file (collection, design document, environments)
    Bruno, // a collection folder of .bru files
    Curl, // one or more curl command lines (bash or Windows cmd quoting)
    HttpFile, // .http / .rest (JetBrains HTTP client, VS Code REST Client)
};

QString importFormatName(ImportFormat format);

struct ImportSource
{
    QByteArray bytes; // the file's content (empty for a folder format)
    QString fileName; // named in errors; its suffix helps recognise the format
    QString folder; // a folder format's root (Bruno), or the folder relative file paths start at
};

// The format of `source`, from its content (and for a folder, from the files in it).
ImportFormat detectImportFormat(const ImportSource &source);

ImportResult importSource(const ImportSource &source, ImportFormat format = ImportFormat::Unknown);

// Reads a file (refusing more than the import limit before reading it) or a Bruno folder.
ImportResult importPath(const QString &path, ImportFormat format = ImportFormat::Unknown);

} // namespace Keyway
