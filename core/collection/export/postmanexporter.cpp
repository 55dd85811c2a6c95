#include "collection/export/postmanexporter.h"

#include "collection/export/postmanassertionscript.h"
#include "collection/export/postmanvariablescript.h"
#include "collection/export/urlparts.h"
#include "collection/export/variablesubstitution.h"
#include "collection/import/secretlift.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace Keyway {

namespace {

const QString schemaV21 =
    QStringLiteral("https://schema.getpostman.com/json/collection/v2.1.0/collection.json");

QString languageOf(const QString &contentType)
{
    const QString type = contentType.section(QLatin1Char(';'), 0, 0).trimmed().toLower();
    static const QHash<QString, QString> languages {
        {QStringLiteral("application/json"), QStringLiteral("json")},
        {QStringLiteral("application/xml"), QStringLiteral("xml")},
        {QStringLiteral("text/html"), QStringLiteral("html")},
        {QStringLiteral("application/javascript"), QStringLiteral("javascript")},
        {QStringLiteral("text/plain"), QStringLiteral("text")},
    };
    return languages.value(type);
}

bool hasHeader(const KeyValueList &headers, QLatin1String name)
{
    return std::any_of(headers.cbegin(), headers.cend(), [name](const KeyValue &h) {
        return h.enabled && h.name.compare(name, Qt::CaseInsensitive) == 0;
    });
}

QJsonObject keyValue(const KeyValue &kv)
{
    QJsonObject object {{QStringLiteral("key"), kv.name}, {QStringLiteral("value"), kv.value}};
    if (!kv.enabled)
        object.insert(QStringLiteral("disabled"), true);
    if (!kv.description.isEmpty())
        object.insert(QStringLiteral("description"), kv.description);
    return object;
}

QJsonArray keyValues(const KeyValueList &list)
{
    QJsonArray array;
    for (const KeyValue &kv : list)
        array.append(keyValue(kv));
    return array;
}

QJsonArray variables(const VariableList &list)
{
    QJsonArray array;
    for (const Variable &variable : list) {
        QJsonObject object {{QStringLiteral("key"), variable.name},
                            {QStringLiteral("value"), variable.secret ? QString() : variable.value},
                            {QStringLiteral("type"), variable.secret ? QStringLiteral("secret")
                                                                     : QStringLiteral("string")}};
        if (!variable.enabled)
            object.insert(QStringLiteral("disabled"), true);
        array.append(object);
    }
    return array;
}

QJsonObject authAttribute(const QString &key, const QString &value)
{
    return {{QStringLiteral("key"), key}, {QStringLiteral("value"), value},
            {QStringLiteral("type"), QStringLiteral("string")}};
}

class PostmanWriter
{
public:
    PostmanWriter(const PostmanExportContext &context, QStringList &warnings)
        : m_context(context)
        , m_warnings(warnings)
    {
    }

    QJsonObject collection(const FolderItem &folder)
    {
        QJsonObject info {{QStringLiteral("name"), folder.name},
                          {QStringLiteral("schema"), schemaV21},
                          {QStringLiteral("_postman_id"),
                           QUuid::createUuid().toString(QUuid::WithoutBraces)}};
        if (!folder.description.isEmpty())
            info.insert(QStringLiteral("description"), folder.description);

        const VariableList scope = mergedScopes(folder.variables, m_context.workspaceVariables);
        QJsonObject root {{QStringLiteral("info"), info},
                          {QStringLiteral("item"),
                           items(folder, m_context.workspaceHeaders + folder.headers, folder.name)}};
        if (!scope.isEmpty())
            root.insert(QStringLiteral("variable"), variables(scope));
        const RequestAuth &auth = folder.auth.mode == RequestAuth::Mode::Inherit
            ? m_context.workspaceAuth
            : folder.auth;
        if (auth.mode != RequestAuth::Mode::Inherit)
            root.insert(QStringLiteral("auth"), authObject(auth, folder.name));
        return root;
    }

private:
    QJsonArray items(const FolderItem &folder, const KeyValueList &inheritedHeaders,
                     const QString &path)
    {
        QJsonArray array;
        for (const FolderItem &child : folder.folders) {
            const QString childPath = path + QLatin1Char('/') + child.name;
            QJsonObject object {{QStringLiteral("name"), child.name},
                                {QStringLiteral("item"),
                                 items(child, inheritedHeaders + child.headers, childPath)}};
            if (!child.description.isEmpty())
                object.insert(QStringLiteral("description"), child.description);
            if (child.auth.mode != RequestAuth::Mode::Inherit)
                object.insert(QStringLiteral("auth"), authObject(child.auth, childPath));
            addVariables(object, child.variables);
            if (!child.headers.isEmpty())
                m_warnings.append(QStringLiteral("%1: Postman has no folder headers; they were "
                                                 "written into each request inside")
                                      .arg(childPath));
            array.append(object);
        }
        for (const RequestItem &request : folder.requests)
            array.append(item(request, inheritedHeaders, path + QLatin1Char('/') + request.name));
        return array;
    }

    // Folder and request variables: kept in `variable` (Postman's schema) and set by a
    // pre-request script, the only way newman sees them.
    static void addVariables(QJsonObject &object, const VariableList &list)
    {
        if (list.isEmpty())
            return;
        object.insert(QStringLiteral("variable"), variables(list));
        const QStringList script = postmanVariableScript(list);
        if (script.isEmpty())
            return;
        const QJsonObject event {
            {QStringLiteral("listen"), QStringLiteral("prerequest")},
            {QStringLiteral("script"),
             QJsonObject {{QStringLiteral("type"), QStringLiteral("text/javascript")},
                          {QStringLiteral("exec"), QJsonArray::fromStringList(script)}}}};
        object.insert(QStringLiteral("event"), QJsonArray {event});
    }

    QJsonObject item(const RequestItem &request, const KeyValueList &inheritedHeaders,
                     const QString &path)
    {
        KeyValueList headers = inheritedHeaders + request.headers;
        QJsonObject object {{QStringLiteral("method"), request.method}};
        if (!request.description.isEmpty())
            object.insert(QStringLiteral("description"), request.description);
        if (request.body.mode != RequestBody::Mode::None)
            object.insert(QStringLiteral("body"), body(request.body, headers, path));
        object.insert(QStringLiteral("header"), keyValues(headers));
        object.insert(QStringLiteral("url"), url(request));
        if (request.auth.mode != RequestAuth::Mode::Inherit)
            object.insert(QStringLiteral("auth"), authObject(request.auth, path));

        QJsonObject entry {{QStringLiteral("name"), request.name},
                           {QStringLiteral("request"), object},
                           {QStringLiteral("response"), QJsonArray()}};
        addVariables(entry, request.variables);
        const QStringList tests = postmanAssertionScript(request.assertions);
        if (!tests.isEmpty()) {
            QJsonArray events = entry.value(QLatin1String("event")).toArray();
            events.append(QJsonObject {
                {QStringLiteral("listen"), QStringLiteral("test")},
                {QStringLiteral("script"),
                 QJsonObject {{QStringLiteral("type"), QStringLiteral("text/javascript")},
                              {QStringLiteral("exec"), QJsonArray::fromStringList(tests)}}}});
            entry.insert(QStringLiteral("event"), events);
        }
        if (!request.settings.followRedirects)
            entry.insert(QStringLiteral("protocolProfileBehavior"),
                         QJsonObject {{QStringLiteral("followRedirects"), false}});
        if (request.settings.timeoutMs > 0)
            m_warnings.append(QStringLiteral("%1: Postman has no per-request timeout; use "
                                             "newman's --timeout-request").arg(path));
        return entry;
    }

    static QJsonObject url(const RequestItem &request)
    {
        const UrlParts parts = splitUrl(request.url);
        QJsonObject object {{QStringLiteral("raw"), request.url}};
        if (!parts.protocol.isEmpty())
            object.insert(QStringLiteral("protocol"), parts.protocol);
        if (!parts.host.isEmpty())
            object.insert(QStringLiteral("host"), QJsonArray::fromStringList(parts.host));
        if (!parts.port.isEmpty())
            object.insert(QStringLiteral("port"), parts.port);
        if (!parts.path.isEmpty())
            object.insert(QStringLiteral("path"), QJsonArray::fromStringList(parts.path));
        QJsonArray query;
        for (const auto &[key, value] : parts.query) {
            query.append(QJsonObject {{QStringLiteral("key"), key},
                                      {QStringLiteral("value"),
                                       value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null)}});
        }
        for (const KeyValue &kv : request.disabledQuery)
            query.append(keyValue(kv));
        if (!query.isEmpty())
            object.insert(QStringLiteral("query"), query);
        if (!parts.hash.isEmpty())
            object.insert(QStringLiteral("hash"), parts.hash);
        return object;
    }

    QJsonObject body(const RequestBody &body, KeyValueList &headers, const QString &path)
    {
        switch (body.mode) {
        case RequestBody::Mode::None: break;
        case RequestBody::Mode::Raw: {
            QJsonObject object {{QStringLiteral("mode"), QStringLiteral("raw")},
                                {QStringLiteral("raw"), body.text}};
            const QString language = languageOf(body.contentType);
            if (!language.isEmpty()) {
                object.insert(QStringLiteral("options"),
                              QJsonObject {{QStringLiteral("raw"),
                                            QJsonObject {{QStringLiteral("language"), language}}}});
            } else if (!body.contentType.isEmpty()
                       && !hasHeader(headers, QLatin1String("content-type"))) {
                // Postman's languages name five types; any other goes in as a header, or
                // newman would send text/plain.
                headers.append({QStringLiteral("Content-Type"), body.contentType, true, {}});
            }
            return object;
        }
        case RequestBody::Mode::FormUrlEncoded:
            return {{QStringLiteral("mode"), QStringLiteral("urlencoded")},
                    {QStringLiteral("urlencoded"), keyValues(body.formFields)}};
        case RequestBody::Mode::Multipart: {
            QJsonArray parts;
            for (const MultipartPart &part : body.parts) {
                QJsonObject object {{QStringLiteral("key"), part.name}};
                if (part.isFile()) {
                    object.insert(QStringLiteral("type"), QStringLiteral("file"));
                    object.insert(QStringLiteral("src"), part.filePath);
                } else {
                    object.insert(QStringLiteral("type"), QStringLiteral("text"));
                    object.insert(QStringLiteral("value"), part.value);
                }
                if (!part.contentType.isEmpty())
                    object.insert(QStringLiteral("contentType"), part.contentType);
                if (!part.enabled)
                    object.insert(QStringLiteral("disabled"), true);
                parts.append(object);
            }
            return {{QStringLiteral("mode"), QStringLiteral("formdata")},
                    {QStringLiteral("formdata"), parts}};
        }
        case RequestBody::Mode::File:
            if (!body.contentType.isEmpty() && !hasHeader(headers, QLatin1String("content-type")))
                headers.append({QStringLiteral("Content-Type"), body.contentType, true, {}});
            return {{QStringLiteral("mode"), QStringLiteral("file")},
                    {QStringLiteral("file"),
                     QJsonObject {{QStringLiteral("src"), body.filePath}}}};
        }
        Q_UNUSED(path);
        return {};
    }

    // A credential that is not a `{{variable}}` is not written (it would be a secret in a
    // shared file).
    QString credential(const QString &value, const QString &what, const QString &path)
    {
        if (value.isEmpty() || ImportDetail::isVariableReference(value))
            return value;
        m_warnings.append(QStringLiteral("%1: the literal %2 was left out; use a secret variable")
                              .arg(path, what));
        return {};
    }

    QJsonObject authObject(const RequestAuth &auth, const QString &path)
    {
        switch (auth.mode) {
        case RequestAuth::Mode::Inherit:
            return {{QStringLiteral("type"), QStringLiteral("inherit")}};
        case RequestAuth::Mode::None:
            return {{QStringLiteral("type"), QStringLiteral("noauth")}};
        case RequestAuth::Mode::Bearer:
            return {{QStringLiteral("type"), QStringLiteral("bearer")},
                    {QStringLiteral("bearer"),
                     QJsonArray {authAttribute(QStringLiteral("token"),
                                               credential(auth.token, QStringLiteral("bearer token"),
                                                          path))}}};
        case RequestAuth::Mode::Basic:
            return {{QStringLiteral("type"), QStringLiteral("basic")},
                    {QStringLiteral("basic"),
                     QJsonArray {authAttribute(QStringLiteral("username"), auth.username),
                                 authAttribute(QStringLiteral("password"),
                                               credential(auth.password,
                                                          QStringLiteral("Basic password"), path))}}};
        case RequestAuth::Mode::Profile: return oauth2(auth.profile, path);
        }
        return {};
    }

    QJsonObject oauth2(const QString &profileName, const QString &path)
    {
        QJsonArray attributes {authAttribute(QStringLiteral("tokenName"), profileName),
                               authAttribute(QStringLiteral("addTokenTo"), QStringLiteral("header"))};
        const auto it = std::find_if(m_context.profiles.cbegin(), m_context.profiles.cend(),
                                     [&profileName](const Profile &p) { return p.name == profileName; });
        if (it == m_context.profiles.cend()) {
            m_warnings.append(QStringLiteral("%1: the settings of profile \"%2\" were not given; "
                                             "Postman gets only its name").arg(path, profileName));
        } else {
            const Profile &p = *it;
            const QString grant = p.grant == GrantType::Password ? QStringLiteral("password")
                : p.grant == GrantType::ClientCredentials ? QStringLiteral("client_credentials")
                                                          : QStringLiteral("authorization_code_with_pkce");
            const auto add = [&attributes](const char *key, const QString &value) {
                if (!value.isEmpty())
                    attributes.append(authAttribute(QString::fromLatin1(key), value));
            };
            add("grant_type", grant);
            add("accessTokenUrl", p.tokenUrl.toString());
            add("authUrl", p.authorizationUrl.toString());
            add("clientId", p.clientId);
            add("scope", p.scope);
            add("username", p.username);
            add("audience", p.audience);
            add("resource", p.resource);
            add("client_authentication", p.clientAuth == ClientAuthMethod::Body
                                             ? QStringLiteral("body")
                                             : QStringLiteral("header"));
            if (p.grant == GrantType::None)
                add("redirect_uri", QStringLiteral("http://127.0.0.1") + p.redirectPath);
            if (!p.clientSecret.isEmpty() || !p.password.isEmpty())
                m_warnings.append(QStringLiteral("%1: the secret of profile \"%2\" was left out")
                                      .arg(path, profileName));
        }
        return {{QStringLiteral("type"), QStringLiteral("oauth2")},
                {QStringLiteral("oauth2"), attributes}};
    }

    const PostmanExportContext &m_context;
    QStringList &m_warnings;
};

} // namespace

ExportResult exportPostmanCollection(const FolderItem &collection,
                                     const PostmanExportContext &context)
{
    ExportResult result;
    PostmanWriter writer(context, result.warnings);
    result.data = QJsonDocument(writer.collection(collection)).toJson(QJsonDocument::Indented);
    return result;
}

ExportResult exportPostmanEnvironment(const Environment &environment)
{
    QJsonArray values;
    for (const Variable &variable : environment.variables) {
        values.append(QJsonObject {
            {QStringLiteral("key"), variable.name},
            {QStringLiteral("value"), variable.secret ? QString() : variable.value},
            {QStringLiteral("type"), variable.secret ? QStringLiteral("secret") : QStringLiteral("default")},
            {QStringLiteral("enabled"), variable.enabled}});
    }
    const QJsonObject root {{QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                            {QStringLiteral("name"), environment.name},
                            {QStringLiteral("values"), values},
                            {QStringLiteral("_postman_variable_scope"), QStringLiteral("environment")}};
    return {QJsonDocument(root).toJson(QJsonDocument::Indented), {}};
}

} // namespace Keyway
