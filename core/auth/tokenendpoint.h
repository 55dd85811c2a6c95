#pragma once

#include "auth/profile.h"
#include "auth/tokenerror.h"
#include "auth/tokenset.h"

#include <QObject>
#include <QUrlQuery>

#include <functional>
#include <variant>

namespace Keyway {

class Clock;

using TokenExchangeResult = std::variant<TokenResponse, TokenError>;

// Talks to a token endpoint (RFC 6749 §3.2) on a raw path: its own connection for each request
// (see OneShotHttp for why), never intercepted by AuthorizedClient, with its own timeout and a cap
// on the answer's size.
class TokenEndpoint final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenEndpoint)
public:
    TokenEndpoint(Clock *clock, QObject *parent = nullptr);
    ~TokenEndpoint() override;

    using Callback = std::function<void(const TokenExchangeResult &)>;

    // Posts `form` (grant_type and its parameters) with the profile's client authentication.
    void exchange(const Profile &profile, QUrlQuery form, QObject *context, Callback callback);

    // The form of each grant the core can run without a person.
    static QUrlQuery refreshForm(const Profile &profile, const QString &refreshToken);
    static QUrlQuery signInForm(const Profile &profile);
    // The interactive grants: the authorization code with its PKCE verifier (RFC 6749 §4.1.3,
    // RFC 7636 §4.5) and the device code (RFC 8628 §3.4).
    static QUrlQuery authorizationCodeForm(const Profile &profile, const QString &code,
                                           const QUrl &redirectUri, const QString &codeVerifier);
    static QUrlQuery deviceCodeForm(const Profile &profile, const QString &deviceCode);

private:
    Clock *m_clock;
};

} // namespace Keyway
