#pragma once

#include "http/tlssettings.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace Keyway {

enum class GrantType { None, Password, ClientCredentials };
enum class ClientAuthMethod { Basic, Body };
// What to do when a shared token store cannot be reached during a refresh.
enum class StoreFailureMode {
    Degrade, // refresh with in-process single flight only, and say so in the log
    FailClosed, // refuse to refresh until the store is back
};

// How a profile talks to its authorization server and how the core treats its API's answers.
struct Profile
{
    QString name = QStringLiteral("default");
    QUrl tokenUrl;
    QString clientId;
    QString clientSecret; // empty for a public client
    ClientAuthMethod clientAuth = ClientAuthMethod::Basic;
    // RFC 6749 §2.1 public client (a CLI, a desktop app): no secret is ever sent, only client_id
    // in the body (RFC 8414's token_endpoint_auth_method "none").
    bool publicClient = false;
    QString scope;

    // Interactive sign-in and logout. Filled by hand or by discovery (RFC 8414).
    QString issuer; // as the user gave it: discovery compares it exactly (RFC 8414 §3.3)
    QUrl authorizationUrl; // authorization code grant (RFC 6749 §4.1)
    QUrl deviceAuthorizationUrl; // device authorization grant (RFC 8628 §3.1)
    QUrl revocationUrl; // token revocation on logout (RFC 7009)
    QString redirectPath = QStringLiteral("/callback"); // on http://127.0.0.1:PORT (RFC 8252)
    // Sent with the authorization (or device authorization) request and with every token
    // request: `audience` as Auth0 and others expect it, `resource` as RFC 8707 defines it.
    QString audience;
    QString resource;
    // Provider-specific parameters (prompt, login_hint, organization, ...): the first list goes
    // with the authorization and device authorization requests, the second with token requests.
    QList<QPair<QString, QString>> extraAuthorizationParams;
    QList<QPair<QString, QString>> extraTokenParams;

    // The grant that may sign in again without a person (password with a stored password, or
    // client credentials). None: only a refresh token or an interactive sign-in gets tokens.
    GrantType grant = GrantType::None;
    QString username;
    QString password;

    // Statuses that mean "the token is no longer accepted". 401 always; some APIs use 403.
    QList<int> expiredStatuses {401};

    // Certificates trusted and presented, for every request of the profile (API and auth server).
    TlsSettings tls;

    qint64 refreshTimeoutMs = 15000; // the token request's own timeout
    qint64 expiryMarginMs = 30000; // a token this close to expiry is treated as expired
    qint64 minRefreshLeadMs = 10000; // proactive refresh starts this long before expiry...
    qint64 maxRefreshLeadMs = 300000; // ...at most this long, scaled with the token's lifetime
    StoreFailureMode onStoreFailure = StoreFailureMode::Degrade;
    int circuitThreshold = 3; // replays rejected in a row before the circuit opens
    qint64 circuitCooldownMs = 30000; // then challenges are not refreshed for this long
    qint64 maxTokenResponseBytes = 1 << 20; // a larger token response is refused as garbage

    bool canSignInSilently() const { return grant != GrantType::None; }
};

} // namespace Keyway
