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

    const bool known = path == QLatin1String("/admin/counters/reset")
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
    if (isGet)
        return currentConfig();
    return setConfig(request);
}

HttpResponse AdminRoutes::setFaults(const HttpRequest &request)
{
    // Validate everything before changing anything, so a typo leaves the sandbox as it was.
    std::optional<TokenFault> tokenFault;
    std::optional<ApiFault> apiFault;
    if (request.query.hasQueryItem(QStringLiteral("token"))) {
        const QString name = request.query.queryItemValue(QStringLiteral("token"));
        tokenFault = tokenFaultFromName(name);
        if (!tokenFault)
            return badRequest(QStringLiteral("Unknown token fault '%1'; expected one of %2")
                                  .arg(name, tokenFaultNames().join(QLatin1Char('|'))));
    }
    if (request.query.hasQueryItem(QStringLiteral("api"))) {
        const QString name = request.query.queryItemValue(QStringLiteral("api"));
        apiFault = apiFaultFromName(name);
        if (!apiFault)
            return badRequest(QStringLiteral("Unknown api fault '%1'; expected one of %2")
                                  .arg(name, apiFaultNames().join(QLatin1Char('|'))));
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
    return HttpResponse::json(
        200,
        QJsonObject {{QStringLiteral("token"), tokenFaultName(m_state.tokenFault)},
                     {QStringLiteral("api"), apiFaultName(m_state.apiFault)}});
}

HttpResponse AdminRoutes::setConfig(const HttpRequest &request)
{
    const QUrlQuery &query = request.query;
    std::optional<int> lifetime;
    std::optional<int> expiredStatus;
    std::optional<bool> rotation;
    std::optional<bool> reuseDetection;
    std::optional<int> tokenDelayMs;

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
    return currentConfig();
}

HttpResponse AdminRoutes::currentConfig() const
{
    const SandboxConfig &config = m_state.config;
    return HttpResponse::json(
        200,
        QJsonObject {{QStringLiteral("lifetime"), config.accessTokenLifetimeSec},
                     {QStringLiteral("expired_status"), config.expiredStatus},
                     {QStringLiteral("rotation"), config.rotateRefreshTokens},
                     {QStringLiteral("reuse_detection"), config.reuseDetection},
                     {QStringLiteral("token_delay_ms"), m_state.tokenDelayMs},
                     {QStringLiteral("token_fault"), tokenFaultName(m_state.tokenFault)},
                     {QStringLiteral("api_fault"), apiFaultName(m_state.apiFault)}});
}

} // namespace Keyway
