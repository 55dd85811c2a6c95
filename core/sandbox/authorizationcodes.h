#pragma once

#include <QDeadlineTimer>
#include <QHash>
#include <QString>

namespace Keyway {

// Authorization codes (RFC 6749 4.1.2): single use, short-lived, bound to the client, the
// redirect_uri and the PKCE challenge of the authorization request that produced them.
class AuthorizationCodes final
{
public:
    // What the authorization request asked for and the code stands for.
    struct Request
    {
        QString clientId;
        QString redirectUri;
        QString scope;
        QString codeChallenge; // S256; empty when the (confidential) client sent none
        QString nonce;
        QString audience;
    };

    enum class Error { None, Unknown, WrongClient, Expired, Reused };
    struct Redemption
    {
        Error error = Error::None;
        Request request;
        int family = -1; // for Reused: the token family the first redemption started, if any
    };

    static constexpr int lifetimeSec = 60;

    AuthorizationCodes() = default;
    Q_DISABLE_COPY_MOVE(AuthorizationCodes)

    QString issue(const Request &request);
    // Uses the code up whatever happens next, unless it belongs to another client.
    Redemption redeem(const QString &code, const QString &clientId);
    // The tokens a redeemed code produced, revoked if the code is ever presented again.
    void recordFamily(const QString &code, int family);

private:
    struct Record
    {
        Request request;
        QDeadlineTimer expiry;
        bool used = false;
        int family = -1;
    };

    QHash<QString, Record> m_codes;
};

} // namespace Keyway
