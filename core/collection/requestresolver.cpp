#include "collection/requestresolver.h"

#include "collection/multipartbody.h"
#include "collection/variableresolver.h"

#include <QDir>
#include <QFileInfo>
#include <QUrl>

namespace Keyway {

namespace {

void setHeader(HeaderList &headers, const QByteArray &name, const QByteArray &value)
{
    for (auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0) {
            header.second = value;
            return;
        }
    }
    headers.append({name, value});
}

bool hasHeader(const HeaderList &headers, const QByteArray &name)
{
    return std::any_of(headers.begin(), headers.end(), [&name](const auto &header) {
        return header.first.compare(name, Qt::CaseInsensitive) == 0;
    });
}

class Resolution
{
public:
    Resolution(const VariableResolver &variables, ResolvedRequest &out, QString baseDir)
        : m_variables(variables), m_out(out), m_baseDir(std::move(baseDir))
    {
    }

    QString text(const QString &value, const QString &where)
    {
        return m_variables.resolve(value, where, &m_out.errors);
    }

    void headers(const KeyValueList &rows, const QString &owner)
    {
        for (const KeyValue &row : rows) {
            if (!row.enabled || row.name.trimmed().isEmpty())
                continue;
            const QString where = QStringLiteral("header %1 of %2").arg(row.name, owner);
            const QByteArray name = text(row.name, where).toUtf8();
            const QByteArray value = text(row.value, where).toUtf8();
            if (value.contains('\n') || value.contains('\r') || name.contains('\n')) {
                m_out.errors.append(QStringLiteral("%1 holds a line break: not sent").arg(where));
                continue;
            }
            setHeader(m_out.request.headers, name, value);
        }
    }

    QString file(const QString &path, const QString &where)
    {
        const QString resolved = text(path, where);
        const QString absolute = QDir::isAbsolutePath(resolved) || m_baseDir.isEmpty()
            ? resolved
            : QDir(m_baseDir).filePath(resolved);
        if (!QFileInfo(absolute).isFile())
            m_out.errors.append(
                QStringLiteral("%1: the file %2 does not exist").arg(where, absolute));
        return absolute;
    }

private:
    const VariableResolver &m_variables;
    ResolvedRequest &m_out;
    QString m_baseDir;
};

QString quotedPath(const QStringList &names)
{
    return names.join(QLatin1Char('/'));
}

} // namespace

InheritedAuth inheritedAuth(const WorkspaceData &workspace, const ItemLookup &found)
{
    const QStringList folderNames = found.names.mid(0, found.ancestors.size());
    for (qsizetype i = found.ancestors.size() - 1; i >= 0; --i) {
        if (found.ancestors[i]->auth.mode != RequestAuth::Mode::Inherit)
            return {found.ancestors[i]->auth,
                    QStringLiteral("folder '%1'").arg(quotedPath(folderNames.mid(0, i + 1)))};
    }
    return {workspace.auth, QStringLiteral("workspace '%1'").arg(workspace.name)};
}

ResolvedRequest resolveRequest(const WorkspaceData &workspace, const ItemPath &path,
                               const ResolveOptions &options)
{
    ResolvedRequest out;
    const ItemLookup found = lookupItem(workspace, path);
    if (!found.request) {
        out.errors.append(QStringLiteral("no request at this place of the workspace"));
        return out;
    }
    const RequestItem &item = *found.request;
    out.displayName = found.displayPath();
    out.settings = item.settings;
    const QString self = QStringLiteral("request '%1'").arg(out.displayName);

    // Scopes, innermost first.
    VariableResolver variables;
    variables.addScope(self, item.variables);
    QStringList folderNames = found.names.mid(0, found.ancestors.size());
    for (qsizetype i = found.ancestors.size() - 1; i >= 0; --i) {
        const QString label = QStringLiteral("%1 '%2'").arg(i == 0 ? QStringLiteral("collection")
                                                                   : QStringLiteral("folder"),
                                                            quotedPath(folderNames.mid(0, i + 1)));
        variables.addScope(label, found.ancestors[i]->variables);
    }
    if (!options.environment.isEmpty()) {
        const auto env = std::find_if(
            workspace.environments.begin(), workspace.environments.end(),
            [&options](const Environment &e) { return e.name == options.environment; });
        if (env == workspace.environments.end())
            out.errors.append(QStringLiteral("there is no environment '%1' in workspace '%2'")
                                  .arg(options.environment, workspace.name));
        else
            variables.addScope(QStringLiteral("environment '%1'").arg(env->name), env->variables);
    }
    variables.addScope(QStringLiteral("workspace '%1'").arg(workspace.name), workspace.variables);
    variables.setUseProcessEnvironment(options.processEnvironment);
    Resolution resolve(variables, out, options.baseDir);

    Request &request = out.request;
    request.followRedirects = item.settings.followRedirects;
    request.method =
        resolve.text(item.method, QStringLiteral("the method of %1").arg(self)).trimmed().toUtf8();
    const QString urlText = resolve.text(item.url, QStringLiteral("the URL of %1").arg(self));
    // Tolerant: a space typed into a path or query is sent as %20, as browsers do.
    request.url = QUrl(urlText.trimmed());
    if (out.ok()) {
        if (!request.url.isValid() || request.url.host().isEmpty())
            out.errors.append(QStringLiteral("the URL of %1 is not a valid URL: \"%2\" (%3)")
                                  .arg(self, urlText, request.url.errorString()));
        else if (request.url.scheme() != QLatin1String("http")
                 && request.url.scheme() != QLatin1String("https"))
            out.errors.append(QStringLiteral("the URL of %1 must start with http:// or https://: "
                                             "\"%2\"")
                                  .arg(self, urlText));
    }

    // Headers, outermost first so that inner ones replace them.
    resolve.headers(workspace.headers, QStringLiteral("workspace '%1'").arg(workspace.name));
    for (qsizetype i = 0; i < found.ancestors.size(); ++i)
        resolve.headers(found.ancestors[i]->headers,
                        QStringLiteral("folder '%1'").arg(quotedPath(folderNames.mid(0, i + 1))));
    resolve.headers(item.headers, self);

    RequestAuth auth = item.auth;
    QString authOwner = self;
    if (auth.mode == RequestAuth::Mode::Inherit) {
        const InheritedAuth inherited = inheritedAuth(workspace, found);
        auth = inherited.auth;
        authOwner = inherited.owner;
    }
    switch (auth.mode) {
    case RequestAuth::Mode::Inherit:
    case RequestAuth::Mode::None: break;
    case RequestAuth::Mode::Profile:
        out.profile = auth.profile.isEmpty() ? QStringLiteral("default") : auth.profile;
        break;
    case RequestAuth::Mode::Bearer: {
        const QString token =
            resolve.text(auth.token, QStringLiteral("the bearer token of %1").arg(authOwner));
        if (token.isEmpty() && out.ok())
            out.errors.append(QStringLiteral("the bearer token of %1 is empty").arg(authOwner));
        setHeader(request.headers, "Authorization", "Bearer " + token.toUtf8());
        break;
    }
    case RequestAuth::Mode::Basic: {
        const QString user =
            resolve.text(auth.username, QStringLiteral("the basic username of %1").arg(authOwner));
        const QString password =
            resolve.text(auth.password, QStringLiteral("the basic password of %1").arg(authOwner));
        setHeader(request.headers, "Authorization",
                  "Basic " + (user + QLatin1Char(':') + password).toUtf8().toBase64());
        break;
    }
    }

    const RequestBody &body = item.body;
    const QString bodyWhere = QStringLiteral("the body of %1").arg(self);
    QByteArray contentType = body.contentType.toUtf8();
    switch (body.mode) {
    case RequestBody::Mode::None: contentType.clear(); break;
    case RequestBody::Mode::Raw:
        request.body = BodySource::bytes(resolve.text(body.text, bodyWhere).toUtf8());
        break;
    case RequestBody::Mode::FormUrlEncoded: {
        QByteArray form;
        for (const KeyValue &field : body.formFields) {
            if (!field.enabled)
                continue;
            const QString where = QStringLiteral("form field %1 of %2").arg(field.name, self);
            if (!form.isEmpty())
                form += '&';
            form += QUrl::toPercentEncoding(resolve.text(field.name, where)) + '='
                + QUrl::toPercentEncoding(resolve.text(field.value, where));
        }
        request.body = BodySource::bytes(form);
        contentType = "application/x-www-form-urlencoded";
        break;
    }
    case RequestBody::Mode::Multipart: {
        QList<MultipartField> fields;
        for (const MultipartPart &part : body.parts) {
            if (!part.enabled)
                continue;
            const QString where = QStringLiteral("multipart part %1 of %2").arg(part.name, self);
            MultipartField field;
            field.name = resolve.text(part.name, where);
            field.contentType = resolve.text(part.contentType, where);
            if (part.isFile())
                field.filePath = resolve.file(part.filePath, where);
            else
                field.value = resolve.text(part.value, where).toUtf8();
            fields.append(field);
        }
        MultipartBody multipart = makeMultipartBody(fields);
        request.body = multipart.body;
        contentType = multipart.contentType;
        break;
    }
    case RequestBody::Mode::File:
        request.body = BodySource::file(resolve.file(body.filePath, bodyWhere));
        break;
    }
    // An explicit Content-Type header wins, except over multipart's boundary.
    if (!contentType.isEmpty()
        && (body.mode == RequestBody::Mode::Multipart
            || !hasHeader(request.headers, "Content-Type")))
        setHeader(request.headers, "Content-Type", contentType);
    return out;
}

} // namespace Keyway
