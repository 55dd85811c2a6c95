#include "collection/import/postmanimporter.h"

#include "collection/export/postmanassertionscript.h"
#include "collection/export/postmanvariablescript.h"
#include "collection/import/importguard.h"
#include "collection/import/jsoncursor.h"
#include "collection/import/oauthprofile.h"
#include "collection/import/secretlift.h"
#include "collection/import/textinput.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace Keyway {

using namespace ImportDetail;

namespace {

const auto L = [](const char *text) {
    return QLatin1String(text);
};

QString childPath(const QString &parent, const QString &name)
{
    return parent.isEmpty() ? name : parent + QLatin1Char('/') + name;
}

// Postman's raw body "language" and the media type it stands for.
QString contentTypeOfLanguage(const QString &language)
{
    static const QHash<QString, QString> types {
        {QStringLiteral("json"), QStringLiteral("application/json")},
        {QStringLiteral("xml"), QStringLiteral("application/xml")},
        {QStringLiteral("html"), QStringLiteral("text/html")},
        {QStringLiteral("javascript"), QStringLiteral("application/javascript")},
        {QStringLiteral("text"), QStringLiteral("text/plain")},
    };
    return types.value(language.toLower());
}

class PostmanReader
{
public:
    PostmanReader(ImportResult &result, QString collectionName)
        : m_result(result), m_collectionName(std::move(collectionName))
    {
    }

    // Where the reader is: the item path of the item being read, left in place when a failure
    // unwinds so that the error can name it.
    const QString &where() const { return m_where; }

    FolderItem readCollection(const JsonCursor &root)
    {
        FolderItem collection;
        collection.name = m_collectionName;
        collection.description = root[L("info")][L("description")].description();
        m_where = collection.name;
        collection.variables = readVariables(root[L("variable")]);
        collection.auth = readAuth(root[L("auth")], collection.name, collection.variables);
        readEvents(root[L("event")], collection.name);
        const JsonCursor items = root[L("item")];
        if (!items.isArray())
            items.expected("an array of items");
        readItems(items, collection, QString(), 1);
        return collection;
    }

    VariableList readVariables(const JsonCursor &list)
    {
        VariableList variables;
        for (const JsonCursor &entry : list.elements()) {
            if (!entry.isObject())
                entry.expected("a variable object");
            Variable variable;
            variable.name = entry[L("key")].string();
            if (variable.name.isEmpty())
                variable.name = entry[L("id")].string();
            if (variable.name.isEmpty())
                variable.name = entry[L("name")].string();
            if (variable.name.isEmpty())
                entry.fail(QStringLiteral("a variable without a key"));
            variable.value = entry[L("value")].scalarText();
            variable.enabled = !entry[L("disabled")].boolean(false);
            variable.secret = entry[L("type")].string() == QLatin1String("secret");
            variables.append(variable);
        }
        return variables;
    }

private:
    void readItems(const JsonCursor &items, FolderItem &into, const QString &parentPath, int depth)
    {
        if (depth > MaxFolderDepth)
            items.fail(QStringLiteral("folders nest deeper than %1 levels").arg(MaxFolderDepth));
        for (const JsonCursor &item : items.elements()) {
            if (!item.isObject())
                item.expected("an item object");
            const QString name = item[L("name")].scalarText();
            const QString path = childPath(parentPath, name);
            m_where = path;
            if (item.has(L("item"))) {
                FolderItem folder;
                folder.name = name;
                folder.description = item[L("description")].description();
                folder.variables = readVariables(item[L("variable")]);
                folder.auth = readAuth(item[L("auth")], path, folder.variables);
                readEvents(item[L("event")], path);
                const JsonCursor children = item[L("item")];
                if (!children.isArray())
                    children.expected("an array of items");
                readItems(children, folder, path, depth + 1);
                into.folders.append(std::move(folder));
            } else if (item.has(L("request"))) {
                into.requests.append(readRequestItem(item, name, path));
            } else {
                item.fail(QStringLiteral("an item with neither \"request\" nor \"item\""));
            }
            m_where = parentPath;
        }
    }

    RequestItem readRequestItem(const JsonCursor &item, const QString &name, const QString &path)
    {
        RequestItem request;
        request.name = name;
        request.variables = readVariables(item[L("variable")]);
        const JsonCursor source = item[L("request")];
        if (source.isString()) {
            // The schema allows a bare URL: a GET.
            request.url = source.string();
        } else if (source.isObject()) {
            request.method = source[L("method")].string(QStringLiteral("GET"));
            if (source[L("url")].isMissing())
                source.fail(QStringLiteral("a request without a url"));
            readUrl(source[L("url")], request);
            request.headers = readHeaders(source[L("header")]);
            request.body = readBody(source[L("body")], path);
            request.auth = readAuth(source[L("auth")], path, request.variables);
            request.description = source[L("description")].description();
            if (source.has(L("proxy")) && !source[L("proxy")].isMissing())
                issue(path, QStringLiteral("proxy setting not imported"));
            if (source.has(L("certificate")) && !source[L("certificate")].isMissing())
                issue(path, QStringLiteral("client certificate not imported"));
        } else {
            source.expected("a request object or a URL string");
        }
        if (request.description.isEmpty())
            request.description = item[L("description")].description();
        readEvents(item[L("event")], path, &request.assertions);
        readBehaviour(item[L("protocolProfileBehavior")], request, path);
        const qsizetype examples = item[L("response")].elements().size();
        if (examples > 0)
            issue(path, QStringLiteral("%1 saved example response(s) not imported").arg(examples));
        return request;
    }

    void readUrl(const JsonCursor &url, RequestItem &request)
    {
        if (url.isMissing())
            return;
        if (url.isString()) {
            request.url = url.string();
            return;
        }
        if (!url.isObject())
            url.expected("a URL string or object");

        QList<KeyValue> enabledQuery;
        for (const JsonCursor &param : url[L("query")].elements()) {
            if (!param.isObject())
                param.expected("a query parameter object");
            KeyValue kv {param[L("key")].scalarText(), param[L("value")].scalarText(),
                         !param[L("disabled")].boolean(false),
                         param[L("description")].description()};
            (kv.enabled ? enabledQuery : request.disabledQuery).append(kv);
        }

        if (url.has(L("raw")) && !url[L("raw")].isMissing()) {
            // raw is what Postman sends: the enabled parameters are already in it.
            request.url = url[L("raw")].string();
        } else {
            request.url = urlFromParts(url, enabledQuery);
            if (request.url.isEmpty())
                url.fail(QStringLiteral("a URL with neither \"raw\" nor \"host\""));
        }

        // Postman's path variables (/users/:id) become request variables ({{id}}).
        for (const JsonCursor &entry : url[L("variable")].elements()) {
            if (!entry.isObject())
                entry.expected("a path variable object");
            const QString key = entry[L("key")].scalarText();
            if (key.isEmpty())
                entry.fail(QStringLiteral("a path variable without a key"));
            const QRegularExpression segment(
                QStringLiteral("/:%1(?=[/?#]|$)").arg(QRegularExpression::escape(key)));
            request.url.replace(segment, QStringLiteral("/{{%1}}").arg(key));
            request.variables.append(
                {key, entry[L("value")].scalarText(), !entry[L("disabled")].boolean(false), false});
        }
    }

    static QString joinedPart(const JsonCursor &part, QLatin1Char separator)
    {
        if (part.isMissing() || part.isString())
            return part.string();
        QStringList pieces;
        for (const JsonCursor &piece : part.elements()) {
            // A path segment may be an object {type, value} (schema: path-segment).
            pieces.append(piece.isObject() ? piece[L("value")].scalarText() : piece.scalarText());
        }
        return pieces.join(separator);
    }

    static QString urlFromParts(const JsonCursor &url, const QList<KeyValue> &query)
    {
        const QString host = joinedPart(url[L("host")], QLatin1Char('.'));
        if (host.isEmpty())
            return {};
        QString text;
        const QString protocol = url[L("protocol")].string();
        if (!protocol.isEmpty())
            text += protocol + QStringLiteral("://");
        text += host;
        const QString port = url[L("port")].scalarText();
        if (!port.isEmpty())
            text += QLatin1Char(':') + port;
        const QString path = joinedPart(url[L("path")], QLatin1Char('/'));
        if (!path.isEmpty())
            text += (path.startsWith(QLatin1Char('/')) ? QString() : QStringLiteral("/")) + path;
        QStringList pairs;
        for (const KeyValue &kv : query)
            pairs.append(kv.name + QLatin1Char('=') + kv.value);
        if (!pairs.isEmpty())
            text += QLatin1Char('?') + pairs.join(QLatin1Char('&'));
        const QString hash = url[L("hash")].string();
        if (!hash.isEmpty())
            text += QLatin1Char('#') + hash;
        return text;
    }

    static KeyValueList readHeaders(const JsonCursor &list)
    {
        KeyValueList headers;
        if (list.isString()) {
            // v2.0 allows the headers as one "Name: value\n..." string.
            const QStringList lines = list.string().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            for (const QString &line : lines) {
                const qsizetype colon = line.indexOf(QLatin1Char(':'));
                if (colon <= 0)
                    list.fail(QStringLiteral("a header line without a name: \"%1\"").arg(line));
                headers.append(
                    {line.left(colon).trimmed(), line.mid(colon + 1).trimmed(), true, {}});
            }
            return headers;
        }
        for (const JsonCursor &entry : list.elements()) {
            if (!entry.isObject())
                entry.expected("a header object");
            const QString key = entry[L("key")].string();
            if (key.isEmpty())
                entry.fail(QStringLiteral("a header without a name"));
            headers.append({key, entry[L("value")].scalarText(),
                            !entry[L("disabled")].boolean(false),
                            entry[L("description")].description()});
        }
        return headers;
    }

    RequestBody readBody(const JsonCursor &source, const QString &path)
    {
        RequestBody body;
        if (!source.isPresentObject("a body object"))
            return body;
        const QString mode = source[L("mode")].string();
        if (source[L("disabled")].boolean(false))
            issue(path, QStringLiteral("the body is switched off in the source; imported as sent"));
        if (mode.isEmpty()) {
            return body;
        } else if (mode == QLatin1String("raw")) {
            body.mode = RequestBody::Mode::Raw;
            body.text = source[L("raw")].string();
            body.contentType =
                contentTypeOfLanguage(source[L("options")][L("raw")][L("language")].string());
        } else if (mode == QLatin1String("urlencoded")) {
            body.mode = RequestBody::Mode::FormUrlEncoded;
            for (const JsonCursor &entry : source[L("urlencoded")].elements()) {
                if (!entry.isObject())
                    entry.expected("a form field object");
                body.formFields.append(
                    {entry[L("key")].scalarText(), entry[L("value")].scalarText(),
                     !entry[L("disabled")].boolean(false), entry[L("description")].description()});
            }
        } else if (mode == QLatin1String("formdata")) {
            body.mode = RequestBody::Mode::Multipart;
            readFormData(source[L("formdata")], body, path);
        } else if (mode == QLatin1String("file")) {
            const JsonCursor file = source[L("file")];
            const QString src = file[L("src")].string();
            if (!src.isEmpty()) {
                body.mode = RequestBody::Mode::File;
                body.filePath = src;
            } else if (file.has(L("content"))) {
                body.mode = RequestBody::Mode::Raw;
                body.text = file[L("content")].string();
            } else {
                issue(path,
                      QStringLiteral("the binary body has no file chosen; imported without "
                                     "a body"));
            }
        } else if (mode == QLatin1String("graphql")) {
            const JsonCursor graphql = source[L("graphql")];
            QJsonObject payload {{QStringLiteral("query"), graphql[L("query")].string()}};
            const QString variables = graphql[L("variables")].string();
            if (!variables.trimmed().isEmpty()) {
                const QJsonDocument parsed = QJsonDocument::fromJson(variables.toUtf8());
                if (parsed.isObject())
                    payload.insert(QStringLiteral("variables"), parsed.object());
                else
                    payload.insert(QStringLiteral("variables"), variables);
            }
            body.mode = RequestBody::Mode::Raw;
            body.contentType = QStringLiteral("application/json");
            body.text = QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Indented));
            issue(path, QStringLiteral("the GraphQL body was imported as the JSON body it sends"));
        } else {
            source[L("mode")].fail(QStringLiteral("unknown body mode \"%1\"").arg(mode));
        }
        return body;
    }

    void readFormData(const JsonCursor &list, RequestBody &body, const QString &path)
    {
        for (const JsonCursor &entry : list.elements()) {
            if (!entry.isObject())
                entry.expected("a form-data object");
            MultipartPart part;
            part.name = entry[L("key")].scalarText();
            part.enabled = !entry[L("disabled")].boolean(false);
            part.contentType = entry[L("contentType")].string();
            const QString type = entry[L("type")].string(QStringLiteral("text"));
            if (type == QLatin1String("file")) {
                const JsonCursor src = entry[L("src")];
                QStringList files;
                if (src.isArray()) {
                    for (const JsonCursor &one : src.elements())
                        files.append(one.string());
                } else {
                    files.append(src.string());
                }
                files.removeAll(QString());
                if (files.isEmpty()) {
                    issue(path,
                          QStringLiteral("form-data file \"%1\" has no file chosen; left out")
                              .arg(part.name));
                    continue;
                }
                for (const QString &file : std::as_const(files)) {
                    part.filePath = file;
                    body.parts.append(part);
                }
            } else if (type == QLatin1String("text")) {
                part.value = entry[L("value")].scalarText();
                body.parts.append(part);
            } else {
                entry[L("type")].fail(QStringLiteral("unknown form-data type \"%1\"").arg(type));
            }
        }
    }

    // The attributes of one auth type: a list of {key, value} (v2.1) or an object (v2.0).
    static QHash<QString, JsonCursor> authAttributes(const JsonCursor &source)
    {
        QHash<QString, JsonCursor> attributes;
        if (source.isArray()) {
            for (const JsonCursor &entry : source.elements()) {
                if (!entry.isObject())
                    entry.expected("an auth attribute object");
                const QString key = entry[L("key")].string();
                if (key.isEmpty())
                    entry.fail(QStringLiteral("an auth attribute without a key"));
                attributes.insert(key, entry[L("value")]);
            }
        } else {
            for (const auto &[key, value] : source.members())
                attributes.insert(key, value);
        }
        return attributes;
    }

    static QList<QPair<QString, QString>> extraParams(const JsonCursor &list)
    {
        QList<QPair<QString, QString>> params;
        for (const JsonCursor &entry : list.elements()) {
            if (!entry.isObject())
                entry.expected("a parameter object");
            if (!entry[L("enabled")].boolean(true))
                continue;
            params.append({entry[L("key")].scalarText(), entry[L("value")].scalarText()});
        }
        return params;
    }

    RequestAuth readAuth(const JsonCursor &source, const QString &path, VariableList &scope)
    {
        RequestAuth auth;
        if (!source.isPresentObject("an auth object"))
            return auth;
        const QString type = source[L("type")].string();
        if (type.isEmpty())
            source.fail(QStringLiteral("an auth object without a type"));
        const JsonCursor settings = source[QLatin1String(type.toLatin1())];
        const auto attributes = authAttributes(settings);
        const auto text = [&attributes](const char *key) {
            const auto it = attributes.constFind(QLatin1String(key));
            return it == attributes.cend() ? QString() : it->scalarText();
        };
        if (type == QLatin1String("noauth")) {
            auth.mode = RequestAuth::Mode::None;
        } else if (type == QLatin1String("inherit")) {
            auth.mode = RequestAuth::Mode::Inherit;
        } else if (type == QLatin1String("bearer")) {
            auth = bearerAuth(text("token"), scope, issuePath(path), m_result.issues);
        } else if (type == QLatin1String("basic")) {
            auth = basicAuth(text("username"), text("password"), scope, issuePath(path),
                             m_result.issues);
        } else if (type == QLatin1String("oauth2")) {
            OAuthSettings oauth = readOAuthSettings(
                text, {"grant_type", "accessTokenUrl", "authUrl", "redirect_uri"});
            oauth.name = text("tokenName");
            oauth.clientAuthInBody = text("client_authentication") == QLatin1String("body");
            if (attributes.contains(QStringLiteral("authRequestParams")))
                oauth.extraAuthorizationParams =
                    extraParams(attributes[QStringLiteral("authRequestParams")]);
            if (attributes.contains(QStringLiteral("tokenRequestParams")))
                oauth.extraTokenParams =
                    extraParams(attributes[QStringLiteral("tokenRequestParams")]);
            if (!text("accessToken").isEmpty())
                issue(path,
                      QStringLiteral("the stored OAuth access token was not imported; sign "
                                     "in with the profile"));
            auth.mode = RequestAuth::Mode::Profile;
            auth.profile = addOAuthProfile(m_result, oauth, m_collectionName, path);
        } else {
            auth = unsupportedAuth(type, issuePath(path), m_result.issues);
        }
        return auth;
    }

    // `assertions`: a request's, for the test script Keyway's export writes for them.
    void readEvents(const JsonCursor &events, const QString &path,
                    AssertionList *assertions = nullptr)
    {
        for (const JsonCursor &event : events.elements()) {
            if (!event.isObject())
                event.expected("an event object");
            const QString listen = event[L("listen")].string();
            const JsonCursor exec = event[L("script")][L("exec")];
            QStringList lines;
            if (exec.isArray()) {
                for (const JsonCursor &line : exec.elements())
                    lines.append(line.string());
            } else {
                lines = exec.string().split(QLatin1Char('\n'));
            }
            // The script Keyway's own export adds for folder and request variables is not lost:
            // the variables it sets are read from "variable".
            if (lines.join(QString()).trimmed().isEmpty() || isPostmanVariableScript(lines))
                continue;
            if (assertions && listen == QLatin1String("test")) {
                if (const auto checks = assertionsOfPostmanScript(lines)) {
                    *assertions = *checks;
                    continue;
                }
            }
            const QString what = listen == QLatin1String("prerequest")
                ? QStringLiteral("pre-request script")
                : listen == QLatin1String("test") ? QStringLiteral("test script")
                                                  : QStringLiteral("\"%1\" script").arg(listen);
            issue(path, QStringLiteral("%1 not imported").arg(what));
        }
    }

    void readBehaviour(const JsonCursor &behaviour, RequestItem &request, const QString &path)
    {
        if (behaviour.isMissing())
            return;
        request.settings.followRedirects = behaviour[L("followRedirects")].boolean(true);
        if (!behaviour[L("strictSSL")].boolean(true))
            issue(path,
                  QStringLiteral("certificate checks stay on: Keyway does not turn off TLS "
                                 "verification"));
    }

    QString issuePath(const QString &path) const
    {
        return path.isEmpty() ? m_collectionName : path;
    }

    void issue(const QString &path, const QString &message)
    {
        m_result.issues.append({issuePath(path), message});
    }

    ImportResult &m_result;
    QString m_collectionName;
    QString m_where;
};

QJsonObject rootObject(const QByteArray &bytes)
{
    const QJsonDocument document = parseJson(bytes);
    if (!document.isObject())
        throw ImportFailure {QStringLiteral("(top level)"),
                             QStringLiteral("expected a JSON object")};
    return document.object();
}

} // namespace

bool isPostmanCollection(const QJsonObject &root)
{
    const QJsonValue schema =
        root.value(QLatin1String("info")).toObject().value(QLatin1String("schema"));
    return schema.toString().contains(QLatin1String("getpostman.com/json/collection"))
        || schema.toString().contains(QLatin1String("postman.com/json/collection"));
}

bool isPostmanEnvironment(const QJsonObject &root)
{
    return root.contains(QLatin1String("_postman_variable_scope"))
        || (root.value(QLatin1String("values")).isArray() && root.contains(QLatin1String("name"))
            && !root.contains(QLatin1String("info")));
}

ImportResult importPostmanCollection(const ImportSource &source)
{
    return guardedImport(source.fileName, &source.bytes, [&source](ImportResult &result) {
        const QJsonObject object = rootObject(source.bytes);
        const JsonCursor root(object, QString());
        const QString schema = root[L("info")][L("schema")].string();
        if (schema.contains(QLatin1String("/v1.")))
            root[L("info")][L("schema")].fail(
                QStringLiteral("Postman collection v1 cannot be imported: export the collection "
                               "from Postman as v2.1"));
        if (!root[L("info")].isObject())
            root[L("info")].expected("the collection's info object");
        PostmanReader reader(result, root[L("info")][L("name")].scalarText());
        try {
            result.workspace.collections.append(reader.readCollection(root));
        } catch (ImportFailure &failure) {
            if (!reader.where().isEmpty())
                failure.place += QStringLiteral(" (in %1)").arg(reader.where());
            throw;
        }
    });
}

ImportResult importPostmanEnvironment(const ImportSource &source)
{
    return guardedImport(source.fileName, &source.bytes, [&source](ImportResult &result) {
        const QJsonObject object = rootObject(source.bytes);
        const JsonCursor root(object, QString());
        VariableList variables;
        for (const JsonCursor &entry : root[L("values")].elements()) {
            if (!entry.isObject())
                entry.expected("a variable object");
            Variable variable;
            variable.name = entry[L("key")].string();
            if (variable.name.isEmpty())
                entry.fail(QStringLiteral("a variable without a key"));
            variable.value = entry[L("value")].scalarText();
            variable.enabled = entry[L("enabled")].boolean(true);
            variable.secret = entry[L("type")].string() == QLatin1String("secret");
            variables.append(variable);
        }
        const QString name = root[L("name")].scalarText();
        if (root[L("_postman_variable_scope")].string() == QLatin1String("globals")) {
            result.workspace.variables = variables;
            result.issues.append({name,
                                  QStringLiteral("Postman globals imported as workspace "
                                                 "variables")});
        } else {
            result.workspace.environments.append({name, variables});
        }
    });
}

} // namespace Keyway
