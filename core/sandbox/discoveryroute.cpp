#include "sandbox/discoveryroute.h"

#include "sandbox/sandboxstate.h"
#include "sandbox/scopes.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Keyway {

namespace {

QJsonArray strings(const QStringList &values)
{
    return QJsonArray::fromStringList(values);
}

} // namespace

HttpResponse answerDiscovery(const HttpRequest &request, const SandboxState &state)
{
    if (request.method != "GET" && request.method != "HEAD")
        return HttpResponse::error(405, QStringLiteral("method_not_allowed"),
                                   QStringLiteral("Use GET"))
            .addHeader(QByteArrayLiteral("Allow"), QByteArrayLiteral("GET"));

    // Endpoints are where the sandbox really listens even when the issuer is overridden: a
    // client that notices the mismatch must still be able to tell what it would have talked to.
    const QString base = state.baseUrl().toString();
    const auto endpoint = [&base](const char *path) {
        return base + QLatin1String(path);
    };
    return HttpResponse::json(
        200,
        QJsonObject {
            {QStringLiteral("issuer"), state.issuer()},
            {QStringLiteral("authorization_endpoint"), endpoint("/oauth/authorize")},
            {QStringLiteral("token_endpoint"), endpoint("/oauth/token")},
            {QStringLiteral("device_authorization_endpoint"),
             endpoint("/oauth/device_authorization")},
            {QStringLiteral("revocation_endpoint"), endpoint("/oauth/revoke")},
            {QStringLiteral("grant_types_supported"),
             strings({QStringLiteral("authorization_code"), QStringLiteral("refresh_token"),
                      QStringLiteral("password"), QStringLiteral("client_credentials"),
                      QStringLiteral("urn:ietf:params:oauth:grant-type:device_code")})},
            {QStringLiteral("response_types_supported"), strings({QStringLiteral("code")})},
            {QStringLiteral("response_modes_supported"), strings({QStringLiteral("query")})},
            {QStringLiteral("code_challenge_methods_supported"), strings({QStringLiteral("S256")})},
            {QStringLiteral("token_endpoint_auth_methods_supported"),
             strings({QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post"),
                      QStringLiteral("none")})},
            {QStringLiteral("revocation_endpoint_auth_methods_supported"),
             strings({QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post"),
                      QStringLiteral("none")})},
            {QStringLiteral("scopes_supported"),
             strings(supportedScopes().split(QLatin1Char(' ')))},
            {QStringLiteral("subject_types_supported"), strings({QStringLiteral("public")})},
            {QStringLiteral("id_token_signing_alg_values_supported"),
             strings({QStringLiteral("HS256")})},
        });
}

} // namespace Keyway
