#pragma once

#include <QString>
#include <QStringList>

namespace Keyway {

// How one profile's connections use TLS: which servers it trusts beyond the system's CAs, the
// certificate it presents (mutual TLS), and whether it checks certificates at all. Applies to
// every request of the profile: the API, the token endpoint, discovery, revocation, device flow.
struct TlsSettings
{
    // Accept any server certificate. For testing only: every use is said in the event log.
    bool insecure = false;
    QStringList caCertificateFiles; // PEM, trusted in addition to the system's CAs
    QString clientCertificateFile; // PEM; with clientKeyFile, presented when the server asks
    QString clientKeyFile; // PEM, RSA or EC
    // The key's passphrase as a value, for this run only: the profile file names where it lives
    // (keychain or environment), never the passphrase itself.
    QString clientKeyPassphrase;

    bool isDefault() const
    {
        return !insecure && caCertificateFiles.isEmpty() && clientCertificateFile.isEmpty()
            && clientKeyFile.isEmpty();
    }
    friend bool operator==(const TlsSettings &, const TlsSettings &) = default;
};

} // namespace Keyway
