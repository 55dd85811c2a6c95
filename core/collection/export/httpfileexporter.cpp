#include "collection/export/httpfileexporter.h"

#include "collection/export/requestview.h"

#include <QUrl>
#include <QUuid>

namespace Keyway {

namespace {

class HttpFileWriter
{
public:
    HttpFileWriter(const HttpFileExportOptions &options, QStringList &warnings)
        : m_options(options)
        , m_warnings(warnings)
    {
    }

    QString write(const FolderItem &collection)
    {
        QString out = QStringLiteral("# %1\n").arg(collection.name);
        if (!collection.description.isEmpty()) {
            for (const QString &line : collection.description.split(QLatin1Char('\n')))
                out += QStringLiteral("# %1\n").arg(line);
        }
        // File variables: the collection's, then the workspace's it does not shadow.
        const VariableList fileVariables = mergedScopes(collection.variables, m_options.workspaceVariables);
        QStringList secrets;
        QString variableLines;
        for (const Variable &variable : std::as_const(fileVariables)) {
            if (!variable.enabled)
                continue;
            if (variable.secret)
                secrets.append(variable.name);
            else if (!m_options.resolveVariables)
                variableLines += QStringLiteral("@%1 = %2\n").arg(variable.name, variable.value);
        }
        if (!variableLines.isEmpty())
            out += QLatin1Char('\n') + variableLines;
        if (!secrets.isEmpty()) {
            out += QStringLiteral("# Secret variables, to be set in http-client.private.env.json: %1\n")
                       .arg(secrets.join(QStringLiteral(", ")));
        }
        m_fileScope = fileVariables;
        const RequestAuth auth = collection.auth.mode == RequestAuth::Mode::Inherit ? m_options.workspaceAuth
                                                                                     : collection.auth;
        writeFolder(collection, m_options.workspaceHeaders + collection.headers, auth, {}, QString(), out);
        return out;
    }

private:
    void writeFolder(const FolderItem &folder, const KeyValueList &headers, const RequestAuth &auth,
                     const QList<VariableList> &scopes, const QString &prefix, QString &out)
    {
        for (const RequestItem &request : folder.requests)
            writeRequest(request, headers, auth, scopes, prefix + request.name, out);
        for (const FolderItem &child : folder.folders) {
            QList<VariableList> inner = scopes;
            inner.prepend(child.variables);
            writeFolder(child, headers + child.headers,
                        child.auth.mode == RequestAuth::Mode::Inherit ? auth : child.auth, inner,
                        prefix + child.name + QStringLiteral(" / "), out);
        }
    }

    void writeRequest(const RequestItem &request, const KeyValueList &headers, const RequestAuth &auth,
                      QList<VariableList> scopes, const QString &name, QString &out)
    {
        // Folder and request variables have no place in the file: their values go in directly,
        // as do the file's own when asked. Anything else stays {{name}} for the client.
        scopes.prepend(request.variables);
        if (m_options.resolveVariables)
            scopes.append(m_fileScope);
        const VariableLookup lookup = lookupIn(scopes);
        QStringList unresolved; // {{file variables}} are the client's to resolve: no warning
        const ExportedRequest view = exportedRequest(request, headers, auth, lookup, name, unresolved);
        for (const QString &warning : std::as_const(unresolved)) {
            if (warning.contains(QLatin1String("is secret")) || m_options.resolveVariables
                || warning.contains(QLatin1String("the literal")))
                m_warnings.append(warning);
        }

        out += QStringLiteral("\n### %1\n").arg(name);
        if (!request.description.isEmpty()) {
            for (const QString &line : request.description.split(QLatin1Char('\n')))
                out += QStringLiteral("# %1\n").arg(line);
        }
        if (!request.settings.followRedirects)
            out += QStringLiteral("# @no-redirect\n");
        out += view.method + QLatin1Char(' ') + view.url + QLatin1Char('\n');
        QString multipartBoundary;
        if (view.body.mode == RequestBody::Mode::Multipart) {
            multipartBoundary = QStringLiteral("keyway-") + QUuid::createUuid().toString(QUuid::Id128).left(16);
            out += QStringLiteral("Content-Type: multipart/form-data; boundary=%1\n").arg(multipartBoundary);
        } else if (view.body.mode == RequestBody::Mode::FormUrlEncoded) {
            out += QStringLiteral("Content-Type: application/x-www-form-urlencoded\n");
        }
        for (const KeyValue &header : view.headers)
            out += header.name + QStringLiteral(": ") + header.value + QLatin1Char('\n');
        if (!view.basicUser.isNull())
            out += QStringLiteral("Authorization: Basic %1 %2\n").arg(view.basicUser, view.basicPassword);
        if (view.profileToken) {
            out += QStringLiteral("Authorization: Bearer {{accessToken}}\n");
            m_warnings.append(QStringLiteral("%1: the OAuth profile's token is {{accessToken}}; set it "
                                             "in http-client.private.env.json").arg(name));
        }
        writeBody(view.body, multipartBoundary, out);
    }

    static void writeBody(const RequestBody &body, const QString &boundary, QString &out)
    {
        switch (body.mode) {
        case RequestBody::Mode::None: return;
        case RequestBody::Mode::Raw: out += QLatin1Char('\n') + body.text + QLatin1Char('\n'); return;
        case RequestBody::Mode::File: out += QStringLiteral("\n< %1\n").arg(body.filePath); return;
        case RequestBody::Mode::FormUrlEncoded: {
            QStringList pairs;
            for (const KeyValue &field : body.formFields) {
                if (field.enabled)
                    pairs.append(QString::fromLatin1(QUrl::toPercentEncoding(field.name)) + QLatin1Char('=')
                                 + QString::fromLatin1(QUrl::toPercentEncoding(field.value)));
            }
            out += QLatin1Char('\n') + pairs.join(QStringLiteral("\n&")) + QLatin1Char('\n');
            return;
        }
        case RequestBody::Mode::Multipart:
            out += QLatin1Char('\n');
            for (const MultipartPart &part : body.parts) {
                if (!part.enabled)
                    continue;
                out += QStringLiteral("--%1\n").arg(boundary);
                out += QStringLiteral("Content-Disposition: form-data; name=\"%1\"").arg(part.name);
                if (part.isFile())
                    out += QStringLiteral("; filename=\"%1\"").arg(part.filePath.section(QLatin1Char('/'), -1));
                out += QLatin1Char('\n');
                if (!part.contentType.isEmpty())
                    out += QStringLiteral("Content-Type: %1\n").arg(part.contentType);
                out += QLatin1Char('\n');
                out += part.isFile() ? QStringLiteral("< %1\n").arg(part.filePath) : part.value + QLatin1Char('\n');
            }
            out += QStringLiteral("--%1--\n").arg(boundary);
            return;
        }
    }

    const HttpFileExportOptions &m_options;
    QStringList &m_warnings;
    VariableList m_fileScope;
};

} // namespace

ExportResult exportHttpFile(const FolderItem &collection, const HttpFileExportOptions &options)
{
    ExportResult result;
    HttpFileWriter writer(options, result.warnings);
    result.data = writer.write(collection).toUtf8();
    return result;
}

} // namespace Keyway
