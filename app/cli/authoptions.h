#pragma once

#include "authsettings.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QProcessEnvironment>

namespace Keyway::Cli {

// The options of every command that talks to the authorization server (login, send, token,
// logout, and the collection runner later): one set, one reader, one help text. What they give
// overrides the stored profile for the run (profilesetup.h).
struct AuthOptions
{
    AuthOptions();
    QList<QCommandLineOption> all() const;
    // Reads what the command line gives (secrets missing from it from KEYWAY_CLIENT_SECRET and
    // KEYWAY_PASSWORD in `environment`, or from a file or standard input with --*-file). A
    // secret given as an option's value is used, with a warning on stderr that `ps` shows it.
    // Returns a usage error message, empty when fine; whether the settings fit together is decided
    // once they are merged with the stored profile.
    QString read(const QCommandLineParser &parser, const QProcessEnvironment &environment,
                 AuthSettings *settings) const;

    QCommandLineOption issuer;
    QCommandLineOption tokenUrl;
    QCommandLineOption authorizeUrl;
    QCommandLineOption deviceUrl;
    QCommandLineOption revocationUrl;
    QCommandLineOption clientId;
    QCommandLineOption clientSecret;
    QCommandLineOption clientAuth;
    QCommandLineOption grant;
    QCommandLineOption username;
    QCommandLineOption password;
    QCommandLineOption scope;
    QCommandLineOption audience;
    QCommandLineOption resource;
    QCommandLineOption param;
    QCommandLineOption tokenParam;
    QCommandLineOption expiredStatus;
    QCommandLineOption refreshTimeout;
    QCommandLineOption clientSecretFile;
    QCommandLineOption passwordFile;
    QCommandLineOption insecure;
    QCommandLineOption caCert;
    QCommandLineOption clientCert;
    QCommandLineOption clientKey;
};

} // namespace Keyway::Cli
