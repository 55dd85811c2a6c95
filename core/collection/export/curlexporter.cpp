#include "collection/export/curlexporter.h"

#include "collection/export/requestview.h"

#include <QRegularExpression>

namespace Keyway {

QString shellQuoted(const QString &text)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    if (safe.match(text).hasMatch())
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

ExportResult exportCurl(const RequestItem &request, const CurlExportOptions &options)
{
    ExportResult result;
    const QString path = options.path.isEmpty() ? request.name : options.path;
    const ExportedRequest view = exportedRequest(request, options.inheritedHeaders,
                                                 options.inheritedAuth, options.resolve, path,
                                                 result.warnings);
    // "curl [-X METHOD] URL" on the first line, then one option per line.
    QString head = QStringLiteral("curl ");
    const bool bodyless = view.body.mode == RequestBody::Mode::None;
    if (!(view.method == QLatin1String("GET") && bodyless))
        head += QStringLiteral("-X ") + shellQuoted(view.method) + QLatin1Char(' ');
    QStringList parts {head + shellQuoted(view.url)};
    for (const KeyValue &header : view.headers)
        parts.append(QStringLiteral("-H ") + shellQuoted(header.name + QStringLiteral(": ") + header.value));
    if (!view.basicUser.isNull())
        parts.append(QStringLiteral("-u ") + shellQuoted(view.basicUser + QLatin1Char(':') + view.basicPassword));
    if (view.profileToken) {
        // Double quotes so that the shell puts the token in; it is never written here.
        parts.append(QStringLiteral("-H \"Authorization: Bearer $KEYWAY_ACCESS_TOKEN\""));
        result.warnings.append(QStringLiteral("%1: set KEYWAY_ACCESS_TOKEN to a token of profile "
                                              "\"%2\" before running the command")
                                   .arg(path, request.auth.mode == RequestAuth::Mode::Profile
                                                  ? request.auth.profile
                                                  : options.inheritedAuth.profile));
    }
    switch (view.body.mode) {
    case RequestBody::Mode::None: break;
    case RequestBody::Mode::Raw:
        parts.append(QStringLiteral("--data-raw ") + shellQuoted(view.body.text));
        break;
    case RequestBody::Mode::FormUrlEncoded:
        for (const KeyValue &field : view.body.formFields) {
            if (field.enabled)
                parts.append(QStringLiteral("--data-urlencode ")
                             + shellQuoted(field.name + QLatin1Char('=') + field.value));
        }
        break;
    case RequestBody::Mode::Multipart:
        for (const MultipartPart &part : view.body.parts) {
            if (!part.enabled)
                continue;
            if (part.isFile()) {
                QString value = part.name + QStringLiteral("=@") + part.filePath;
                if (!part.contentType.isEmpty())
                    value += QStringLiteral(";type=") + part.contentType;
                parts.append(QStringLiteral("-F ") + shellQuoted(value));
            } else {
                // --form-string: a value starting with @ or < is text, not a file.
                parts.append(QStringLiteral("--form-string ") + shellQuoted(part.name + QLatin1Char('=') + part.value));
            }
        }
        break;
    case RequestBody::Mode::File:
        parts.append(QStringLiteral("--data-binary ") + shellQuoted(QLatin1Char('@') + view.body.filePath));
        break;
    }
    // curl does not follow redirects unless told to; Keyway does unless the request says not.
    if (request.settings.followRedirects)
        parts.append(QStringLiteral("-L"));
    if (request.settings.timeoutMs > 0)
        parts.append(QStringLiteral("--max-time ") + QString::number(request.settings.timeoutMs / 1000.0));
    result.data = parts.join(QStringLiteral(" \\\n  ")).toUtf8() + '\n';
    return result;
}

} // namespace Keyway
