#pragma once

#include "cliargs.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

namespace Keyway::Cli {

// The options of interactive sign-in and logout: where the authorization server's endpoints
// are (--issuer for discovery, or each URL by hand) and what to send along with its requests.
struct SignInOptions
{
    enum class Purpose { Login, Logout };
    explicit SignInOptions(Purpose purpose);
    QList<QCommandLineOption> all() const;
    // Fills the profile's sign-in fields; a client without a secret becomes a public client.
    // Returns a usage error message, empty when fine.
    QString read(const QCommandLineParser &parser, Profile *profile) const;

    QCommandLineOption issuer;
    QCommandLineOption authorizeUrl;
    QCommandLineOption deviceUrl;
    QCommandLineOption revocationUrl;
    QCommandLineOption audience;
    QCommandLineOption resource;
    QCommandLineOption param;
    QCommandLineOption tokenParam;
    QCommandLineOption noBrowser;
    Purpose purpose;
};

// Reads `--grant authorization_code|device_code` for login: None for the other grants.
TokenArgs::Interactive interactiveGrant(const QCommandLineParser &parser,
                                        const QCommandLineOption &grant);

} // namespace Keyway::Cli
