#include "sandbox/adminroutes.h"

#include "sandbox/faultnames.h"
#include "sandbox/sandboxstate.h"

#include <QJsonObject>

#include <optional>

namespace Keyway {

namespace {

HttpResponse badRequest(const QString &description)
{
    return HttpResponse::error(400, QStringLiteral("invalid_request"), description);
}

std::optional<int> parseSeconds(const QUrlQuery &query, const char *name, int minimum)
{
    bool ok = false;
    const int value = query.queryItemValue(QString::fromLatin1(name)).toInt(&ok);
    if (!ok || value < minimum || value > 86400)
        return std::nullopt;
    return value;
}

// Reads query item `key`, when given, as one of Enum's names into *out. Returns the error for
// an unknown name, which lists the known ones; empty when fine.
template<typename Enum>
QString readName(const QUrlQuery &query, const QString &key, const QString &what,
                 std::optional<Enum> *out)
{
    if (!query.hasQueryItem(key))
        return {};
    const QString name = query.queryItemValue(key);
    *out = EnumNames<Enum>::fromName(name);
    if (*out)
        return {};
    return QStringLiteral("Unknown %1 '%2'; expected one of %3")
        .arg(what, name, EnumNames<Enum>::all().join(QLatin1Char('|')));
}

std::optional<bool> parseFlag(const QString &value)
{
    if (value == QLatin1String("1") || value == QLatin1String("true"))
        return true;
    if (value == QLatin1String("0") || value == QLatin1String("false"))
        return false;
    return std::nullopt;
}

} // namespace

AdminRoutes::AdminRoutes(SandboxState &state) : m_state(state) { }

HttpResponse AdminRoutes::handle(const HttpRequest &request)
{
    const QString &path = request.path;
    const bool isGet = request.method == "GET";
    const bool isPost = request.method == "POST";

    if (path == QLatin1String("/admin/counters")) {
        if (!isGet)
            return HttpResponse::error(405, QStringLiteral("method_not_allowed"),
                                       QStringLiteral("Use GET"))
                .addHeader(QByteArrayLiteral("Allow"), QByteArrayLiteral("GET"));
        return HttpResponse::json(200, m_state.counters.toJson());
    }

    if (path == QLatin1String("/admin/last-token-request")) {
        if (!isGet)
            return HttpResponse::error(405, QStringLiteral("method_not_allowed"),
                                       QStringLiteral("Use GET"))
                .addHeader(QByteArrayLiteral("Allow"), QByteArrayLiteral("GET"));
        return HttpResponse::json(200, m_state.lastTokenRequest);
    }

    const bool device = path == QLatin1String("/admin/device/approve")
        || path == QLatin1String("/admin/device/deny")
        || path == QLatin1String("/admin/device/expire");
    const bool known = device || path == QLatin1String("/admin/counters/reset")
        || path == QLatin1String("/admin/expire") || path == QLatin1String("/admin/fault")
        || path == QLatin1String("/admin/config");
    if (!known)
        return HttpResponse::error(404, QStringLiteral("not_found"),
                                   QStringLiteral("No admin route %1").arg(path));
    // Everything else changes state, so it must not be reachable by a prefetching GET.
    if (!isPost && !(isGet && path == QLatin1String("/admin/config")))
        return HttpResponse::error(405, QStringLiteral("method_not_allowed"),
                                   QStringLiteral("Use POST"))
            .addHeader(QByteArrayLiteral("Allow"), QByteArrayLiteral("POST"));

    if (path == QLatin1String("/admin/counters/reset")) {
        m_state.counters = SandboxCounters();
        return HttpResponse::json(200, m_state.counters.toJson());
    }
    if (path == QLatin1String("/admin/expire")) {
        const int expired = m_state.tokens.expireAllAccessTokens();
        return HttpResponse::json(200, QJsonObject {{QStringLiteral("expired"), expired}});
    }
    if (path == QLatin1String("/admin/fault"))
        return setFaults(request);
    if (device)
        return decideDevice(request);
    if (isGet)
        return currentConfig();
    return setConfig(request);
}

HttpResponse AdminRoutes::setFaults(const HttpRequest &request)
{
    // Validate everything before changing anything, so a typo leaves the sandbox as it was.
    std::optional<TokenFault> tokenFault;
    std::optional<ApiFault> apiFault;
    for (const QString &error :
         {readName(request.query, QStringLiteral("token"), QStringLiteral("token fault"),
                   &tokenFault),
          readName(request.query, QStringLiteral("api"), QStringLiteral("api fault"), &apiFault)}) {
        if (!error.isEmpty())
            return badRequest(error);
    }
    std::optional<int> revokeStatus;
    if (request.query.hasQueryItem(QStringLiteral("revoke"))) {
        const QString name = request.query.queryItemValue(QStringLiteral("revoke"));
        bool ok = false;
        revokeStatus = name == QLatin1String("none") ? 0 : name.toInt(&ok);
        if (name != QLatin1String("none") && (!ok || *revokeStatus < 400 || *revokeStatus > 599))
            return badRequest(QStringLiteral("revoke must be an error status (400-599) or none"));
    }
    bool timesOk = true;
    const QString times = request.query.queryItemValue(QStringLiteral("times"));
    const int uses = times.isEmpty() ? 0 : times.toInt(&timesOk);
    if (!timesOk || uses < 0)
        return badRequest(QStringLiteral("times must be a whole number (0: until changed)"));
    if (tokenFault) {
        m_state.tokenFault = *tokenFault;
        m_state.tokenFaultUses = uses;
    }
    if (apiFault)
        m_state.apiFault = *apiFault;
    if (revokeStatus) {
        m_state.revocationFaultStatus = *revokeStatus;
        m_state.revocationFaultUses = uses;
    }
    return HttpResponse::json(
        200,
        QJsonObject {{QStringLiteral("token"), EnumNames<TokenFault>::name(m_state.tokenFault)},
                     {QStringLiteral("api"), EnumNames<ApiFault>::name(m_state.apiFault)},
                     {QStringLiteral("revoke"), m_state.revocationFaultStatus}});
}

HttpResponse AdminRoutes::setConfig(const HttpRequest &request)
{
    const QUrlQuery &query = request.query;
    std::optional<int> lifetime;
    std::optional<int> expiredStatus;
    std::optional<bool> rotation;
    std::optional<bool> reuseDetection;
    std::optional<int> tokenDelayMs;
    std::optional<AuthorizeMode> authorizeMode;
    std::optional<bool> jwtAccessTokens;
    std::optional<int> deviceInterval;
    std::optional<int> deviceExpiresIn;
    std::optional<QString> issuer;

    if (query.hasQueryItem(QStringLiteral("token_delay_ms"))) {
        bool ok = false;
        tokenDelayMs = query.queryItemValue(QStringLiteral("token_delay_ms")).toInt(&ok);
        if (!ok || *tokenDelayMs < 0 || *tokenDelayMs > 600000)
            return badRequest(QStringLiteral("token_delay_ms must be between 0 and 600000"));
    }
    if (query.hasQueryItem(QStringLiteral("lifetime"))) {
        bool ok = false;
        lifetime = query.queryItemValue(QStringLiteral("lifetime")).toInt(&ok);
        if (!ok || *lifetime < 0)
            return badRequest(QStringLiteral("lifetime must be a non-negative number of seconds"));
    }
    if (query.hasQueryItem(QStringLiteral("expired_status"))) {
        expiredStatus = query.queryItemValue(QStringLiteral("expired_status")).toInt();
        if (*expiredStatus != 401 && *expiredStatus != 403)
            return badRequest(QStringLiteral("expired_status must be 401 or 403"));
    }
    if (query.hasQueryItem(QStringLiteral("rotation"))) {
        rotation = parseFlag(query.queryItemValue(QStringLiteral("rotation")));
        if (!rotation)
            return badRequest(QStringLiteral("rotation must be 0 or 1"));
    }
    if (query.hasQueryItem(QStringLiteral("reuse_detection"))) {
        reuseDetection = parseFlag(query.queryItemValue(QStringLiteral("reuse_detection")));
        if (!reuseDetection)
            return badRequest(QStringLiteral("reuse_detection must be 0 or 1"));
    }

    if (const QString error = readName(query, QStringLiteral("authorize"),
                                       QStringLiteral("authorize mode"), &authorizeMode);
        !error.isEmpty())
        return badRequest(error);
    if (query.hasQueryItem(QStringLiteral("jwt_access_tokens"))) {
        jwtAccessTokens = parseFlag(query.queryItemValue(QStringLiteral("jwt_access_tokens")));
        if (!jwtAccessTokens)
            return badRequest(QStringLiteral("jwt_access_tokens must be 0 or 1"));
    }
    if (query.hasQueryItem(QStringLiteral("device_interval"))) {
        deviceInterval = parseSeconds(query, "device_interval", 0);
        if (!deviceInterval)
            return badRequest(QStringLiteral("device_interval must be between 0 and 86400"));
    }
    if (query.hasQueryItem(QStringLiteral("device_expires_in"))) {
        deviceExpiresIn = parseSeconds(query, "device_expires_in", 1);
        if (!deviceExpiresIn)
            return badRequest(QStringLiteral("device_expires_in must be between 1 and 86400"));
    }
    if (query.hasQueryItem(QStringLiteral("issuer"))) {
        issuer = query.queryItemValue(QStringLiteral("issuer"), QUrl::FullyDecoded);
        const QUrl url(*issuer, QUrl::StrictMode);
        if (!issuer->isEmpty() && (!url.isValid() || url.isRelative()))
            return badRequest(QStringLiteral("issuer must be an absolute URL, or empty to "
                                             "advertise the sandbox's own"));
    }

    SandboxConfig &config = m_state.config;
    if (lifetime)
        config.accessTokenLifetimeSec = *lifetime;
    if (expiredStatus)
        config.expiredStatus = *expiredStatus;
    if (rotation)
        config.rotateRefreshTokens = *rotation;
    if (reuseDetection)
        config.reuseDetection = *reuseDetection;
    if (tokenDelayMs)
        m_state.tokenDelayMs = *tokenDelayMs;
    if (authorizeMode)
        config.authorizeMode = *authorizeMode;
    if (jwtAccessTokens)
        config.jwtAccessTokens = *jwtAccessTokens;
    if (deviceInterval)
        config.deviceIntervalSec = *deviceInterval;
    if (deviceExpiresIn)
        config.deviceExpiresInSec = *deviceExpiresIn;
    if (issuer)
        m_state.issuerOverride = *issuer;
    return currentConfig();
}

HttpResponse AdminRoutes::decideDevice(const HttpRequest &request)
{
    const QString userCode =
        request.query.queryItemValue(QStringLiteral("user_code"), QUrl::FullyDecoded);
    const QString action = request.path.section(QLatin1Char('/'), -1);
    const DeviceCodes::Decision decision = action == QLatin1String("approve")
        ? DeviceCodes::Decision::Approve
        : action == QLatin1String("deny") ? DeviceCodes::Decision::Deny
                                          : DeviceCodes::Decision::Expire;
    if (!m_state.devices.decide(userCode, decision))
        return HttpResponse::error(404, QStringLiteral("not_found"),
                                   QStringLiteral("No pending device authorization has user "
                                                  "code '%1'")
                                       .arg(userCode));
    return HttpResponse::json(200,
                              QJsonObject {{QStringLiteral("user_code"), userCode},
                                           {QStringLiteral("decision"), action}});
}

HttpResponse AdminRoutes::currentConfig() const
{
    const SandboxConfig &config = m_state.config;
    return HttpResponse::json(
        200,
        QJsonObject {
            {QStringLiteral("lifetime"), config.accessTokenLifetimeSec},
            {QStringLiteral("expired_status"), config.expiredStatus},
            {QStringLiteral("rotation"), config.rotateRefreshTokens},
            {QStringLiteral("reuse_detection"), config.reuseDetection},
            {QStringLiteral("token_delay_ms"), m_state.tokenDelayMs},
            {QStringLiteral("token_fault"), EnumNames<TokenFault>::name(m_state.tokenFault)},
            {QStringLiteral("api_fault"), EnumNames<ApiFault>::name(m_state.apiFault)},
            {QStringLiteral("revoke_fault"), m_state.revocationFaultStatus},
            {QStringLiteral("authorize"), EnumNames<AuthorizeMode>::name(config.authorizeMode)},
            {QStringLiteral("jwt_access_tokens"), config.jwtAccessTokens},
            {QStringLiteral("device_interval"), config.deviceIntervalSec},
            {QStringLiteral("device_expires_in"), config.deviceExpiresInSec},
            {QStringLiteral("issuer"), m_state.issuer()}});
}

} // namespace Keyway
