#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Keyway {

// The tokens of one profile at one point in time. Every set has a generation: each successful
// refresh or sign-in produces the next one, and a challenge for an older generation is answered
// with the current token instead of another refresh.
struct TokenSet
{
    QString accessToken;
    QString refreshToken;
    QString idToken;
    QString tokenType = QStringLiteral("Bearer");
    QString scope;
    qint64 obtainedAtMs = 0;
    qint64 expiresAtMs = 0; // 0: the server did not say
    qint64 refreshExpiresAtMs = 0; // when the refresh token runs out; 0: not said
    quint64 generation = 0;

    bool isValid() const { return !accessToken.isEmpty(); }
    bool hasRefreshToken() const { return !refreshToken.isEmpty(); }
    qint64 lifetimeMs() const { return expiresAtMs ? expiresAtMs - obtainedAtMs : 0; }

    // The stored form, versioned so that a store can tell a foreign or future value apart.
    QJsonObject toStoredJson() const;
    static std::optional<TokenSet> fromStoredJson(const QJsonObject &json, QString *error);

    // Fingerprints only: what logs, events and `token show` may print.
    QJsonObject describe() const;
};

// A successful RFC 6749 §5.1 token response, parsed and checked.
struct TokenResponse
{
    QString accessToken;
    QString tokenType;
    QString refreshToken; // empty when the server sent none
    QString idToken;
    QString scope;
    qint64 expiresInSec = 0; // 0: not sent
    qint64 refreshExpiresInSec = 0; // "refresh_expires_in" (Keycloak and others); 0: not sent

    // Returns nothing and sets *error when the document is not a usable token response.
    static std::optional<TokenResponse> parse(const QByteArray &body, QString *error);

    // The next token set after `previous`: keeps the old refresh token when none came back
    // (RFC 6749 §6 makes a new one optional).
    TokenSet toTokenSet(const TokenSet &previous, qint64 nowMs) const;
};

} // namespace Keyway
