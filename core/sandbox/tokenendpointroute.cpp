#include "sandbox/tokenendpointroute.h"

#include "sandbox/clientauth.h"
#include "sandbox/formencoding.h"
#include "sandbox/sandboxstate.h"

#include <QJsonObject>

namespace Keyway {

namespace {

const QString defaultScope = QStringLiteral("read write");
const QString knownScopes = QStringLiteral("read write admin");
constexpr qsizetype hugeBodyBytes = 20 * 1024 * 1024;

QString formValue(const QHash<QString, QString> &form, const char *name)
{
    return form.value(QString::fromLatin1(name));
}

HttpResponse invalidRequest(const QString &description)
{
    return HttpResponse::error(400, QStringLiteral("invalid_request"), description);
}

HttpResponse invalidGrant(const QString &description)
{
    return HttpResponse::error(400, QStringLiteral("invalid_grant"), description);
}

HttpResponse invalidClient(const ClientAuth &client, const QString &description)
{
    HttpResponse response = HttpResponse::error(401, QStringLiteral("invalid_client"), description);
    // RFC 6749 5.2: a client that tried the Authorization header gets a challenge back.
    if (client.method == ClientAuth::Method::Basic)
        response.addHeader(QByteArrayLiteral("WWW-Authenticate"),
                           QByteArrayLiteral("Basic realm=\"keyway-sandbox\""));
    return response;
}

HttpResponse tokenResponse(const TokenRegistry::Grant &grant)
{
    QJsonObject body {{QStringLiteral("access_token"), grant.accessToken},
                      {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                      {QStringLiteral("expires_in"), grant.expiresIn},
                      {QStringLiteral("scope"), grant.scope}};
    if (!grant.refreshToken.isEmpty())
        body.insert(QStringLiteral("refresh_token"), grant.refreshToken);
    HttpResponse response = HttpResponse::json(200, body);
    // RFC 6749 5.1: responses carrying tokens must not be cached.
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.addHeader(QByteArrayLiteral("Pragma"), QByteArrayLiteral("no-cache"));
    return response;
}

} // namespace

TokenEndpointRoute::TokenEndpointRoute(SandboxState &state) : m_state(state) { }

HttpResponse TokenEndpointRoute::handle(const HttpRequest &request)
{
    ++m_state.counters.tokenRequests;
    if (request.method != "POST") {
        // RFC 6749 3.2: "The client MUST use the HTTP POST method".
        return HttpResponse::error(405, QStringLiteral("invalid_request"),
                                   QStringLiteral("The token endpoint only accepts POST"))
            .addHeader(QByteArrayLiteral("Allow"), QByteArrayLiteral("POST"));
    }
    const QByteArray contentType = request.header("content-type").toLower();
    if (!contentType.startsWith("application/x-www-form-urlencoded"))
        return invalidRequest(QStringLiteral("The body must be application/x-www-form-urlencoded"));
    const auto form = parseUniqueForm(request.body);
    if (!form)
        return invalidRequest(QStringLiteral("A parameter was sent more than once"));

    const QString grantType = formValue(*form, "grant_type");
    countGrantType(grantType);

    HttpResponse response = grant(request, *form, grantType);
    if (m_state.tokenFault == TokenFault::ResetAfterCommit) {
        // The grant above already happened for real (a rotation is committed); only the answer
        // is lost, which is exactly the case a client cannot tell from "never arrived".
        response.delivery = HttpResponse::Delivery::ResetConnection;
    }
    if (m_state.tokenFault != TokenFault::None && m_state.tokenFaultUses > 0
        && --m_state.tokenFaultUses == 0) {
        m_state.tokenFault = TokenFault::None; // a fault for the next N requests only
    }
    if (m_state.tokenDelayMs > 0 && response.delivery == HttpResponse::Delivery::Now) {
        // A slow authorization server: what the grant did is done; only the answer is late.
        response.delivery = HttpResponse::Delivery::Delayed;
        response.delayMs = m_state.tokenDelayMs;
    }
    return response;
}

HttpResponse TokenEndpointRoute::grant(const HttpRequest &request, const QHash<QString, QString> &form,
                                  const QString &grantType)
{
    const ClientAuth client = ClientAuth::fromRequest(request, form);
    if (auto fault = faultResponse(client))
        return *fault;

    if (client.problem == ClientAuth::Problem::BothMethods)
        return invalidRequest(
            QStringLiteral("Use either HTTP Basic or client_id/client_secret, not both"));
    if (client.problem == ClientAuth::Problem::Malformed)
        return invalidClient(client, QStringLiteral("Malformed Basic credentials"));
    if (client.method == ClientAuth::Method::None)
        return invalidClient(client, QStringLiteral("Client authentication is required"));
    if (client.clientId != m_state.config.clientId
        || client.clientSecret != m_state.config.clientSecret)
        return invalidClient(client, QStringLiteral("Unknown client or wrong client secret"));

    if (grantType.isEmpty())
        return invalidRequest(QStringLiteral("grant_type is missing"));
    if (grantType == QLatin1String("password"))
        return passwordGrant(client, form);
    if (grantType == QLatin1String("client_credentials"))
        return clientCredentialsGrant(client, form);
    if (grantType == QLatin1String("refresh_token"))
        return refreshGrant(client, form);
    return HttpResponse::error(400, QStringLiteral("unsupported_grant_type"),
                               QStringLiteral("Unsupported grant_type: %1").arg(grantType));
}

std::optional<HttpResponse> TokenEndpointRoute::faultResponse(const ClientAuth &client) const
{
    switch (m_state.tokenFault) {
    case TokenFault::None:
    case TokenFault::ResetAfterCommit:
        return std::nullopt;
    case TokenFault::ServerError500:
        return HttpResponse::error(500, QStringLiteral("server_error"),
                                   QStringLiteral("Injected fault: internal error"));
    case TokenFault::Unavailable503:
        return HttpResponse::error(503, QStringLiteral("temporarily_unavailable"),
                                   QStringLiteral("Injected fault: try again later"))
            .addHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("2"));
    case TokenFault::InvalidJson:
        return HttpResponse::raw(200, QByteArrayLiteral("application/json"),
                                 QByteArrayLiteral("{\"access_token\": "));
    case TokenFault::HtmlPage200:
        // What a captive portal or a misrouted proxy answers.
        return HttpResponse::raw(
            200, QByteArrayLiteral("text/html; charset=utf-8"),
            QByteArrayLiteral("<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
                              "<body><h1>Please sign in to continue</h1>"
                              "<form method=\"post\"><input name=\"user\"></form>"
                              "</body></html>\n"));
    case TokenFault::MissingAccessToken: {
        HttpResponse response = HttpResponse::json(
            200,
            QJsonObject {{QStringLiteral("token_type"), QStringLiteral("Bearer")},
                         {QStringLiteral("expires_in"), m_state.config.accessTokenLifetimeSec},
                         {QStringLiteral("scope"), defaultScope}});
        response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
        return response;
    }
    case TokenFault::InvalidGrant:
        return invalidGrant(QStringLiteral("Injected fault: the grant is not valid"));
    case TokenFault::InvalidClient:
        return invalidClient(client,
                             QStringLiteral("Injected fault: client authentication failed"));
    case TokenFault::Hang: {
        HttpResponse response;
        response.delivery = HttpResponse::Delivery::Never;
        return response;
    }
    case TokenFault::HugeBody: {
        // Valid JSON, but large enough that a client without a response size cap notices.
        // No grant is performed, so the client's refresh token stays usable after the fault.
        QByteArray body;
        body.reserve(hugeBodyBytes + 128);
        body += QByteArrayLiteral("{\"token_type\":\"Bearer\",\"expires_in\":")
            + QByteArray::number(m_state.config.accessTokenLifetimeSec)
            + QByteArrayLiteral(",\"padding\":\"");
        body += QByteArray(hugeBodyBytes, 'x');
        body += QByteArrayLiteral("\"}");
        return HttpResponse::raw(200, QByteArrayLiteral("application/json"), body);
    }
    }
    return std::nullopt;
}

void TokenEndpointRoute::countGrantType(const QString &grantType)
{
    if (grantType == QLatin1String("password"))
        ++m_state.counters.passwordGrants;
    else if (grantType == QLatin1String("client_credentials"))
        ++m_state.counters.clientCredentialsGrants;
    else if (grantType == QLatin1String("refresh_token"))
        ++m_state.counters.refreshGrants;
}

HttpResponse TokenEndpointRoute::passwordGrant(const ClientAuth &client,
                                          const QHash<QString, QString> &form)
{
    if (!form.contains(QStringLiteral("username")) || !form.contains(QStringLiteral("password")))
        return invalidRequest(QStringLiteral("username and password are required"));
    if (formValue(form, "username") != m_state.config.username
        || formValue(form, "password") != m_state.config.password)
        return invalidGrant(QStringLiteral("Wrong username or password"));
    const QString requested = formValue(form, "scope");
    if (!TokenRegistry::isSubsetScope(requested, knownScopes))
        return HttpResponse::error(400, QStringLiteral("invalid_scope"),
                                   QStringLiteral("Unknown scope requested"));
    const QString scope = requested.trimmed().isEmpty() ? defaultScope : requested.simplified();
    return tokenResponse(m_state.tokens.startFamily(client.clientId, scope,
                                                    m_state.config.accessTokenLifetimeSec, true));
}

HttpResponse TokenEndpointRoute::clientCredentialsGrant(const ClientAuth &client,
                                                   const QHash<QString, QString> &form)
{
    const QString requested = formValue(form, "scope");
    if (!TokenRegistry::isSubsetScope(requested, knownScopes))
        return HttpResponse::error(400, QStringLiteral("invalid_scope"),
                                   QStringLiteral("Unknown scope requested"));
    const QString scope = requested.trimmed().isEmpty() ? defaultScope : requested.simplified();
    // RFC 6749 4.4.3: "A refresh token SHOULD NOT be included."
    return tokenResponse(m_state.tokens.startFamily(client.clientId, scope,
                                                    m_state.config.accessTokenLifetimeSec, false));
}

HttpResponse TokenEndpointRoute::refreshGrant(const ClientAuth &client,
                                         const QHash<QString, QString> &form)
{
    const QString refreshToken = formValue(form, "refresh_token");
    if (refreshToken.isEmpty())
        return invalidRequest(QStringLiteral("refresh_token is required"));

    const TokenRegistry::RefreshPolicy policy {m_state.config.accessTokenLifetimeSec,
                                               m_state.config.rotateRefreshTokens,
                                               m_state.config.reuseDetection};
    const auto result = m_state.tokens.refresh(refreshToken, client.clientId,
                                               formValue(form, "scope").simplified(), policy);
    switch (result.error) {
    case TokenRegistry::RefreshError::None:
        ++m_state.counters.refreshes;
        return tokenResponse(result.grant);
    case TokenRegistry::RefreshError::Unknown:
        return invalidGrant(QStringLiteral("Unknown refresh token"));
    case TokenRegistry::RefreshError::WrongClient:
        return invalidGrant(QStringLiteral("The refresh token was issued to another client"));
    case TokenRegistry::RefreshError::Revoked:
        return invalidGrant(QStringLiteral("The refresh token was revoked"));
    case TokenRegistry::RefreshError::Reused:
        ++m_state.counters.reuseDetections;
        return invalidGrant(m_state.config.reuseDetection
                                ? QStringLiteral("Refresh token reuse detected; the token "
                                                 "family is revoked")
                                : QStringLiteral("The refresh token was already used"));
    case TokenRegistry::RefreshError::InvalidScope:
        return HttpResponse::error(400, QStringLiteral("invalid_scope"),
                                   QStringLiteral("The scope exceeds the one originally granted"));
    }
    return invalidGrant(QStringLiteral("Refresh failed"));
}

} // namespace Keyway
