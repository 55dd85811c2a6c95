#include "collection/import/importer.h"

#include "collection/import/brunoimporter.h"
#include "collection/import/curlimporter.h"
#include "collection/import/formatdetection.h"
#include "collection/import/httpfileimporter.h"
#include "collection/import/insomniaimporter.h"
#include "collection/import/importfailure.h"
#include "collection/import/postmanimporter.h"
#include "collection/import/textinput.h"

#include <QFile>
#include <QFileInfo>

namespace Keyway {

using namespace ImportDetail;

QString importFormatName(ImportFormat format)
{
    switch (format) {
    case ImportFormat::Unknown: return QStringLiteral("unknown");
    case ImportFormat::PostmanCollection: return QStringLiteral("Postman collection");
    case ImportFormat::PostmanEnvironment: return QStringLiteral("Postman environment");
    case ImportFormat::Insomnia: return QStringLiteral("Insomnia export");
    case ImportFormat::Bruno: return QStringLiteral("Bruno collection");
    case ImportFormat::Curl: return QStringLiteral("curl command");
    case ImportFormat::HttpFile: return QStringLiteral(".http file");
    }
    return {};
}

ImportFormat detectImportFormat(const ImportSource &source)
{
    return detectFormat(source);
}

ImportResult importSource(const ImportSource &source, ImportFormat format)
{
    if (format == ImportFormat::Unknown)
        format = detectFormat(source);
    switch (format) {
    case ImportFormat::PostmanCollection: return importPostmanCollection(source);
    case ImportFormat::PostmanEnvironment: return importPostmanEnvironment(source);
    case ImportFormat::Curl: return importCurl(source);
    case ImportFormat::Insomnia: return importInsomnia(source);
    case ImportFormat::Bruno: return importBruno(source);
    case ImportFormat::HttpFile: return importHttpFile(source);
    case ImportFormat::Unknown: break;
    }
    const QString file = source.fileName.isEmpty() ? source.folder : source.fileName;
    return ImportResult::failure(
        {file.isEmpty() ? QStringLiteral("<input>") : file, QString(),
         QStringLiteral("not a format Keyway imports (Postman collection or environment, "
                        "Insomnia v4 or v5 export, Bruno collection folder, curl command, .http "
                        "file)")});
}

ImportResult importPath(const QString &path, ImportFormat format)
{
    const QFileInfo info(path);
    if (info.isDir())
        return importSource({QByteArray(), path, path}, format);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ImportResult::failure({path, QString(), file.errorString()});
    // The size is checked before reading: a 100 MB file is refused without loading it.
    if (file.size() > MaxImportBytes) {
        return ImportResult::failure(
            {path, QString(), QStringLiteral("the file is %1 MB; imports read at most %2 MB")
                                  .arg(file.size() / (1024 * 1024))
                                  .arg(MaxImportBytes / (1024 * 1024))});
    }
    ImportSource source {file.readAll(), path, info.absolutePath()};
    if (file.error() != QFileDevice::NoError)
        return ImportResult::failure({path, QString(), file.errorString()});
    return importSource(source, format);
}

} // namespace Keyway
