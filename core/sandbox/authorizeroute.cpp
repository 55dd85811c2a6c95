#include "sandbox/authorizeroute.h"

#include "sandbox/clients.h"
#include "sandbox/formencoding.h"
#include "sandbox/htmlpages.h"
#include "sandbox/pkce.h"
#include "sandbox/sandboxstate.h"
#include "sandbox/scopes.h"

#include <QUrl>

#include <algorithm>

namespace Keyway {

namespace {

QString parameter(const QHash<QString, QString> &parameters, const char *name)
{
    return parameters.value(QString::fromLatin1(name));
}

QString requestedScope(const QHash<QString, QString> &parameters)
{
    const QString scope = parameter(parameters, "scope").simplified();
    return scope.isEmpty() ? defaultScope() : scope;
}

// The authorization response travels in the redirect_uri's query (RFC 6749 4.1.2), after any
// query the client registered there (3.1.2: it MUST be retained).
HttpResponse redirectWith(const QString &redirectUri,
                          const QList<QPair<QString, QString>> &parameters)
{
    QUrl target(redirectUri, QUrl::StrictMode);
    QByteArray query = target.query(QUrl::FullyEncoded).toLatin1();
    for (const auto &[name, value] : parameters) {
        if (!query.isEmpty())
            query += '&';
        // Everything but unreserved characters is encoded, so '+' and '&' survive any decoder.
        query += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    target.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    HttpResponse response = HttpResponse::raw(302, QByteArrayLiteral("text/plain; charset=utf-8"),
                                              QByteArrayLiteral("Redirecting to the client\n"));
    response.addHeader(QByteArrayLiteral("Location"), target.toEncoded());
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

// RFC 6749 4.1.2.1: errors the client may hear about go back to it, with the state.
HttpResponse redirectError(const QHash<QString, QString> &parameters, const QString &error,
                           const QString &description)
{
    QList<QPair<QString, QString>> response {{QStringLiteral("error"), error},
                                             {QStringLiteral("error_description"), description}};
    if (parameters.contains(QStringLiteral("state")))
        response.append({QStringLiteral("state"), parameter(parameters, "state")});
    return redirectWith(parameter(parameters, "redirect_uri"), response);
}

HttpResponse accessDenied(const QHash<QString, QString> &parameters)
{
    return redirectError(parameters, QStringLiteral("access_denied"),
                         QStringLiteral("The user denied the request"));
}

} // namespace

AuthorizeRoute::AuthorizeRoute(SandboxState &state) : m_state(state) { }

HttpResponse AuthorizeRoute::handle(const HttpRequest &request)
{
    std::optional<Parameters> parameters;
    if (request.method == "GET") {
        ++m_state.counters.authorizationRequests;
        // Parsed as a form (RFC 6749 4.1.1: application/x-www-form-urlencoded), so a scope
        // sent as "openid+read" reads as two scopes.
        parameters = parseUniqueForm(request.query.query(QUrl::FullyEncoded).toLatin1());
    } else if (request.method == "POST") {
        if (!request.header("content-type")
                 .toLower()
                 .startsWith("application/x-www-form-urlencoded"))
            return authorizeErrorPage(
                QStringLiteral("The form must be sent as application/x-www-form-urlencoded."));
        parameters = parseUniqueForm(request.body);
    } else {
        return HttpResponse::error(405, QStringLiteral("method_not_allowed"),
                                   QStringLiteral("Use GET or POST"))
            .addHeader(QByteArrayLiteral("Allow"), QByteArrayLiteral("GET, POST"));
    }
    // RFC 6749 3.1: parameters MUST NOT repeat; with two redirect_uris there is no telling
    // where an error should go, so it stays on this page.
    if (!parameters)
        return authorizeErrorPage(QStringLiteral("A parameter was sent more than once."));

    const QString clientId = parameter(*parameters, "client_id");
    if (!isRegisteredClient(clientId, m_state.config))
        return authorizeErrorPage(clientId.isEmpty()
                                      ? QStringLiteral("The request names no client_id.")
                                      : QStringLiteral("Unknown client \"%1\".").arg(clientId));
    const QString redirectUri = parameter(*parameters, "redirect_uri");
    if (!isRegisteredRedirectUri(redirectUri))
        return authorizeErrorPage(
            redirectUri.isEmpty()
                ? QStringLiteral("The request names no redirect_uri.")
                : QStringLiteral("The redirect_uri \"%1\" is not registered for %2.")
                      .arg(redirectUri, clientId));

    if (const auto refusal = refusalFor(*parameters))
        return redirectError(*parameters, refusal->error, refusal->description);

    if (request.method == "POST")
        return formSubmission(*parameters);
    switch (m_state.config.authorizeMode) {
    case AuthorizeMode::Auto: return approve(*parameters);
    case AuthorizeMode::Form: return formPage(*parameters, QString());
    case AuthorizeMode::Deny: return accessDenied(*parameters);
    }
    return accessDenied(*parameters);
}

std::optional<AuthorizeRoute::Refusal>
AuthorizeRoute::refusalFor(const Parameters &parameters) const
{
    const auto fail = [](const char *error, const QString &description) {
        return Refusal {QString::fromLatin1(error), description};
    };
    const QString responseType = parameter(parameters, "response_type");
    if (responseType.isEmpty())
        return fail("invalid_request", QStringLiteral("response_type is missing"));
    if (responseType != QLatin1String("code"))
        return fail("unsupported_response_type",
                    QStringLiteral("Only response_type=code is supported"));

    const QString challenge = parameter(parameters, "code_challenge");
    const bool hasMethod = parameters.contains(QStringLiteral("code_challenge_method"));
    if (challenge.isEmpty()) {
        // RFC 7636 4.4.1 and OAuth 2.0 Security BCP 2.1.1: a public client must use PKCE.
        if (isPublicClient(parameter(parameters, "client_id"), m_state.config))
            return fail("invalid_request",
                        QStringLiteral("PKCE is required: send code_challenge with "
                                       "code_challenge_method=S256"));
        if (hasMethod)
            return fail("invalid_request",
                        QStringLiteral("code_challenge_method without code_challenge"));
    } else {
        // A missing method means "plain" (RFC 7636 4.3), which the sandbox does not offer.
        if (parameter(parameters, "code_challenge_method") != QLatin1String("S256"))
            return fail("invalid_request", QStringLiteral("code_challenge_method must be S256"));
        if (!isWellFormedPkceValue(challenge))
            return fail("invalid_request",
                        QStringLiteral("code_challenge must be 43 to 128 unreserved characters"));
    }

    if (!TokenRegistry::isSubsetScope(requestedScope(parameters), supportedScopes()))
        return fail("invalid_scope", QStringLiteral("Unknown scope requested"));
    return std::nullopt;
}

HttpResponse AuthorizeRoute::formSubmission(const Parameters &parameters)
{
    const QString decision = parameter(parameters, "decision");
    if (decision == QLatin1String("deny") || m_state.config.authorizeMode == AuthorizeMode::Deny)
        return accessDenied(parameters);
    if (decision != QLatin1String("approve"))
        return formPage(parameters, QStringLiteral("Choose Approve or Deny."));
    if (parameter(parameters, "username") != m_state.config.username
        || parameter(parameters, "password") != m_state.config.password)
        return formPage(parameters, QStringLiteral("Wrong username or password."));
    return approve(parameters);
}

HttpResponse AuthorizeRoute::approve(const Parameters &parameters)
{
    AuthorizationCodes::Request request;
    request.clientId = parameter(parameters, "client_id");
    request.redirectUri = parameter(parameters, "redirect_uri");
    request.scope = requestedScope(parameters);
    request.codeChallenge = parameter(parameters, "code_challenge");
    request.nonce = parameter(parameters, "nonce");
    request.audience = parameter(parameters, "audience");
    QList<QPair<QString, QString>> response {
        {QStringLiteral("code"), m_state.codes.issue(request)}};
    if (parameters.contains(QStringLiteral("state")))
        response.append({QStringLiteral("state"), parameter(parameters, "state")});
    return redirectWith(request.redirectUri, response);
}

HttpResponse AuthorizeRoute::formPage(const Parameters &parameters, const QString &message) const
{
    // The form carries the authorization request through the POST, but never the credentials
    // or the previous choice.
    QList<QPair<QString, QString>> carried;
    for (auto it = parameters.cbegin(); it != parameters.cend(); ++it) {
        if (it.key() != QLatin1String("username") && it.key() != QLatin1String("password")
            && it.key() != QLatin1String("decision"))
            carried.append({it.key(), it.value()});
    }
    std::sort(carried.begin(), carried.end());
    return authorizeFormPage(carried, parameter(parameters, "client_id"),
                             requestedScope(parameters), message);
}

} // namespace Keyway
