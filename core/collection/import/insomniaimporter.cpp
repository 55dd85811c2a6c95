#include "collection/import/insomniaimporter.h"

#include "collection/import/importguard.h"
#include "collection/import/jsoncursor.h"
#include "collection/import/oauthprofile.h"
#include "collection/import/secretlift.h"
#include "collection/import/textinput.h"
#include "collection/import/yamlreader.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace Keyway {

using namespace ImportDetail;

namespace {

const auto L = [](const char *text) {
    return QLatin1String(text);
};

struct Resource
{
    JsonCursor cursor;
    QString id;
    QString type;
    QString parentId;
    double sortKey = 0;
    qsizetype order = 0; // position in the file, for equal sort keys
};

class InsomniaReader
{
public:
    explicit InsomniaReader(ImportResult &result) : m_result(result) { }

    const QString &where() const { return m_where; }

    void read(const JsonCursor &root)
    {
        const int format = root[L("__export_format")].scalarText().toInt();
        if (format != 4)
            root[L("__export_format")].fail(
                QStringLiteral("Insomnia export format %1 cannot be imported: "
                               "export as \"Insomnia v4\" (JSON or YAML)")
                    .arg(root[L("__export_format")].scalarText()));
        const QList<JsonCursor> entries = root[L("resources")].elements();
        if (!root[L("resources")].isArray())
            root[L("resources")].expected("an array of resources");
        QList<Resource> resources;
        for (const JsonCursor &entry : entries) {
            if (!entry.isObject())
                entry.expected("a resource object");
            Resource r {entry,
                        entry[L("_id")].scalarText(),
                        entry[L("_type")].string(),
                        entry[L("parentId")].scalarText(),
                        0,
                        resources.size()};
            if (r.id.isEmpty())
                entry[L("_id")].fail(QStringLiteral("a resource without an _id"));
            if (r.type.isEmpty())
                entry[L("_type")].fail(QStringLiteral("a resource without a _type"));
            const JsonCursor sortKey = entry[L("metaSortKey")];
            if (!sortKey.isMissing()) {
                bool ok = false;
                r.sortKey = sortKey.value().isDouble() ? sortKey.value().toDouble()
                                                       : sortKey.scalarText().toDouble(&ok);
                if (!sortKey.value().isDouble() && !ok)
                    sortKey.expected("a number");
            }
            m_children[r.parentId].append(resources.size());
            resources.append(r);
        }
        m_resources = resources;
        qsizetype placed = 0;
        for (const Resource &r : std::as_const(m_resources)) {
            if (r.type != QLatin1String("workspace"))
                continue;
            FolderItem collection;
            collection.name = r.cursor[L("name")].scalarText();
            collection.description = r.cursor[L("description")].string();
            m_where = collection.name;
            ++placed;
            readEnvironments(r.id, collection);
            placed += readChildren(r.id, collection, collection.name, 1);
            m_result.workspace.collections.append(collection);
        }
        if (m_result.workspace.collections.isEmpty())
            root[L("resources")].fail(QStringLiteral("the export has no workspace resource"));
        // Everything not under a workspace (a broken parentId) is said, not dropped silently.
        const qsizetype requests =
            std::count_if(m_resources.cbegin(), m_resources.cend(), [](const Resource &r) {
                return r.type == QLatin1String("request")
                    || r.type == QLatin1String("request_group");
            });
        const qsizetype orphans = requests - m_placedRequests;
        if (orphans > 0)
            m_result.issues.append(
                {QString(),
                 QStringLiteral("%1 request(s) or folder(s) whose parent is missing not imported")
                     .arg(orphans)});
        Q_UNUSED(placed);
    }

private:
    QList<qsizetype> sortedChildren(const QString &parentId) const
    {
        QList<qsizetype> children = m_children.value(parentId);
        std::stable_sort(children.begin(), children.end(), [this](qsizetype a, qsizetype b) {
            return m_resources[a].sortKey < m_resources[b].sortKey;
        });
        return children;
    }

    qsizetype readChildren(const QString &parentId, FolderItem &into, const QString &path,
                           int depth)
    {
        qsizetype placed = 0;
        for (const qsizetype index : sortedChildren(parentId)) {
            const Resource &r = m_resources[index];
            const QString name = r.cursor[L("name")].scalarText();
            const QString childPath = path + QLatin1Char('/') + name;
            m_where = childPath;
            if (r.type == QLatin1String("request_group")) {
                if (depth > MaxFolderDepth)
                    r.cursor.fail(
                        QStringLiteral("folders nest deeper than %1 levels").arg(MaxFolderDepth));
                FolderItem folder;
                folder.name = name;
                folder.description = r.cursor[L("description")].string();
                folder.variables = variablesOf(r.cursor[L("environment")], QJsonValue());
                folder.auth = readAuth(r.cursor[L("authentication")], childPath, folder.variables);
                folder.headers = keyValues(r.cursor[L("headers")]);
                scripts(r.cursor, childPath);
                ++m_placedRequests;
                placed += readChildren(r.id, folder, childPath, depth + 1);
                into.folders.append(folder);
            } else if (r.type == QLatin1String("request")) {
                ++m_placedRequests;
                into.requests.append(readRequest(r.cursor, name, childPath));
            } else if (r.type == QLatin1String("grpc_request")
                       || r.type == QLatin1String("websocket_request")) {
                m_result.issues.append(
                    {childPath,
                     QStringLiteral("%1 not imported (HTTP requests only)").arg(r.type)});
            }
        }
        return placed;
    }

    void readEnvironments(const QString &workspaceId, FolderItem &collection)
    {
        for (const qsizetype index : sortedChildren(workspaceId)) {
            const Resource &base = m_resources[index];
            if (base.type != QLatin1String("environment"))
                continue;
            collection.variables +=
                variablesOf(base.cursor[L("data")], base.cursor[L("dataPropertyOrder")].value());
            for (const qsizetype subIndex : sortedChildren(base.id)) {
                const Resource &sub = m_resources[subIndex];
                if (sub.type != QLatin1String("environment"))
                    continue;
                Environment environment;
                environment.name = sub.cursor[L("name")].scalarText();
                environment.variables =
                    variablesOf(sub.cursor[L("data")], sub.cursor[L("dataPropertyOrder")].value());
                // A private environment is not meant to be shared: its values are secrets.
                if (sub.cursor[L("isPrivate")].boolean(false)) {
                    for (Variable &v : environment.variables)
                        v.secret = true;
                }
                m_result.workspace.environments.append(environment);
            }
        }
    }

    // An environment's data is an object; nested objects are addressed as a.b in Insomnia.
    VariableList variablesOf(const JsonCursor &data, const QJsonValue &order)
    {
        VariableList variables;
        if (data.isMissing())
            return variables;
        const auto members = data.members();
        QStringList keys;
        for (const auto &[key, value] : members)
            keys.append(key);
        // dataPropertyOrder keeps the order the user gave ({"&": ["b", "a"]}); JSON objects lose
        // it.
        const QStringList ordered =
            order.toObject().value(QLatin1String("&")).toVariant().toStringList();
        if (!ordered.isEmpty()
            && QSet<QString>(ordered.cbegin(), ordered.cend())
                == QSet<QString>(keys.cbegin(), keys.cend()))
            keys = ordered;
        for (const QString &key : std::as_const(keys)) {
            const JsonCursor value = data[QLatin1String(key.toUtf8())];
            if (value.isObject() || value.isArray()) {
                variables.append(
                    {key,
                     QString::fromUtf8(QJsonDocument::fromVariant(value.value().toVariant())
                                           .toJson(QJsonDocument::Compact)),
                     true, false});
                m_result.issues.append(
                    {m_where,
                     QStringLiteral("the nested variable \"%1\" was imported as JSON text")
                         .arg(key)});
            } else {
                variables.append({key, normalized(value.scalarText()), true, false});
            }
        }
        return variables;
    }

    // Insomnia writes {{ _.name }} (or {{ name }}); Keyway reads {{name}}. Template tags
    // ({% ... %}) have no equivalent and are reported.
    QString normalized(const QString &text)
    {
        if (!text.contains(QLatin1Char('{')))
            return text;
        static const QRegularExpression variable(
            QStringLiteral("\\{\\{\\s*(?:_\\.)?([^{}\\s]+)\\s*\\}\\}"));
        QString out = text;
        out.replace(variable, QStringLiteral("{{\\1}}"));
        static const QRegularExpression tag(QStringLiteral("\\{%.*?%\\}"));
        for (auto it = tag.globalMatch(out); it.hasNext();) {
            const QString found = it.next().captured(0);
            m_result.issues.append(
                {m_where, QStringLiteral("template tag %1 not imported; left as text").arg(found)});
        }
        return out;
    }

    KeyValueList keyValues(const JsonCursor &list)
    {
        KeyValueList rows;
        for (const JsonCursor &entry : list.elements()) {
            if (!entry.isObject())
                entry.expected("a name/value object");
            rows.append({normalized(entry[L("name")].scalarText()),
                         normalized(entry[L("value")].scalarText()),
                         !entry[L("disabled")].boolean(false), entry[L("description")].string()});
        }
        return rows;
    }

    RequestItem readRequest(const JsonCursor &source, const QString &name, const QString &path)
    {
        RequestItem request;
        request.name = name;
        request.method = source[L("method")].string(QStringLiteral("GET"));
        request.url = normalized(source[L("url")].scalarText());
        request.description = source[L("description")].string();
        QStringList query;
        for (const KeyValue &param : keyValues(source[L("parameters")])) {
            if (param.enabled)
                query.append(param.name + QLatin1Char('=') + param.value);
            else
                request.disabledQuery.append(param);
        }
        if (!query.isEmpty())
            request.url +=
                (request.url.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?'))
                + query.join(QLatin1Char('&'));
        request.headers = keyValues(source[L("headers")]);
        request.body = readBody(source[L("body")], path);
        request.auth = readAuth(source[L("authentication")], path, request.variables);
        const QString follow = source[L("settingFollowRedirects")].string();
        request.settings.followRedirects = follow != QLatin1String("off");
        scripts(source, path);
        return request;
    }

    void scripts(const JsonCursor &source, const QString &path)
    {
        if (!source[L("preRequestScript")].string().trimmed().isEmpty())
            m_result.issues.append({path, QStringLiteral("pre-request script not imported")});
        if (!source[L("afterResponseScript")].string().trimmed().isEmpty())
            m_result.issues.append({path, QStringLiteral("after-response script not imported")});
    }

    RequestBody readBody(const JsonCursor &source, const QString &path)
    {
        RequestBody body;
        if (!source.isPresentObject("a body object"))
            return body;
        const QString mime = source[L("mimeType")].string();
        if (mime == QLatin1String("application/x-www-form-urlencoded")) {
            body.mode = RequestBody::Mode::FormUrlEncoded;
            body.formFields = keyValues(source[L("params")]);
        } else if (mime == QLatin1String("multipart/form-data")) {
            body.mode = RequestBody::Mode::Multipart;
            for (const JsonCursor &param : source[L("params")].elements()) {
                if (!param.isObject())
                    param.expected("a form-data object");
                MultipartPart part;
                part.name = normalized(param[L("name")].scalarText());
                part.enabled = !param[L("disabled")].boolean(false);
                if (param[L("type")].string() == QLatin1String("file"))
                    part.filePath = param[L("fileName")].string();
                else
                    part.value = normalized(param[L("value")].scalarText());
                if (part.isFile() || param[L("type")].string() != QLatin1String("file"))
                    body.parts.append(part);
                else
                    m_result.issues.append(
                        {path,
                         QStringLiteral("form-data file \"%1\" has no file chosen; left out")
                             .arg(part.name)});
            }
        } else if (!source[L("fileName")].string().isEmpty()) {
            body.mode = RequestBody::Mode::File;
            body.filePath = source[L("fileName")].string();
            body.contentType = mime;
        } else if (source.has(L("text")) || !mime.isEmpty()) {
            body.mode = RequestBody::Mode::Raw;
            body.text = normalized(source[L("text")].string());
            body.contentType = mime;
            if (mime == QLatin1String("application/graphql")) {
                body.contentType = QStringLiteral("application/json");
                m_result.issues.append(
                    {path,
                     QStringLiteral("the GraphQL body was imported as the JSON body it sends")});
            }
        }
        return body;
    }

    RequestAuth readAuth(const JsonCursor &source, const QString &path, VariableList &scope)
    {
        RequestAuth auth;
        if (!source.isPresentObject("an authentication object"))
            return auth;
        const QString type = source[L("type")].string();
        if (type.isEmpty())
            return auth; // {}: inherited from the folder
        if (source[L("disabled")].boolean(false)) {
            auth.mode = RequestAuth::Mode::None;
            return auth;
        }
        const auto text = [&](const char *key) {
            return normalized(source[QLatin1String(key)].scalarText());
        };
        if (type == QLatin1String("none")) {
            auth.mode = RequestAuth::Mode::None;
        } else if (type == QLatin1String("bearer")) {
            auth = bearerAuth(text("token"), scope, path, m_result.issues);
            const QString prefix = text("prefix");
            if (!prefix.isEmpty()
                && prefix.compare(QLatin1String("Bearer"), Qt::CaseInsensitive) != 0)
                m_result.issues.append(
                    {path,
                     QStringLiteral("the token prefix \"%1\" is not imported; Keyway sends Bearer")
                         .arg(prefix)});
        } else if (type == QLatin1String("basic")) {
            auth = basicAuth(text("username"), text("password"), scope, path, m_result.issues);
        } else if (type == QLatin1String("oauth2")) {
            OAuthSettings oauth = readOAuthSettings(
                text, {"grantType", "accessTokenUrl", "authorizationUrl", "redirectUrl"});
            oauth.clientAuthInBody = source[L("credentialsInBody")].boolean(false);
            auth.mode = RequestAuth::Mode::Profile;
            auth.profile =
                addOAuthProfile(m_result, oauth, path.section(QLatin1Char('/'), 0, 0), path);
        } else {
            auth = unsupportedAuth(type, path, m_result.issues);
        }
        return auth;
    }

    ImportResult &m_result;
    QList<Resource> m_resources;
    QHash<QString, QList<qsizetype>> m_children;
    qsizetype m_placedRequests = 0;
    QString m_where;
};

bool looksLikeYaml(const QByteArray &bytes)
{
    QByteArrayView view(bytes);
    if (view.startsWith("\xEF\xBB\xBF"))
        view = view.sliced(3);
    while (!view.isEmpty() && QChar::isSpace(static_cast<unsigned char>(view.front())))
        view = view.sliced(1);
    return !view.startsWith('{');
}

} // namespace

bool isInsomniaYaml(const QByteArray &bytes)
{
    static const QRegularExpression start(
        QStringLiteral("^\\s*(---\\s*\\n)?(#.*\\n)*\\s*_type:\\s*[\"']?export"));
    return start.match(QString::fromUtf8(bytes.left(4096))).hasMatch();
}

ImportResult importInsomnia(const ImportSource &source)
{
    return guardedImport(source.fileName, &source.bytes, [&source](ImportResult &result) {
        QJsonValue root;
        QHash<QString, QString> places;
        const bool yaml = looksLikeYaml(source.bytes);
        if (yaml) {
            YamlDocument document = parseYaml(source.bytes);
            root = document.root;
            places = std::move(document.places);
        } else {
            root = parseJson(source.bytes).object();
        }
        if (!root.isObject())
            throw ImportFailure {QStringLiteral("(top level)"),
                                 QStringLiteral("expected an Insomnia export object")};
        InsomniaReader reader(result);
        try {
            reader.read(JsonCursor(root, QString()));
        } catch (ImportFailure &failure) {
            // In YAML, the line and column of the node say more than its path alone.
            if (yaml) {
                QString path = failure.place;
                while (!path.isEmpty() && !places.contains(path)) {
                    const qsizetype parent = std::max(path.lastIndexOf(QLatin1Char('.')),
                                                      path.lastIndexOf(QLatin1Char('[')));
                    path = parent > 0 ? path.left(parent) : QString();
                }
                if (places.contains(path))
                    failure.place = places.value(path) + QStringLiteral(" (") + failure.place
                        + QLatin1Char(')');
            }
            if (!reader.where().isEmpty())
                failure.place += QStringLiteral(" (in %1)").arg(reader.where());
            throw;
        }
    });
}

} // namespace Keyway
