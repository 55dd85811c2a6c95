#include "tokenargs.h"

#include "argsupport.h"
#include "authoptions.h"
#include "commandparser.h"

namespace Keyway::Cli {

namespace {

const QString StoreHelp = QStringLiteral(
    "\n"
    "Stores (--store, default keychain):\n"
    "  keychain   the system keychain (the Secret Service on Linux: gnome-keyring, KWallet);\n"
    "             several processes on this machine refresh once between them.\n"
    "  redis://[user:password@]host:port/db, unix:///path/to/redis.sock\n"
    "             Redis, shared by processes on many machines: one refresh per expiry for\n"
    "             all of them, and a rotated refresh token is never presented twice.\n"
    "  memory     this process only; gone when it ends.\n"
    "Tokens are kept per workspace and profile. Token values are never printed: only their\n"
    "SHA-256 fingerprints (12 hex digits).\n"
    "\n"
    "Profiles:\n"
    "  login stores the profile's settings (issuer or endpoints, grant, client id, scope,\n"
    "  audience, resource, parameters, client auth, expired status) in the workspace's\n"
    "  profiles/NAME.json; later send, token and logout runs need only --profile NAME.\n"
    "  Options given to them override the stored settings for that run. Secrets are never\n"
    "  written there: a --client-secret or --password given on the command line is kept in\n"
    "  the keychain, one from KEYWAY_CLIENT_SECRET or KEYWAY_PASSWORD is read from there again.\n"
    "\n"
    "Environment:\n"
    "  KEYWAY_CLIENT_SECRET  the client secret, when --client-secret is not given\n"
    "  KEYWAY_PASSWORD       the password, when --password is not given\n"
    "  KEYWAY_STORE          the store, when --store is not given (keeps a Redis password off\n"
    "                        the command line)\n");

const QString LoginHelpTail =
    StoreHelp
    + QStringLiteral(
        "\n"
        "Interactive sign-in (a client without a secret is a public client and uses PKCE):\n"
        "  --grant authorization_code prints the sign-in URL on stderr and opens it with\n"
        "    xdg-open (not with --no-browser); the browser comes back to 127.0.0.1.\n"
        "  --grant device_code prints a URL and a code to enter there on any device.\n"
        "  --issuer discovers the endpoints; without it give --token-url and --authorize-url\n"
        "    or --device-url. Ctrl-C cancels.\n"
        "\n"
        "Exit status: 0 when the tokens are stored, 1 when signing in or storing failed, 2 for a\n"
        "usage error, 130 when Ctrl-C cancelled the sign-in (nothing stored).\n"
        "\n"
        "Examples:\n"
        "  export KEYWAY_CLIENT_SECRET=demo-secret KEYWAY_PASSWORD=demo-password\n"
        "  keyway-cli login --issuer http://127.0.0.1:8080 --client-id keyway-demo \\\n"
        "      --grant password --username demo\n"
        "  keyway-cli login --profile ci --issuer http://127.0.0.1:8080 \\\n"
        "      --client-id keyway-demo --grant client_credentials\n"
        "  keyway-cli login --profile imported --tokens tokens.json\n"
        "  keyway-cli login --grant authorization_code --client-id my-cli \\\n"
        "      --issuer https://auth.example.com --scope 'openid offline_access'\n"
        "  keyway-cli login --grant device_code --client-id my-cli --no-browser \\\n"
        "      --token-url https://auth.example.com/oauth/token \\\n"
        "      --device-url https://auth.example.com/oauth/device_authorization\n"
        "Then:\n"
        "  keyway-cli send GET http://127.0.0.1:8080/api/items --profile ci\n"
        "  keyway-cli login --profile ci        # again, with the stored settings");

const QString TokenHelpTail =
    StoreHelp
    + QStringLiteral(
        "\n"
        "Actions:\n"
        "  show     fingerprints, generation, expiry and the store; exits 1 when nothing is\n"
        "           stored or the stored value cannot be read (it is then left as it is).\n"
        "  refresh  refresh now at the profile's token endpoint (stored by login, or\n"
        "           --token-url); with a grant that needs no person, a dead refresh token is\n"
        "           replaced by signing in again.\n"
        "  clear    remove the stored tokens (also a value that cannot be read).\n"
        "\n"
        "Examples:\n"
        "  keyway-cli token show\n"
        "  keyway-cli token show --store redis://127.0.0.1:6379/0 --profile shared --json\n"
        "  keyway-cli token refresh --profile ci\n"
        "  keyway-cli token clear --profile shared --store redis://127.0.0.1:6379/0");

QCommandLineOption jsonOption(const QString &what)
{
    return QCommandLineOption(QStringLiteral("json"),
                              QStringLiteral("Print %1 as JSON on stdout.").arg(what));
}

QCommandLineOption eventsOption()
{
    return QCommandLineOption(QStringLiteral("events"),
                              QStringLiteral("Print every event as a JSON line on stderr."));
}

const QString LogoutHelpTail =
    StoreHelp
    + QStringLiteral(
        "\n"
        "The refresh token (or, without one, the access token) is revoked where the server\n"
        "offers revocation (--revocation-url, or discovered with --issuer); the stored tokens\n"
        "are removed whatever the server answers. A server that is unavailable is asked again\n"
        "for up to 15 seconds before the command gives up on it.\n"
        "\n"
        "Exit status: 0 when the stored tokens were removed, 1 when they could not be, 2 for a\n"
        "usage error.\n"
        "\n"
        "Examples:\n"
        "  keyway-cli logout\n"
        "  keyway-cli logout --profile shared --store redis://127.0.0.1:6379/0");

} // namespace

ParsedArgs parseLogout(const QStringList &arguments, const QProcessEnvironment &environment)
{
    const QString command = QStringLiteral("logout");
    CommandParser parser(
        command,
        QStringLiteral("Signs a profile out: revokes its tokens at the server where it offers "
                       "revocation,\nand removes them from the store."));
    const AuthOptions auth;
    const StoreOptions storage(StoreOptions::FailureMode::NotOffered);
    const QCommandLineOption events = eventsOption();
    parser.addOptions(auth.all());
    parser.addOptions(storage.all());
    parser.addOption(events);
    if (auto stop = parser.parseOrStop(arguments, QStringLiteral("keyway-cli logout [options]"),
                                       LogoutHelpTail))
        return *stop;
    if (parser.positionalArguments().size() > 1)
        return usageError(QStringLiteral("logout takes no arguments, got '%1'")
                              .arg(parser.positionalArguments().at(1)),
                          command);

    ParsedArgs parsed;
    parsed.action = ParsedArgs::Action::Logout;
    LogoutArgs &logout = parsed.logout;
    if (const QString error = auth.read(parser, environment, &logout.auth); !error.isEmpty())
        return usageError(error, command);
    if (const QString error = storage.read(parser, environment, QStringLiteral("keychain"),
                                           &logout.profile, &logout.store);
        !error.isEmpty())
        return usageError(error, command);
    logout.events = parser.isSet(events);
    return parsed;
}

ParsedArgs parseLogin(const QStringList &arguments, const QProcessEnvironment &environment)
{
    const QString command = QStringLiteral("login");
    CommandParser parser(
        command,
        QStringLiteral("Signs in with the profile's grant (or takes --tokens) and stores the "
                       "tokens,\nso that later runs and other processes use the same login."));
    const AuthOptions auth;
    const StoreOptions storage(StoreOptions::FailureMode::NotOffered);
    const QCommandLineOption noBrowser(
        QStringLiteral("no-browser"),
        QStringLiteral("Print the sign-in URL only; do not open a browser."));
    const QCommandLineOption tokens(
        QStringLiteral("tokens"),
        QStringLiteral("Store this RFC 6749 token response instead of signing in."),
        QStringLiteral("FILE|-"));
    const QCommandLineOption json = jsonOption(QStringLiteral("what was stored"));
    const QCommandLineOption events = eventsOption();
    parser.addOptions(auth.all());
    parser.addOptions(storage.all());
    parser.addOptions({noBrowser, tokens, json, events});
    if (auto stop = parser.parseOrStop(arguments, QStringLiteral("keyway-cli login [options]"),
                                       LoginHelpTail))
        return *stop;
    if (parser.positionalArguments().size() > 1)
        return usageError(QStringLiteral("login takes no arguments, got '%1'")
                              .arg(parser.positionalArguments().at(1)),
                          command);

    ParsedArgs parsed;
    parsed.action = ParsedArgs::Action::Token;
    TokenArgs &login = parsed.token;
    login.action = TokenArgs::Action::Login;
    if (const QString error = auth.read(parser, environment, &login.auth); !error.isEmpty())
        return usageError(error, command);
    if (const QString error = storage.read(parser, environment, QStringLiteral("keychain"),
                                           &login.profile, &login.store);
        !error.isEmpty())
        return usageError(error, command);
    login.tokensFile = parser.value(tokens);
    login.noBrowser = parser.isSet(noBrowser);
    if (parser.isSet(auth.grant) && !login.tokensFile.isEmpty())
        return usageError(QStringLiteral("give --grant or --tokens, not both"), command);
    login.json = parser.isSet(json);
    login.events = parser.isSet(events);
    return parsed;
}

ParsedArgs parseToken(const QStringList &arguments, const QProcessEnvironment &environment)
{
    const QString command = QStringLiteral("token");
    CommandParser parser(
        command, QStringLiteral("Shows, refreshes or removes the stored tokens of a profile."));
    const AuthOptions auth;
    const StoreOptions storage(StoreOptions::FailureMode::NotOffered);
    const QCommandLineOption json = jsonOption(QStringLiteral("the stored tokens' fingerprints"));
    const QCommandLineOption events = eventsOption();
    // The auth options matter to refresh only; show and clear accept them so that one set of
    // flags works for every action.
    parser.addOptions(storage.all());
    parser.addOptions(auth.all());
    parser.addOptions({json, events});
    parser.addPositionalArgument(QStringLiteral("ACTION"),
                                 QStringLiteral("show, refresh or clear."));
    if (auto stop = parser.parseOrStop(arguments,
                                       QStringLiteral("keyway-cli token show|refresh|clear "
                                                      "[options]"),
                                       TokenHelpTail))
        return *stop;

    const QStringList positional = parser.positionalArguments().mid(1); // after "token"
    if (positional.isEmpty())
        return usageError(QStringLiteral("token needs an action: show, refresh or clear"), command);
    if (positional.size() > 1)
        return usageError(
            QStringLiteral("unexpected argument '%1' after the action").arg(positional.at(1)),
            command);

    ParsedArgs parsed;
    parsed.action = ParsedArgs::Action::Token;
    TokenArgs &token = parsed.token;
    const QString action = positional.constFirst();
    if (action == QLatin1String("show"))
        token.action = TokenArgs::Action::Show;
    else if (action == QLatin1String("refresh"))
        token.action = TokenArgs::Action::Refresh;
    else if (action == QLatin1String("clear"))
        token.action = TokenArgs::Action::Clear;
    else
        return usageError(
            QStringLiteral("unknown action '%1' (actions: show, refresh, clear)").arg(action),
            command);

    if (const QString error = auth.read(parser, environment, &token.auth); !error.isEmpty())
        return usageError(error, command);
    if (const QString error = storage.read(parser, environment, QStringLiteral("keychain"),
                                           &token.profile, &token.store);
        !error.isEmpty())
        return usageError(error, command);
    token.json = parser.isSet(json);
    token.events = parser.isSet(events);
    return parsed;
}

} // namespace Keyway::Cli
