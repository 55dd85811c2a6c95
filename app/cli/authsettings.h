#pragma once

#include "collection/profilefile.h"

#include <optional>

namespace Keyway::Cli {

// The auth settings one command line gave. Each overrides the stored profile's for this run, and
// `login` stores them; what is not given comes from the profile file.
struct AuthSettings
{
    // Where a secret given for this run came from, which is where `login` remembers it.
    enum class SecretSource {
        None,
        CommandLine, // remembered in the keychain
        Environment, // remembered as the variable's name
    };

    std::optional<QString> issuer;
    std::optional<QUrl> tokenUrl;
    std::optional<QUrl> authorizationUrl;
    std::optional<QUrl> deviceUrl;
    std::optional<QUrl> revocationUrl;
    std::optional<QString> clientId;
    std::optional<ClientAuthMethod> clientAuth;
    // password, client_credentials, authorization_code or device_code
    std::optional<QString> grant;
    std::optional<QString> username;
    std::optional<QString> scope;
    std::optional<QString> audience;
    std::optional<QString> resource;
    std::optional<QList<QPair<QString, QString>>> params;
    std::optional<QList<QPair<QString, QString>>> tokenParams;
    std::optional<QList<int>> expiredStatuses;
    std::optional<qint64> refreshTimeoutMs;

    QString clientSecret;
    SecretSource clientSecretSource = SecretSource::None;
    QString clientSecretVariable; // SecretSource::Environment
    QString password;
    SecretSource passwordSource = SecretSource::None;
    QString passwordVariable;

    // The stored profile with these settings laid over it (secrets included as values).
    void applyTo(StoredProfile *stored) const;
};

} // namespace Keyway::Cli
