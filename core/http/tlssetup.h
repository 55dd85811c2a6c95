#pragma once

#include "http/tlssettings.h"

#include <QList>
#include <QSslConfiguration>
#include <QSslError>

#include <optional>

namespace Keyway {

// A profile's TlsSettings made into what a socket or a QNetworkRequest takes, reading the
// certificate and key files once.
struct TlsSetup
{
    TlsSettings settings;
    // nullopt: Qt's defaults (the system's CAs, full verification), nothing to set.
    std::optional<QSslConfiguration> configuration;
    // A file that could not be read, named with what to do; every request of the profile fails
    // with it instead of quietly going out without the certificate it was meant to use.
    QString error;

    static TlsSetup from(const TlsSettings &settings);
};

// Why a TLS handshake with `where` (host:port) failed, for a person, with what to do about it.
// `errors` are the certificate problems Qt reported (may be empty: then the handshake itself
// failed, e.g. the server wanted a client certificate); `detail` is the socket's error string.
QString describeTlsFailure(const QString &where, const QList<QSslError> &errors,
                           const QString &detail);

} // namespace Keyway
