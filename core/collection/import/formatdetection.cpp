#include "collection/import/formatdetection.h"

#include "collection/import/brunoimporter.h"
#include "collection/import/curlimporter.h"
#include "collection/import/httpfileimporter.h"
#include "collection/import/insomniaimporter.h"
#include "collection/import/postmanimporter.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Keyway::ImportDetail {

namespace {

QByteArrayView trimmedStart(const QByteArray &bytes)
{
    QByteArrayView view(bytes);
    if (view.startsWith("\xEF\xBB\xBF"))
        view = view.sliced(3);
    while (!view.isEmpty() && QChar::isSpace(static_cast<unsigned char>(view.front())))
        view = view.sliced(1);
    return view;
}

ImportFormat detectJson(const QByteArray &bytes)
{
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    if (!document.isObject()) {
        // Broken JSON is still reported as the format it claims to be, so that the error says
        // where it broke instead of "unknown format".
        if (bytes.contains("\"__export_format\"") || bytes.contains(".insomnia.rest/"))
            return ImportFormat::Insomnia;
        if (bytes.contains("_postman_variable_scope"))
            return ImportFormat::PostmanEnvironment;
        if (bytes.contains("schema.getpostman.com") || bytes.contains("\"info\""))
            return ImportFormat::PostmanCollection;
        return ImportFormat::Unknown;
    }
    const QJsonObject root = document.object();
    if (isInsomniaObject(root))
        return ImportFormat::Insomnia;
    if (isPostmanCollection(root) || root.value(QLatin1String("info")).isObject())
        return ImportFormat::PostmanCollection;
    if (isPostmanEnvironment(root))
        return ImportFormat::PostmanEnvironment;
    return ImportFormat::Unknown;
}

} // namespace

ImportFormat detectFormat(const ImportSource &source)
{
    if (source.bytes.isEmpty() && !source.folder.isEmpty())
        return isBrunoFolder(source.folder) ? ImportFormat::Bruno : ImportFormat::Unknown;
    const QByteArrayView start = trimmedStart(source.bytes);
    if (start.startsWith('{'))
        return detectJson(source.bytes);
    if (isInsomniaYaml(source.bytes))
        return ImportFormat::Insomnia;
    if (isCurlCommand(source.bytes))
        return ImportFormat::Curl;
    const QString suffix = source.fileName.section(QLatin1Char('.'), -1).toLower();
    if (suffix == QLatin1String("http") || suffix == QLatin1String("rest")
        || looksLikeHttpFile(source.bytes))
        return ImportFormat::HttpFile;
    return ImportFormat::Unknown;
}

} // namespace Keyway::ImportDetail
