#include "sandbox/tokenendpointroute.h"

#include "sandbox/clients.h"
#include "sandbox/codegrant.h"
#include "sandbox/devicegrant.h"
#include "sandbox/formencoding.h"
#include "sandbox/sandboxstate.h"
#include "sandbox/scopes.h"
#include "sandbox/tokenresponse.h"

#include <QJsonObject>

#include <algorithm>
#include <array>

namespace Keyway {

namespace {

constexpr qsizetype hugeBodyBytes = 20 * 1024 * 1024;
const QString deviceCodeGrantType = QStringLiteral("urn:ietf:params:oauth:grant-type:device_code");

QString formValue(const QHash<QString, QString> &form, const char *name)
{
    return form.value(QString::fromLatin1(name));
}

// What /admin/last-token-request shows: every field, so tests can see that extra parameters
// arrived, but no value that would let a reader act as the client or the user.
QJsonObject redactedForm(const QHash<QString, QString> &form)
{
    static const std::array<QLatin1StringView, 7> secrets {QLatin1StringView("client_secret"),
                                                           QLatin1StringView("password"),
                                                           QLatin1StringView("code_verifier"),
                                                           QLatin1StringView("refresh_token"),
                                                           QLatin1StringView("code"),
                                                           QLatin1StringView("device_code"),
                                                           QLatin1StringView("client_assertion")};
    QJsonObject fields;
    for (auto it = form.cbegin(); it != form.cend(); ++it) {
        const bool secret = std::find(secrets.cbegin(), secrets.cend(), it.key()) != secrets.cend();
        fields.insert(it.key(), secret ? QStringLiteral("***") : it.value());
    }
    return fields;
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
    const FormBody body = readFormBody(request);
    if (body.rejection)
        return *body.rejection;
    const auto *form = &body.fields;

    m_state.lastTokenRequest = redactedForm(*form);
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

HttpResponse TokenEndpointRoute::grant(const HttpRequest &request,
                                       const QHash<QString, QString> &form,
                                       const QString &grantType)
{
    if (auto fault = faultResponse(request))
        return *fault;
    const ClientCheck client = checkClient(request, form, m_state.config);
    if (client.rejection)
        return *client.rejection;

    if (grantType.isEmpty())
        return invalidRequest(QStringLiteral("grant_type is missing"));
    if (grantType == QLatin1String("authorization_code"))
        return authorizationCodeGrant(m_state, client, form);
    if (grantType == deviceCodeGrantType)
        return deviceCodeGrant(m_state, client, form);
    if (grantType == QLatin1String("password"))
        return passwordGrant(client, form);
    if (grantType == QLatin1String("client_credentials"))
        return clientCredentialsGrant(client, form);
    if (grantType == QLatin1String("refresh_token"))
        return refreshGrant(client, form);
    return HttpResponse::error(400, QStringLiteral("unsupported_grant_type"),
                               QStringLiteral("Unsupported grant_type: %1").arg(grantType));
}

std::optional<HttpResponse> TokenEndpointRoute::faultResponse(const HttpRequest &request) const
{
    switch (m_state.tokenFault) {
    case TokenFault::None:
    case TokenFault::ResetAfterCommit: return std::nullopt;
    case TokenFault::ServerError500:
        return HttpResponse::error(500, QStringLiteral("server_error"),
                                   QStringLiteral("Injected fault: internal error"));
    case TokenFault::Unavailable503:
        return HttpResponse::error(503, QStringLiteral("temporarily_unavailable"),
                                   QStringLiteral("Injected fault: try again later"))
            .addHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("2"));
    case TokenFault::TooManyRequests429:
        // RFC 6585 4: the client sent too many requests; Retry-After says when to come back.
        return HttpResponse::error(429, QStringLiteral("temporarily_unavailable"),
                                   QStringLiteral("Injected fault: too many requests"))
            .addHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("3"));
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
                         {QStringLiteral("scope"), defaultScope()}});
        response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
        return response;
    }
    case TokenFault::InvalidGrant:
        return invalidGrant(QStringLiteral("Injected fault: the grant is not valid"));
    case TokenFault::InvalidGrant200:
        return HttpResponse::error(200, QStringLiteral("invalid_grant"),
                                   QStringLiteral("Injected fault: the grant is not valid"));
    case TokenFault::InvalidClient: {
        HttpResponse response =
            HttpResponse::error(401, QStringLiteral("invalid_client"),
                                QStringLiteral("Injected fault: client authentication failed"));
        // RFC 6749 5.2: a client that tried the Authorization header gets a challenge back.
        if (request.hasHeader("authorization"))
            response.addHeader(QByteArrayLiteral("WWW-Authenticate"),
                               QByteArrayLiteral("Basic realm=\"keyway-sandbox\""));
        return response;
    }
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
    else if (grantType == QLatin1String("authorization_code"))
        ++m_state.counters.codeGrants;
    else if (grantType == deviceCodeGrantType)
        ++m_state.counters.devicePolls;
}

HttpResponse TokenEndpointRoute::passwordGrant(const ClientCheck &client,
                                               const QHash<QString, QString> &form)
{
    if (!form.contains(QStringLiteral("username")) || !form.contains(QStringLiteral("password")))
        return invalidRequest(QStringLiteral("username and password are required"));
    if (formValue(form, "username") != m_state.config.username
        || formValue(form, "password") != m_state.config.password)
        return invalidGrant(QStringLiteral("Wrong username or password"));
    const QString requested = formValue(form, "scope");
    if (!TokenRegistry::isSubsetScope(requested, supportedScopes()))
        return invalidScope(QStringLiteral("Unknown scope requested"));
    TokenRegistry::Login login;
    login.clientId = client.clientId;
    login.subject = m_state.config.username;
    login.scope = requested.trimmed().isEmpty() ? defaultScope() : requested.simplified();
    login.audience = formValue(form, "audience");
    return tokenResponse(
        m_state, m_state.tokens.startFamily(login, m_state.config.accessTokenLifetimeSec, true));
}

HttpResponse TokenEndpointRoute::clientCredentialsGrant(const ClientCheck &client,
                                                        const QHash<QString, QString> &form)
{
    // RFC 6749 4.4: "The client credentials grant type MUST only be used by confidential
    // clients."
    if (client.isPublic)
        return HttpResponse::error(400, QStringLiteral("unauthorized_client"),
                                   QStringLiteral("A public client cannot use client_credentials"));
    const QString requested = formValue(form, "scope");
    if (!TokenRegistry::isSubsetScope(requested, clientCredentialsScopes()))
        return invalidScope(QStringLiteral("Unknown scope requested"));
    TokenRegistry::Login login;
    login.clientId = client.clientId;
    login.subject = client.clientId; // RFC 9068 2.2: no user, so the client is the subject
    login.scope = requested.trimmed().isEmpty() ? defaultScope() : requested.simplified();
    login.audience = formValue(form, "audience");
    login.forUser = false;
    // RFC 6749 4.4.3: "A refresh token SHOULD NOT be included."
    return tokenResponse(
        m_state, m_state.tokens.startFamily(login, m_state.config.accessTokenLifetimeSec, false));
}

HttpResponse TokenEndpointRoute::refreshGrant(const ClientCheck &client,
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
        return tokenResponse(m_state, result.grant);
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
        return invalidScope(QStringLiteral("The scope exceeds the one originally granted"));
    }
    return invalidGrant(QStringLiteral("Refresh failed"));
}

} // namespace Keyway
