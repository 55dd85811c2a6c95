#include "collection/import/insomniamapping.h"

#include "collection/import/oauthprofile.h"
#include "collection/import/secretlift.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

namespace Keyway::ImportDetail {

namespace {

const auto L = [](const char *text) {
    return QLatin1String(text);
};

} // namespace

RequestItem InsomniaMapping::request(const JsonCursor &source, const QString &name,
                                     const QString &path)
{
    RequestItem request;
    request.name = name;
    request.method = source[L("method")].string(QStringLiteral("GET"));
    request.url = withPathParameters(normalized(source[L("url")].scalarText()),
                                     source[L("pathParameters")], path);
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
    request.body = body(source[L("body")], path);
    request.auth = auth(source[L("authentication")], path, request.variables);
    return request;
}

FolderItem InsomniaMapping::folder(const JsonCursor &source, const QString &name,
                                   const QString &path)
{
    FolderItem folder;
    folder.name = name;
    folder.variables = variables(source[L("environment")], source[L("environmentPropertyOrder")]);
    folder.auth = auth(source[L("authentication")], path, folder.variables);
    folder.headers = keyValues(source[L("headers")]);
    return folder;
}

Environment InsomniaMapping::environment(const JsonCursor &source, bool isPrivate)
{
    Environment environment;
    environment.name = source[L("name")].scalarText();
    environment.variables = variables(source[L("data")], source[L("dataPropertyOrder")]);
    // A private environment is not meant to be shared: its values are secrets.
    if (isPrivate) {
        for (Variable &v : environment.variables)
            v.secret = true;
    }
    return environment;
}

// An environment's data is an object; nested objects are addressed as a.b in Insomnia.
VariableList InsomniaMapping::variables(const JsonCursor &data, const JsonCursor &order)
{
    VariableList variables;
    if (data.isMissing())
        return variables;
    const auto members = data.members();
    QStringList keys;
    for (const auto &[key, value] : members)
        keys.append(key);
    // dataPropertyOrder keeps the order the user gave ({"&": ["b", "a"]}); JSON objects lose it.
    QStringList ordered;
    for (const JsonCursor &key : order[L("&")].elements())
        ordered.append(key.scalarText());
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
                 QStringLiteral("the nested variable \"%1\" was imported as JSON text").arg(key)});
        } else {
            variables.append({key, normalized(value.scalarText()), true, false});
        }
    }
    return variables;
}

void InsomniaMapping::scripts(const JsonCursor &preRequest, const JsonCursor &afterResponse,
                              const QString &path)
{
    if (!preRequest.string().trimmed().isEmpty())
        m_result.issues.append({path, QStringLiteral("pre-request script not imported")});
    if (!afterResponse.string().trimmed().isEmpty())
        m_result.issues.append({path, QStringLiteral("after-response script not imported")});
}

bool InsomniaMapping::followsRedirects(const JsonCursor &setting)
{
    return setting.string() != QLatin1String("off");
}

double InsomniaMapping::sortKey(const JsonCursor &key)
{
    if (key.isMissing())
        return 0;
    if (key.value().isDouble())
        return key.value().toDouble();
    bool ok = false;
    const double number = key.scalarText().toDouble(&ok);
    if (!ok)
        key.expected("a number");
    return number;
}

void InsomniaMapping::notHttp(const QString &kind, const QString &path)
{
    m_result.issues.append(
        {path, QStringLiteral("%1 not imported (HTTP requests only)").arg(kind)});
}

// Insomnia fills a path segment ":name" from the request's path parameters when it sends;
// Keyway's URL is what is sent, so the values go into it. One without a value stays ":name".
QString InsomniaMapping::withPathParameters(const QString &url, const JsonCursor &parameters,
                                            const QString &path)
{
    QString out = url;
    for (const KeyValue &parameter : keyValues(parameters)) {
        const QRegularExpression segment(
            QStringLiteral("(?<=/):%1(?=[/?#]|$)").arg(QRegularExpression::escape(parameter.name)));
        QList<QRegularExpressionMatch> matches;
        for (auto it = segment.globalMatch(out); it.hasNext();)
            matches.prepend(it.next());
        if (!matches.isEmpty() && parameter.value.isEmpty())
            m_result.issues.append(
                {path,
                 QStringLiteral("the path parameter :%1 has no value; the URL keeps :%1")
                     .arg(parameter.name)});
        // Spliced from the end, so that earlier positions stay valid (and a value is never read
        // as a pattern's replacement syntax).
        for (const QRegularExpressionMatch &match : std::as_const(matches)) {
            if (!parameter.value.isEmpty())
                out.replace(match.capturedStart(), match.capturedLength(), parameter.value);
        }
    }
    return out;
}

// Insomnia writes {{ _.name }} (or {{ name }}); Keyway reads {{name}}. Template tags
// ({% ... %}) have no equivalent and are reported.
QString InsomniaMapping::normalized(const QString &text)
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

KeyValueList InsomniaMapping::keyValues(const JsonCursor &list)
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

RequestBody InsomniaMapping::body(const JsonCursor &source, const QString &path)
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
                {path, QStringLiteral("the GraphQL body was imported as the JSON body it sends")});
        }
    }
    return body;
}

RequestAuth InsomniaMapping::auth(const JsonCursor &source, const QString &path,
                                  VariableList &scope)
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
        if (!prefix.isEmpty() && prefix.compare(QLatin1String("Bearer"), Qt::CaseInsensitive) != 0)
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
        auth.profile = addOAuthProfile(m_result, oauth, path.section(QLatin1Char('/'), 0, 0), path);
    } else {
        auth = unsupportedAuth(type, path, m_result.issues);
    }
    return auth;
}

} // namespace Keyway::ImportDetail
