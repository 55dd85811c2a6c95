#include "sandbox/codegrant.h"

#include "sandbox/clients.h"
#include "sandbox/pkce.h"
#include "sandbox/sandboxstate.h"
#include "sandbox/tokenresponse.h"

namespace Keyway {

HttpResponse authorizationCodeGrant(SandboxState &state, const ClientCheck &client,
                                    const QHash<QString, QString> &form)
{
    const QString code = form.value(QStringLiteral("code"));
    if (code.isEmpty())
        return invalidRequest(QStringLiteral("code is required"));

    const auto redemption = state.codes.redeem(code, client.clientId);
    switch (redemption.error) {
    case AuthorizationCodes::Error::None: break;
    case AuthorizationCodes::Error::Unknown:
        return invalidGrant(QStringLiteral("Unknown authorization code"));
    case AuthorizationCodes::Error::WrongClient:
        return invalidGrant(QStringLiteral("The authorization code was issued to another client"));
    case AuthorizationCodes::Error::Expired:
        return invalidGrant(QStringLiteral("The authorization code expired"));
    case AuthorizationCodes::Error::Reused:
        // RFC 6749 4.1.2: a code used twice has probably leaked; the tokens it bought go too.
        state.tokens.revokeFamily(redemption.family);
        return invalidGrant(QStringLiteral("The authorization code was already used; the tokens "
                                           "issued for it are revoked"));
    }

    const AuthorizationCodes::Request &request = redemption.request;
    // RFC 6749 4.1.3: "ensure that the redirect_uri parameter is present [...] and that their
    // values are identical". The sandbox always requires it at the authorization endpoint.
    if (form.value(QStringLiteral("redirect_uri")) != request.redirectUri)
        return invalidGrant(
            QStringLiteral("redirect_uri does not match the authorization request"));

    const bool hasVerifier = form.contains(QStringLiteral("code_verifier"));
    if (request.codeChallenge.isEmpty()) {
        // OAuth 2.1 4.1.3: a verifier without a challenge is a client that lost track of its
        // own request, or an injected code.
        if (hasVerifier)
            return invalidGrant(QStringLiteral("PKCE verification failed: the authorization "
                                               "request had no code_challenge"));
    } else if (!hasVerifier) {
        return invalidGrant(QStringLiteral("PKCE verification failed: code_verifier is missing"));
    } else if (!verifyPkceS256(form.value(QStringLiteral("code_verifier")),
                               request.codeChallenge)) {
        return invalidGrant(QStringLiteral("PKCE verification failed"));
    }

    TokenRegistry::Login login;
    login.clientId = client.clientId;
    login.subject = state.config.username;
    login.scope = request.scope;
    login.audience = form.value(QStringLiteral("audience"), request.audience);
    const TokenRegistry::Grant grant =
        state.tokens.startFamily(login, state.config.accessTokenLifetimeSec, true);
    state.codes.recordFamily(code, grant.family);
    return tokenResponse(state, grant, request.nonce);
}

} // namespace Keyway
