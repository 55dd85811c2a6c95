#include "sandbox/clients.h"

#include "sandbox/clientauth.h"
#include "sandbox/formencoding.h"
#include "sandbox/sandboxconfig.h"

#include <QUrl>

namespace Keyway {

namespace {

HttpResponse invalidClient(const ClientAuth &client, const QString &description)
{
    HttpResponse response = HttpResponse::error(401, QStringLiteral("invalid_client"), description);
    // RFC 6749 5.2: a client that tried the Authorization header gets a challenge back.
    if (client.method == ClientAuth::Method::Basic)
        response.addHeader(QByteArrayLiteral("WWW-Authenticate"),
                           QByteArrayLiteral("Basic realm=\"keyway-sandbox\""));
    return response;
}

ClientCheck rejected(HttpResponse response)
{
    ClientCheck check;
    check.rejection = std::move(response);
    return check;
}

} // namespace

ClientCheck checkClient(const HttpRequest &request, const QHash<QString, QString> &form,
                        const SandboxConfig &config)
{
    const ClientAuth client = ClientAuth::fromRequest(request, form);
    if (client.problem == ClientAuth::Problem::BothMethods)
        return rejected(HttpResponse::error(
            400, QStringLiteral("invalid_request"),
            QStringLiteral("Use either HTTP Basic or client_id/client_secret, not both")));
    if (client.problem == ClientAuth::Problem::Malformed)
        return rejected(invalidClient(client, QStringLiteral("Malformed Basic credentials")));
    if (client.method == ClientAuth::Method::None)
        return rejected(invalidClient(client, QStringLiteral("Client authentication is required")));

    ClientCheck check;
    check.clientId = client.clientId;
    if (client.clientId == config.publicClientId) {
        // A public client has no secret to prove anything with; sending one is a client bug
        // worth seeing rather than ignoring.
        if (!client.clientSecret.isEmpty() || form.contains(QStringLiteral("client_secret")))
            return rejected(
                invalidClient(client,
                              QStringLiteral("%1 is a public client: send no client secret")
                                  .arg(config.publicClientId)));
        check.isPublic = true;
        return check;
    }
    if (client.clientId != config.clientId || client.clientSecret != config.clientSecret)
        return rejected(
            invalidClient(client, QStringLiteral("Unknown client or wrong client secret")));
    return check;
}

bool isRegisteredClient(const QString &clientId, const SandboxConfig &config)
{
    return clientId == config.clientId || clientId == config.publicClientId;
}

bool isPublicClient(const QString &clientId, const SandboxConfig &config)
{
    return clientId == config.publicClientId;
}

bool isRegisteredRedirectUri(const QString &redirectUri)
{
    const QUrl url(redirectUri, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("http"))
        return false;
    // RFC 6749 3.1.2: the redirection endpoint URI MUST NOT include a fragment component.
    if (url.hasFragment() || !url.userInfo().isEmpty())
        return false;
    const QString host = url.host();
    return host == QLatin1String("127.0.0.1") || host == QLatin1String("::1");
}

ClientRequest readClientRequest(const HttpRequest &request, const SandboxConfig &config)
{
    ClientRequest read;
    FormBody body = readFormBody(request);
    read.rejection = std::move(body.rejection);
    if (read.rejection)
        return read;
    read.form = std::move(body.fields);
    read.client = checkClient(request, read.form, config);
    read.rejection = read.client.rejection;
    return read;
}

} // namespace Keyway
