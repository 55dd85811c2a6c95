#include "collection/workspacejson.h"

#include "collection/assertionjson.h"
#include "collection/jsontypename.h"

#include <QJsonArray>

namespace Keyway::WorkspaceJson {

namespace {

QString joined(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

QString indexed(const QString &path, qsizetype i)
{
    return QStringLiteral("%1[%2]").arg(path).arg(i);
}

// Reads fields of the expected type; the first mismatch is kept as the file's error and every
// later read is a no-op returning the default.
class Reader
{
public:
    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }

    void fail(const QString &path, const QString &what)
    {
        if (m_error.isEmpty())
            m_error = path.isEmpty() ? what : QStringLiteral("%1: %2").arg(path, what);
    }

    QJsonValue field(const QJsonObject &object, const QString &path, const char *key,
                     QJsonValue::Type type, const char *expected)
    {
        const QJsonValue value = object.value(QLatin1String(key));
        if (!ok() || value.isUndefined())
            return {};
        if (value.type() != type) {
            fail(joined(path, QLatin1String(key)),
                 QStringLiteral("expected %1, found %2").arg(QLatin1String(expected),
                                                              jsonTypeName(value)));
            return {};
        }
        return value;
    }

    QString string(const QJsonObject &o, const QString &path, const char *key,
                   const QString &fallback = {})
    {
        const QJsonValue v = field(o, path, key, QJsonValue::String, "a string");
        return v.isString() ? v.toString() : fallback;
    }
    bool boolean(const QJsonObject &o, const QString &path, const char *key, bool fallback)
    {
        const QJsonValue v = field(o, path, key, QJsonValue::Bool, "a boolean");
        return v.isBool() ? v.toBool() : fallback;
    }
    int integer(const QJsonObject &o, const QString &path, const char *key, int fallback,
                int min, int max)
    {
        const QJsonValue v = field(o, path, key, QJsonValue::Double, "a number");
        if (!v.isDouble())
            return fallback;
        const double d = v.toDouble();
        if (d != double(qint64(d)) || d < min || d > max) {
            fail(joined(path, QLatin1String(key)),
                 QStringLiteral("expected a whole number from %1 to %2").arg(min).arg(max));
            return fallback;
        }
        return int(d);
    }
    QJsonArray array(const QJsonObject &o, const QString &path, const char *key)
    {
        return field(o, path, key, QJsonValue::Array, "an array").toArray();
    }
    QJsonObject object(const QJsonObject &o, const QString &path, const char *key)
    {
        return field(o, path, key, QJsonValue::Object, "an object").toObject();
    }
    // Each element of `key` must be an object; `read` gets it with its path.
    template<typename F>
    void objects(const QJsonObject &o, const QString &path, const char *key, F read)
    {
        const QJsonArray items = array(o, path, key);
        const QString at = joined(path, QLatin1String(key));
        for (qsizetype i = 0; ok() && i < items.size(); ++i) {
            if (!items.at(i).isObject()) {
                fail(indexed(at, i),
                     QStringLiteral("expected an object, found %1").arg(jsonTypeName(items.at(i))));
                return;
            }
            read(items.at(i).toObject(), indexed(at, i));
        }
    }
    QStringList strings(const QJsonObject &o, const QString &path, const char *key)
    {
        QStringList out;
        const QJsonArray items = array(o, path, key);
        const QString at = joined(path, QLatin1String(key));
        for (qsizetype i = 0; ok() && i < items.size(); ++i) {
            if (!items.at(i).isString()) {
                fail(indexed(at, i),
                     QStringLiteral("expected a string, found %1").arg(jsonTypeName(items.at(i))));
                return {};
            }
            out.append(items.at(i).toString());
        }
        return out;
    }

private:
    QString m_error;
};

template<typename T>
bool enumFrom(Reader &reader, const QJsonObject &o, const QString &path, const char *key,
              const QList<std::pair<T, QString>> &names, T *out)
{
    const QString text = reader.string(o, path, key);
    if (!reader.ok() || text.isEmpty())
        return false;
    for (const auto &[value, name] : names) {
        if (name == text) {
            *out = value;
            return true;
        }
    }
    QStringList known;
    for (const auto &entry : names)
        known.append(entry.second);
    reader.fail(joined(path, QLatin1String(key)),
                QStringLiteral("unknown value \"%1\" (expected one of: %2)")
                    .arg(text, known.join(QStringLiteral(", "))));
    return false;
}

const QList<std::pair<RequestAuth::Mode, QString>> &authModes()
{
    static const QList<std::pair<RequestAuth::Mode, QString>> names {
        {RequestAuth::Mode::Inherit, QStringLiteral("inherit")},
        {RequestAuth::Mode::None, QStringLiteral("none")},
        {RequestAuth::Mode::Profile, QStringLiteral("profile")},
        {RequestAuth::Mode::Bearer, QStringLiteral("bearer")},
        {RequestAuth::Mode::Basic, QStringLiteral("basic")},
    };
    return names;
}

const QList<std::pair<RequestBody::Mode, QString>> &bodyModes()
{
    static const QList<std::pair<RequestBody::Mode, QString>> names {
        {RequestBody::Mode::None, QStringLiteral("none")},
        {RequestBody::Mode::Raw, QStringLiteral("raw")},
        {RequestBody::Mode::FormUrlEncoded, QStringLiteral("urlencoded")},
        {RequestBody::Mode::Multipart, QStringLiteral("multipart")},
        {RequestBody::Mode::File, QStringLiteral("file")},
    };
    return names;
}

void put(QJsonObject &o, const char *key, const QString &value)
{
    if (!value.isEmpty())
        o.insert(QLatin1String(key), value);
}

void put(QJsonObject &o, const char *key, const QJsonArray &value)
{
    if (!value.isEmpty())
        o.insert(QLatin1String(key), value);
}

void put(QJsonObject &o, const char *key, const QJsonObject &value)
{
    if (!value.isEmpty())
        o.insert(QLatin1String(key), value);
}

QJsonArray fromKeyValues(const KeyValueList &rows)
{
    QJsonArray out;
    for (const KeyValue &row : rows) {
        QJsonObject o {{QStringLiteral("name"), row.name}, {QStringLiteral("value"), row.value}};
        if (!row.enabled)
            o.insert(QStringLiteral("enabled"), false);
        put(o, "description", row.description);
        out.append(o);
    }
    return out;
}

KeyValueList toKeyValues(Reader &r, const QJsonObject &o, const QString &path, const char *key)
{
    KeyValueList out;
    r.objects(o, path, key, [&](const QJsonObject &row, const QString &at) {
        KeyValue kv;
        kv.name = r.string(row, at, "name");
        kv.value = r.string(row, at, "value");
        kv.enabled = r.boolean(row, at, "enabled", true);
        kv.description = r.string(row, at, "description");
        out.append(kv);
    });
    return out;
}

QJsonArray fromVariables(const VariableList &variables)
{
    QJsonArray out;
    for (const Variable &v : variables) {
        QJsonObject o {{QStringLiteral("name"), v.name}};
        // A secret's value lives in the keychain (or the CLI's environment), never here.
        if (v.secret)
            o.insert(QStringLiteral("secret"), true);
        else
            o.insert(QStringLiteral("value"), v.value);
        if (!v.enabled)
            o.insert(QStringLiteral("enabled"), false);
        out.append(o);
    }
    return out;
}

VariableList toVariables(Reader &r, const QJsonObject &o, const QString &path)
{
    VariableList out;
    r.objects(o, path, "variables", [&](const QJsonObject &row, const QString &at) {
        Variable v;
        v.name = r.string(row, at, "name");
        v.secret = r.boolean(row, at, "secret", false);
        // A value next to "secret": true (typed in by hand) is not taken: it would be written
        // back nowhere and silently dropped on the next save; the keychain holds secrets.
        if (!v.secret)
            v.value = r.string(row, at, "value");
        v.enabled = r.boolean(row, at, "enabled", true);
        if (r.ok() && v.name.isEmpty())
            r.fail(joined(at, QStringLiteral("name")), QStringLiteral("a variable needs a name"));
        out.append(v);
    });
    return out;
}

QJsonObject fromAuth(const RequestAuth &auth)
{
    if (auth.mode == RequestAuth::Mode::Inherit)
        return {};
    QJsonObject o {{QStringLiteral("mode"), authModeName(auth.mode)}};
    put(o, "profile", auth.profile);
    put(o, "token", auth.token);
    put(o, "username", auth.username);
    put(o, "password", auth.password);
    return o;
}

RequestAuth toAuth(Reader &r, const QJsonObject &parent, const QString &path)
{
    RequestAuth auth;
    const QJsonObject o = r.object(parent, path, "auth");
    const QString at = joined(path, QStringLiteral("auth"));
    if (o.isEmpty())
        return auth;
    enumFrom(r, o, at, "mode", authModes(), &auth.mode);
    auth.profile = r.string(o, at, "profile");
    auth.token = r.string(o, at, "token");
    auth.username = r.string(o, at, "username");
    auth.password = r.string(o, at, "password");
    return auth;
}

QJsonObject fromBody(const RequestBody &body)
{
    if (body.mode == RequestBody::Mode::None)
        return {};
    QJsonObject o {{QStringLiteral("mode"), bodyModeName(body.mode)}};
    put(o, "contentType", body.contentType);
    put(o, "text", body.text);
    put(o, "fields", fromKeyValues(body.formFields));
    QJsonArray parts;
    for (const MultipartPart &part : body.parts) {
        QJsonObject p {{QStringLiteral("name"), part.name}};
        put(p, "value", part.value);
        put(p, "file", part.filePath);
        put(p, "contentType", part.contentType);
        if (!part.enabled)
            p.insert(QStringLiteral("enabled"), false);
        parts.append(p);
    }
    put(o, "parts", parts);
    put(o, "file", body.filePath);
    return o;
}

RequestBody toBody(Reader &r, const QJsonObject &parent)
{
    RequestBody body;
    const QJsonObject o = r.object(parent, {}, "body");
    if (o.isEmpty())
        return body;
    const QString at = QStringLiteral("body");
    enumFrom(r, o, at, "mode", bodyModes(), &body.mode);
    body.contentType = r.string(o, at, "contentType");
    body.text = r.string(o, at, "text");
    body.formFields = toKeyValues(r, o, at, "fields");
    r.objects(o, at, "parts", [&](const QJsonObject &p, const QString &partAt) {
        MultipartPart part;
        part.name = r.string(p, partAt, "name");
        part.value = r.string(p, partAt, "value");
        part.filePath = r.string(p, partAt, "file");
        part.contentType = r.string(p, partAt, "contentType");
        part.enabled = r.boolean(p, partAt, "enabled", true);
        body.parts.append(part);
    });
    body.filePath = r.string(o, at, "file");
    return body;
}

template<typename T>
std::optional<T> result(const Reader &r, T value, QString *error)
{
    if (r.ok())
        return value;
    if (error)
        *error = r.error();
    return std::nullopt;
}

} // namespace

QString authModeName(RequestAuth::Mode mode)
{
    for (const auto &[value, name] : authModes()) {
        if (value == mode)
            return name;
    }
    return {};
}

QString bodyModeName(RequestBody::Mode mode)
{
    for (const auto &[value, name] : bodyModes()) {
        if (value == mode)
            return name;
    }
    return {};
}

QJsonObject fromRequest(const RequestItem &request)
{
    QJsonObject o {{QStringLiteral("name"), request.name},
                   {QStringLiteral("method"), request.method},
                   {QStringLiteral("url"), request.url}};
    put(o, "disabledQuery", fromKeyValues(request.disabledQuery));
    put(o, "headers", fromKeyValues(request.headers));
    put(o, "body", fromBody(request.body));
    put(o, "auth", fromAuth(request.auth));
    QJsonObject settings;
    const RequestSettings defaults;
    if (request.settings.timeoutMs != defaults.timeoutMs)
        settings.insert(QStringLiteral("timeoutMs"), request.settings.timeoutMs);
    if (request.settings.followRedirects != defaults.followRedirects)
        settings.insert(QStringLiteral("followRedirects"), request.settings.followRedirects);
    put(o, "settings", settings);
    put(o, "variables", fromVariables(request.variables));
    put(o, "description", request.description);
    put(o, "assert", fromAssertions(request.assertions));
    return o;
}

std::optional<RequestItem> toRequest(const QJsonObject &o, QString *error)
{
    Reader r;
    RequestItem request;
    request.name = r.string(o, {}, "name");
    request.method = r.string(o, {}, "method", request.method);
    request.url = r.string(o, {}, "url");
    request.disabledQuery = toKeyValues(r, o, {}, "disabledQuery");
    request.headers = toKeyValues(r, o, {}, "headers");
    request.body = toBody(r, o);
    request.auth = toAuth(r, o, {});
    const QJsonObject settings = r.object(o, {}, "settings");
    const QString at = QStringLiteral("settings");
    request.settings.timeoutMs = r.integer(settings, at, "timeoutMs", 0, 0, 24 * 3600 * 1000);
    request.settings.followRedirects = r.boolean(settings, at, "followRedirects", true);
    request.variables = toVariables(r, o, {});
    request.description = r.string(o, {}, "description");
    if (r.ok()) {
        QString assertError;
        if (auto assertions = toAssertions(o.value(QStringLiteral("assert")), &assertError))
            request.assertions = std::move(*assertions);
        else
            r.fail({}, assertError);
    }
    if (r.ok() && request.method.trimmed().isEmpty())
        r.fail(QStringLiteral("method"), QStringLiteral("must not be empty"));
    return result(r, request, error);
}

QJsonObject fromEnvironment(const Environment &environment)
{
    QJsonObject o {{QStringLiteral("name"), environment.name}};
    put(o, "variables", fromVariables(environment.variables));
    return o;
}

std::optional<Environment> toEnvironment(const QJsonObject &o, QString *error)
{
    Reader r;
    Environment environment;
    environment.name = r.string(o, {}, "name");
    environment.variables = toVariables(r, o, {});
    return result(r, environment, error);
}

QJsonObject fromFolder(const FolderItem &folder, const QString &name, const QStringList &order)
{
    QJsonObject o;
    put(o, "name", name);
    put(o, "description", folder.description);
    put(o, "headers", fromKeyValues(folder.headers));
    put(o, "auth", fromAuth(folder.auth));
    put(o, "variables", fromVariables(folder.variables));
    put(o, "order", QJsonArray::fromStringList(order));
    return o;
}

std::optional<FolderFileInfo> toFolder(const QJsonObject &o, FolderItem *folder, QString *error)
{
    Reader r;
    FolderFileInfo info;
    info.name = r.string(o, {}, "name");
    folder->description = r.string(o, {}, "description");
    folder->headers = toKeyValues(r, o, {}, "headers");
    folder->auth = toAuth(r, o, {});
    folder->variables = toVariables(r, o, {});
    info.order = r.strings(o, {}, "order");
    return result(r, info, error);
}

QJsonObject fromWorkspace(const WorkspaceData &workspace, const WorkspaceFileInfo &info)
{
    QJsonObject o {{QStringLiteral("format"), info.format},
                   {QStringLiteral("id"), workspace.id},
                   {QStringLiteral("name"), workspace.name}};
    put(o, "description", workspace.description);
    put(o, "variables", fromVariables(workspace.variables));
    put(o, "headers", fromKeyValues(workspace.headers));
    put(o, "auth", fromAuth(workspace.auth));
    put(o, "order", QJsonArray::fromStringList(info.order));
    put(o, "environmentOrder", QJsonArray::fromStringList(info.environmentOrder));
    return o;
}

std::optional<WorkspaceFileInfo> toWorkspace(const QJsonObject &o, WorkspaceData *workspace,
                                             QString *error)
{
    Reader r;
    WorkspaceFileInfo info;
    info.format = r.integer(o, {}, "format", FormatVersion, 1, 1 << 20);
    if (r.ok() && info.format > FormatVersion) {
        r.fail(QStringLiteral("format"),
               QStringLiteral("version %1 was written by a newer Keyway (this one reads up to "
                              "%2): update Keyway to open this workspace")
                   .arg(info.format)
                   .arg(FormatVersion));
    }
    workspace->id = r.string(o, {}, "id");
    workspace->name = r.string(o, {}, "name");
    workspace->description = r.string(o, {}, "description");
    workspace->variables = toVariables(r, o, {});
    workspace->headers = toKeyValues(r, o, {}, "headers");
    workspace->auth = toAuth(r, o, {});
    info.order = r.strings(o, {}, "order");
    info.environmentOrder = r.strings(o, {}, "environmentOrder");
    return result(r, info, error);
}

} // namespace Keyway::WorkspaceJson
