#pragma once

#include "authsettings.h"

#include "auth/profile.h"
#include "http/request.h"
#include "runner/collectionrunner.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace Keyway::Cli {

// Where `send --data` takes the body from.
struct BodySpec
{
    enum class Kind { None, Inline, File, Stdin };
    Kind kind = Kind::None;
    QByteArray bytes; // Inline
    QString path; // File
};

// Where a profile's tokens are kept: --store, --workspace (the profile's name is in Profile).
struct StoreArgs
{
    // Where `spec` came from: said with the store a command uses.
    enum class Source { Default, Option, Environment, ProfileFile };

    QString spec = QStringLiteral("keychain"); // memory, keychain, redis://..., unix://...
    // As given (NAME|PATH); once the workspace is resolved, its name, which keys the tokens.
    QString workspace = QStringLiteral("default");
    bool chosen = false; // --store or KEYWAY_STORE
    Source source = Source::Default;
    bool shared() const { return spec != QLatin1String("memory"); }
    // The store the profile file names (its password filled in), unless --store or KEYWAY_STORE
    // chose one for this run.
    void preferStored(const QString &stored)
    {
        if (!chosen && !stored.isEmpty()) {
            spec = stored;
            source = Source::ProfileFile;
        }
    }
    // "--store", "KEYWAY_STORE", "the profile's file", "the default".
    QString origin() const;
    // "profile 'ci' keeps its tokens in redis://host:6379/0 (from the profile's file)": what a
    // command says before it uses the store described as `where`.
    QString usedBy(const QString &profile, const QString &where) const;
};

struct SendArgs
{
    QByteArray method;
    QUrl url;
    HeaderList headers;
    BodySpec body;
    Profile profile; // its name and store failure mode; the rest comes from `auth` and the file
    AuthSettings auth;
    // memory unless --store or --profile is given, or the workspace has a default profile
    StoreArgs store;
    bool profileNamed = false; // --profile
    QString tokensFile; // empty: sign in with the profile's grant; "-": standard input
    QString output; // -o: the body goes to this file; empty: standard output
    int count = 1;
    int concurrency = 1;
    bool events = false;
    bool json = false;
    bool quiet = false;
};

// `keyway-cli login` and `keyway-cli token show|refresh|clear`: one profile's stored tokens.
struct TokenArgs
{
    enum class Action { Login, Show, Refresh, Clear };
    Action action = Action::Show;
    Profile profile;
    AuthSettings auth;
    StoreArgs store;
    QString tokensFile; // login only: store this token response instead of signing in
    // login only: a person signs in through a browser or on another device (from --grant, or
    // the stored profile's grant).
    enum class Interactive { None, AuthorizationCode, DeviceCode };
    Interactive interactive = Interactive::None;
    bool noBrowser = false; // authorization code: print the URL, do not run xdg-open
    bool events = false;
    bool json = false;
};

// `keyway-cli logout`: revoke where the server offers it, then clear the stored tokens.
struct LogoutArgs
{
    Profile profile;
    AuthSettings auth;
    StoreArgs store;
    bool events = false;
};

// `keyway-cli run PATH`: the saved requests of a workspace, a folder or one request file.
struct RunArgs
{
    QString path;
    RunOptions options;
    QStringList reporters {QStringLiteral("cli")}; // cli, json, junit
    QString reportDir = QStringLiteral("keyway-reports");
    Profile profile; // --profile: its name and store failure mode
    AuthSettings auth; // the auth options given for --profile, over its stored settings
    bool profileOptions = false; // auth options were given
    bool workspaceGiven = false; // --workspace names the token store's workspace
    StoreArgs store;
    bool events = false;
};

// `keyway-cli import SOURCE` and `keyway-cli export PATH` (importcommand.h).
struct ImportArgs
{
    QString source;
    QString format; // empty: recognised from the content
    QString workspace;
};

struct ExportArgs
{
    QString path;
    QString format; // postman, postman-environment, curl, http
    QString environment;
    QString output; // empty or "-": standard output
};

// `keyway-cli store key show|export|import` (storekeycommand.h).
struct StoreKeyArgs
{
    enum class Action { Show, Export, Import };
    Action action = Action::Show;
    QString file; // export: -o FILE (empty: stdout); import: FILE (empty or "-": stdin)
};

struct DemoArgs
{
    int count = 5;
};

// The outcome of reading the command line: something to run, text to print, or a usage error.
struct ParsedArgs
{
    enum class Action {
        Send,
        Token,
        Logout,
        Run,
        Import,
        Export,
        StoreKey,
        Demo,
        ShowHelp,
        ShowVersion,
        UsageError
    };
    Action action = Action::UsageError;
    SendArgs send;
    TokenArgs token;
    LogoutArgs logout;
    RunArgs run;
    ImportArgs importArgs;
    ExportArgs exportArgs;
    StoreKeyArgs storeKey;
    DemoArgs demo;
    QString text; // the help or version text, or the one-line usage error
    QString hint; // for a usage error: where to read more
};

// `arguments` includes the program name first, as QCoreApplication::arguments() does. Secrets
// missing from the command line are taken from `environment` (KEYWAY_CLIENT_SECRET,
// KEYWAY_PASSWORD). Whether the settings fit together is decided once the command has merged
// them with the stored profile (profilesetup.h).
ParsedArgs parseArguments(const QStringList &arguments, const QProcessEnvironment &environment);

} // namespace Keyway::Cli
