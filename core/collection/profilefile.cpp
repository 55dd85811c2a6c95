#include "collection/profilefile.h"

#include "collection/atomicfile.h"
#include "collection/stablejson.h"
#include "collection/workspacestore.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

namespace Keyway {

namespace {

const qint64 DefaultRefreshTimeoutMs = Profile().refreshTimeoutMs;

QString grantName(const StoredProfile &stored)
{
    if (!stored.loginGrant.isEmpty())
        return stored.loginGrant;
    switch (stored.profile.grant) {
    case GrantType::Password: return QStringLiteral("password");
    case GrantType::ClientCredentials: return QStringLiteral("client_credentials");
    case GrantType::None: break;
    }
    return {};
}

QJsonArray fromPairs(const QList<QPair<QString, QString>> &pairs)
{
    QJsonArray array;
    for (const auto &[name, value] : pairs)
        array.append(
            QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
    return array;
}

void putString(QJsonObject &object, const char *key, const QString &value)
{
    if (!value.isEmpty())
        object.insert(QLatin1String(key), value);
}

void putUrl(QJsonObject &object, const char *key, const QUrl &url)
{
    if (!url.isEmpty())
        object.insert(QLatin1String(key), url.toString(QUrl::FullyEncoded));
}

// Reads the members of one profile file, remembering the first thing that is wrong.
class Reader
{
public:
    explicit Reader(const QJsonObject &object) : m_object(object) { }

    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    void fail(const QString &message)
    {
        if (m_error.isEmpty())
            m_error = message;
    }

    QString string(const char *key, const QJsonObject *in = nullptr)
    {
        const QJsonValue value = (in ? *in : m_object).value(QLatin1String(key));
        if (value.isUndefined() || value.isNull())
            return {};
        if (!value.isString())
            fail(QStringLiteral("\"%1\" must be a string").arg(QLatin1String(key)));
        return value.toString();
    }

    QUrl url(const char *key, const QJsonObject *in = nullptr)
    {
        const QString text = string(key, in);
        if (text.isEmpty())
            return {};
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty()
            || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
            fail(QStringLiteral("\"%1\" is not an http:// or https:// URL: '%2'")
                     .arg(QLatin1String(key), text));
        return url;
    }

    QList<QPair<QString, QString>> pairs(const char *key)
    {
        QList<QPair<QString, QString>> result;
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined() || value.isNull())
            return result;
        if (!value.isArray()) {
            fail(QStringLiteral("\"%1\" must be a list of {\"name\", \"value\"}")
                     .arg(QLatin1String(key)));
            return result;
        }
        for (const QJsonValue &entry : value.toArray()) {
            const QJsonObject pair = entry.toObject();
            const QString name = pair.value(QStringLiteral("name")).toString();
            if (!entry.isObject() || name.isEmpty()
                || !pair.value(QStringLiteral("value")).isString()) {
                fail(QStringLiteral("\"%1\" must be a list of {\"name\", \"value\"} with "
                                    "string values")
                         .arg(QLatin1String(key)));
                return result;
            }
            result.append({name, pair.value(QStringLiteral("value")).toString()});
        }
        return result;
    }

    SecretRef secret(const char *key, const QJsonObject *in = nullptr)
    {
        QString problem;
        const auto ref = SecretRef::fromJson((in ? *in : m_object).value(QLatin1String(key)),
                                             QLatin1String(key), &problem);
        if (!ref) {
            fail(problem);
            return {};
        }
        return *ref;
    }

    QStringList strings(const char *key, const QJsonObject &in)
    {
        QStringList result;
        const QJsonValue value = in.value(QLatin1String(key));
        if (value.isUndefined() || value.isNull())
            return result;
        for (const QJsonValue &entry : value.toArray()) {
            if (!entry.isString() || entry.toString().isEmpty())
                break;
            result.append(entry.toString());
        }
        if (!value.isArray() || result.size() != value.toArray().size())
            fail(QStringLiteral("\"%1\" must be a list of file names").arg(QLatin1String(key)));
        return result;
    }

private:
    const QJsonObject &m_object;
    QString m_error;
};

} // namespace

std::optional<QString> ProfileFile::path(const QString &workspaceFolder, const QString &name,
                                         QString *error)
{
    if (name.isEmpty() || name.startsWith(QLatin1Char('.')) || name.contains(QLatin1Char('/'))
        || name.contains(QLatin1Char('\\')) || name != name.trimmed()) {
        *error = QStringLiteral("'%1' cannot name a profile file: use a name without '/' or "
                                "'\\', not starting with '.'")
                     .arg(name);
        return std::nullopt;
    }
    return workspaceFolder + QLatin1Char('/') + WorkspaceStore::ProfilesDir + QLatin1Char('/')
        + name + QStringLiteral(".json");
}

QJsonObject ProfileFile::toJson(const StoredProfile &stored)
{
    const Profile &p = stored.profile;
    QJsonObject o {{QStringLiteral("format"), FormatVersion}, {QStringLiteral("name"), p.name}};
    putString(o, "grant", grantName(stored));
    putString(o, "clientId", p.clientId);
    o.insert(QStringLiteral("clientAuth"),
             p.publicClient ? QStringLiteral("none")
                            : (p.clientAuth == ClientAuthMethod::Body ? QStringLiteral("body")
                                                                      : QStringLiteral("basic")));
    if (stored.clientSecret.isSet())
        o.insert(QStringLiteral("clientSecret"), stored.clientSecret.toJson());
    putString(o, "issuer", p.issuer);
    QJsonObject endpoints;
    putUrl(endpoints, "token", p.tokenUrl);
    putUrl(endpoints, "authorization", p.authorizationUrl);
    putUrl(endpoints, "device", p.deviceAuthorizationUrl);
    putUrl(endpoints, "revocation", p.revocationUrl);
    if (!endpoints.isEmpty())
        o.insert(QStringLiteral("endpoints"), endpoints);
    putString(o, "scope", p.scope);
    putString(o, "audience", p.audience);
    putString(o, "resource", p.resource);
    if (!p.extraAuthorizationParams.isEmpty())
        o.insert(QStringLiteral("authorizationParams"), fromPairs(p.extraAuthorizationParams));
    if (!p.extraTokenParams.isEmpty())
        o.insert(QStringLiteral("tokenParams"), fromPairs(p.extraTokenParams));
    putString(o, "username", p.username);
    if (stored.password.isSet())
        o.insert(QStringLiteral("password"), stored.password.toJson());
    if (p.expiredStatuses != QList<int> {401}) {
        QJsonArray statuses;
        for (const int status : p.expiredStatuses)
            statuses.append(status);
        o.insert(QStringLiteral("expiredStatus"), statuses);
    }
    if (p.refreshTimeoutMs != DefaultRefreshTimeoutMs)
        o.insert(QStringLiteral("refreshTimeoutMs"), double(p.refreshTimeoutMs));
    stored.store.writeTo(o);
    QJsonObject tls;
    if (p.tls.insecure)
        tls.insert(QStringLiteral("insecure"), true);
    if (!p.tls.caCertificateFiles.isEmpty())
        tls.insert(QStringLiteral("caCertificates"),
                   QJsonArray::fromStringList(p.tls.caCertificateFiles));
    putString(tls, "clientCertificate", p.tls.clientCertificateFile);
    putString(tls, "clientKey", p.tls.clientKeyFile);
    if (stored.clientKeyPassphrase.isSet())
        tls.insert(QStringLiteral("clientKeyPassphrase"), stored.clientKeyPassphrase.toJson());
    if (!tls.isEmpty())
        o.insert(QStringLiteral("tls"), tls);
    return o;
}

std::optional<StoredProfile> ProfileFile::fromJson(const QJsonObject &o, QString *error)
{
    Reader r(o);
    const QJsonValue format = o.value(QStringLiteral("format"));
    if (!format.isUndefined() && (!format.isDouble() || format.toInt() < 1))
        r.fail(QStringLiteral("\"format\" must be a version number"));
    else if (format.toInt() > FormatVersion)
        r.fail(QStringLiteral("\"format\" %1 was written by a newer Keyway (this one reads up to "
                              "%2): update Keyway")
                   .arg(format.toInt())
                   .arg(FormatVersion));

    StoredProfile stored;
    Profile &p = stored.profile;
    p.name = r.string("name");
    if (r.ok() && p.name.isEmpty())
        r.fail(QStringLiteral("\"name\" is missing"));
    stored.loginGrant = r.string("grant");
    static const QStringList grants {
        QStringLiteral("password"), QStringLiteral("client_credentials"),
        QStringLiteral("authorization_code"), QStringLiteral("device_code")};
    if (!stored.loginGrant.isEmpty() && !grants.contains(stored.loginGrant))
        r.fail(QStringLiteral("\"grant\" is one of %1, not '%2'")
                   .arg(grants.join(QStringLiteral(", ")), stored.loginGrant));
    if (stored.loginGrant == QLatin1String("password"))
        p.grant = GrantType::Password;
    else if (stored.loginGrant == QLatin1String("client_credentials"))
        p.grant = GrantType::ClientCredentials;
    p.clientId = r.string("clientId");
    const QString clientAuth = r.string("clientAuth");
    if (clientAuth == QLatin1String("none"))
        p.publicClient = true;
    else if (clientAuth == QLatin1String("body"))
        p.clientAuth = ClientAuthMethod::Body;
    else if (!clientAuth.isEmpty() && clientAuth != QLatin1String("basic"))
        r.fail(QStringLiteral("\"clientAuth\" is basic, body or none, not '%1'").arg(clientAuth));
    stored.clientSecret = r.secret("clientSecret");
    p.issuer = r.string("issuer");
    const QJsonValue endpointsValue = o.value(QStringLiteral("endpoints"));
    if (!endpointsValue.isUndefined() && !endpointsValue.isObject())
        r.fail(QStringLiteral("\"endpoints\" must be an object (token, authorization, device, "
                              "revocation)"));
    const QJsonObject endpoints = endpointsValue.toObject();
    p.tokenUrl = r.url("token", &endpoints);
    p.authorizationUrl = r.url("authorization", &endpoints);
    p.deviceAuthorizationUrl = r.url("device", &endpoints);
    p.revocationUrl = r.url("revocation", &endpoints);
    p.scope = r.string("scope");
    p.audience = r.string("audience");
    p.resource = r.string("resource");
    p.extraAuthorizationParams = r.pairs("authorizationParams");
    p.extraTokenParams = r.pairs("tokenParams");
    p.username = r.string("username");
    stored.password = r.secret("password");
    const QJsonValue statuses = o.value(QStringLiteral("expiredStatus"));
    if (!statuses.isUndefined()) {
        p.expiredStatuses = {401};
        const QJsonArray list = statuses.toArray();
        for (const QJsonValue &status : list) {
            if (status.toInt() == 403 && !p.expiredStatuses.contains(403))
                p.expiredStatuses.append(403);
            else if (status.toInt() != 401 && status.toInt() != 403)
                r.fail(QStringLiteral("\"expiredStatus\" lists 401 and 403 only"));
        }
        if (!statuses.isArray())
            r.fail(QStringLiteral("\"expiredStatus\" must be a list such as [401, 403]"));
    }
    const QJsonValue timeout = o.value(QStringLiteral("refreshTimeoutMs"));
    if (!timeout.isUndefined()) {
        if (!timeout.isDouble() || timeout.toDouble() < 100 || timeout.toDouble() > 600000)
            r.fail(QStringLiteral("\"refreshTimeoutMs\" is a number from 100 to 600000"));
        else
            p.refreshTimeoutMs = qint64(timeout.toDouble());
    }
    if (r.ok()) {
        QString problem;
        if (const auto store = StoreChoice::readFrom(o, &problem))
            stored.store = *store;
        else
            r.fail(problem);
    }
    const QJsonValue tlsValue = o.value(QStringLiteral("tls"));
    if (!tlsValue.isUndefined() && !tlsValue.isObject())
        r.fail(QStringLiteral("\"tls\" must be an object (insecure, caCertificates, "
                              "clientCertificate, clientKey, clientKeyPassphrase)"));
    const QJsonObject tls = tlsValue.toObject();
    const QJsonValue insecure = tls.value(QStringLiteral("insecure"));
    if (!insecure.isUndefined() && !insecure.isBool())
        r.fail(QStringLiteral("\"insecure\" must be true or false"));
    p.tls.insecure = insecure.toBool();
    p.tls.caCertificateFiles = r.strings("caCertificates", tls);
    p.tls.clientCertificateFile = r.string("clientCertificate", &tls);
    p.tls.clientKeyFile = r.string("clientKey", &tls);
    stored.clientKeyPassphrase = r.secret("clientKeyPassphrase", &tls);
    if (!r.ok()) {
        *error = r.error();
        return std::nullopt;
    }
    return stored;
}

std::optional<StoredProfile> ProfileFile::load(const QString &path, QString *error)
{
    const QString shown = QDir::toNativeSeparators(path);
    if (!QFileInfo::exists(path)) {
        *error = QStringLiteral("%1 does not exist").arg(shown);
        return std::nullopt;
    }
    QString problem;
    const auto object = WorkspaceStore::readJsonFile(path, &problem);
    if (!object) {
        *error = QStringLiteral("%1 %2; fix the file or remove it").arg(shown, problem);
        return std::nullopt;
    }
    auto stored = fromJson(*object, &problem);
    if (!stored) {
        *error = QStringLiteral("%1: %2; fix the file or remove it").arg(shown, problem);
        return std::nullopt;
    }
    return stored;
}

QString ProfileFile::save(const QString &path, const StoredProfile &stored)
{
    const QString shown = QDir::toNativeSeparators(path);
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return QStringLiteral("cannot create the folder of %1: check its permissions").arg(shown);
    if (const QString why = writeFileAtomically(path, stableJson(toJson(stored))); !why.isEmpty())
        return QStringLiteral("cannot write %1: %2").arg(shown, why);
    return {};
}

} // namespace Keyway
