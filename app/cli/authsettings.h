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
        CommandLine, // given as an option, a file or standard input: remembered in the keychain
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
    // TLS (TlsSettings); paths are absolute, so a stored profile works from any folder.
    std::optional<bool> insecure;
    std::optional<QStringList> caCertificateFiles;
    std::optional<QString> clientCertificateFile;
    std::optional<QString> clientKeyFile;

    QString clientSecret;
    SecretSource clientSecretSource = SecretSource::None;
    QString clientSecretVariable; // SecretSource::Environment
    QString password;
    SecretSource passwordSource = SecretSource::None;
    QString passwordVariable;
    QString clientKeyPassphrase; // only ever from the environment
    QString clientKeyPassphraseVariable;

    // The stored profile with these settings laid over it (secrets included as values).
    void applyTo(StoredProfile *stored) const;
    // The TLS part of it alone: what `run` lays over every profile of the run and uses for
    // requests without a profile.
    void applyTlsTo(TlsSettings *tls) const;
};

} // namespace Keyway::Cli
