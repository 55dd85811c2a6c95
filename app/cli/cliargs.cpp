#include "cliargs.h"

#include "argsupport.h"
#include "authoptions.h"
#include "commandparser.h"
#include "importcommand.h"
#include "optionvalues.h"
#include "runargs.h"
#include "storekeyargs.h"
#include "tokenargs.h"

#include <QCommandLineParser>
#include <QFileInfo>

namespace Keyway::Cli {

namespace {

// RFC 9110 §5.6.2: method and header names are tokens.
bool isToken(const QByteArray &name)
{
    static const QByteArray extra = QByteArrayLiteral("!#$%&'*+-.^_`|~");
    if (name.isEmpty())
        return false;
    for (const char c : name) {
        const bool alnum =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && !extra.contains(c))
            return false;
    }
    return true;
}

const QString TopLevelHelpTail = QStringLiteral(
    "\nCommands:\n"
    "  send METHOD URL  Send a request with a bearer token; an expired token is refreshed once\n"
    "                   and the request replayed, so you only see the final answer.\n"
    "  login            Sign in and store the tokens (the system keychain by default, or Redis\n"
    "                   to share one login between processes and machines).\n"
    "  logout           Revoke the refresh token where the server offers revocation and\n"
    "                   remove the stored tokens.\n"
    "  token show       Fingerprints, generation and expiry of the stored tokens.\n"
    "  token refresh    Refresh the stored tokens now.\n"
    "  token clear      Remove the stored tokens.\n"
    "  run PATH         Run the saved requests of a workspace, a folder or a request file and\n"
    "                   check their assertions (reports: cli, json, junit).\n"
    "  import SOURCE    Add a Postman, Insomnia, Bruno, curl or .http source to a workspace.\n"
    "  export PATH      Write a collection, request or environment as Postman v2.1, curl or\n"
    "                   .http.\n"
    "  store key        Show, export or import the key that encrypts tokens in Redis\n"
    "                   (?encrypt=1), so that every machine sharing the Redis has it.\n"
    "  demo             Start a local OAuth 2.0 sandbox and watch one refresh serve many\n"
    "                   waiting requests.\n"
    "\n"
    "Examples:\n"
    "  keyway-cli demo\n"
    "  keyway-cli login --issuer http://127.0.0.1:8080 --client-id keyway-demo \\\n"
    "      --grant password --username demo\n"
    "  keyway-cli send GET http://127.0.0.1:8080/api/items\n"
    "  keyway-cli login --profile github --grant device_code \\\n"
    "      --issuer https://auth.example.com --client-id my-cli\n"
    "  keyway-cli send GET https://api.example.com/v1/me --profile github -o me.json\n"
    "\n"
    "Run 'keyway-cli COMMAND --help' for the options of a command.");

const QString SendHelpTail = QStringLiteral(
    "\n"
    "Tokens come from one of:\n"
    "  --profile NAME: the profile 'keyway-cli login' stored, its settings and its tokens\n"
    "    (store: keychain unless --store says otherwise). Processes sharing --store\n"
    "    redis://... share one login: an expired token is refreshed once for all of them.\n"
    "    Without --profile, a workspace's stored default profile is used the same way.\n"
    "  --grant password|client_credentials with --issuer or --token-url, and --client-id:\n"
    "    signs in first (tokens in this run's memory only, unless --profile or --store).\n"
    "  --tokens FILE: an RFC 6749 token response (JSON with access_token, refresh_token,\n"
    "    expires_in) from a file or '-' for standard input. With --token-url the tokens are\n"
    "    refreshed when they expire; without it they are used as they are.\n"
    "  Auth options given here override the stored profile's for this run only. For a store\n"
    "  that cannot be reached, see --store-failure.\n"
    "\n"
    "Environment:\n"
    "  KEYWAY_CLIENT_SECRET  the client secret, when --client-secret is not given\n"
    "  KEYWAY_PASSWORD       the password, when --password is not given\n"
    "  KEYWAY_STORE          the store, when --store is not given (keeps a Redis password off\n"
    "                        the command line)\n"
    "\n"
    "Output:\n"
    "  One request: the response body on stdout (or in -o FILE), written as it arrives\n"
    "  whatever its size, and the status line on stderr.\n"
    "  --count N: a summary line; --json: a JSON summary on stdout (ok, failed, statuses,\n"
    "  refreshes, replays, wall_ms). Tokens, passwords and secrets are never printed.\n"
    "\n"
    "Exit status: 0 when every request was answered 2xx, 1 when some were not, 2 for a\n"
    "usage error, 130 when Ctrl-C stopped it (the sign-in or the requests in flight).\n"
    "\n"
    "Examples:\n"
    "  keyway-cli send GET http://127.0.0.1:8080/api/items --profile ci\n"
    "  keyway-cli send GET http://127.0.0.1:8080/api/export --profile ci -o export.bin\n"
    "  keyway-cli send PATCH http://127.0.0.1:8080/api/echo --data @big.bin --profile ci \\\n"
    "      -H 'Content-Type: application/octet-stream'\n"
    "  export KEYWAY_CLIENT_SECRET=demo-secret KEYWAY_PASSWORD=demo-password\n"
    "  keyway-cli send GET http://127.0.0.1:8080/api/items --issuer http://127.0.0.1:8080 \\\n"
    "      --client-id keyway-demo --grant password --username demo\n"
    "  keyway-cli send GET http://127.0.0.1:8080/api/items --tokens tokens.json \\\n"
    "      --token-url http://127.0.0.1:8080/oauth/token --client-id keyway-demo \\\n"
    "      --count 50 --concurrency 10 --json\n"
    "  keyway-cli send GET https://api.example.com/v1/me --tokens - --events < tokens.json\n"
    "  keyway-cli send GET http://127.0.0.1:8080/api/items --count 50 --concurrency 50 \\\n"
    "      --store redis://127.0.0.1:6379/0 --profile shared");

const QString DemoHelpTail = QStringLiteral(
    "\n"
    "Starts a local OAuth 2.0 sandbox in this process, signs in, sends one request, expires\n"
    "every access token, then sends several requests at once and narrates every event: each\n"
    "request is rejected, one refresh serves them all, and each is replayed.");

ParsedArgs parseSend(const QStringList &arguments, const QProcessEnvironment &environment)
{
    const QString command = QStringLiteral("send");
    CommandParser parser(
        command,
        QStringLiteral(
            "Sends METHOD URL with the profile's bearer token. A token the API rejects is\n"
            "refreshed once, however many requests wait, and the requests are replayed."));
    const QCommandLineOption header({QStringLiteral("H"), QStringLiteral("header")},
                                    QStringLiteral("Add a request header (repeatable)."),
                                    QStringLiteral("Name: value"));
    const QCommandLineOption data({QStringLiteral("d"), QStringLiteral("data")},
                                  QStringLiteral("The request body: a string, @FILE (streamed from "
                                                 "disk) or @- (standard input). The default "
                                                 "Content-Type is that of a form for a string, "
                                                 "application/octet-stream for a file."),
                                  QStringLiteral("STRING|@FILE"));
    const AuthOptions auth;
    const StoreOptions storage(StoreOptions::FailureMode::Offered);
    const QCommandLineOption tokens(
        QStringLiteral("tokens"),
        QStringLiteral("Start from this RFC 6749 token response instead of signing in."),
        QStringLiteral("FILE|-"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Write the response body to FILE instead of "
                                                   "standard output; FILE is replaced only by a "
                                                   "complete answer."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption count({QStringLiteral("n"), QStringLiteral("count")},
                                   QStringLiteral("Send N copies of the request (default 1)."),
                                   QStringLiteral("N"));
    const QCommandLineOption concurrency(
        {QStringLiteral("c"), QStringLiteral("concurrency")},
        QStringLiteral("At most C requests in flight at a time (default 1)."), QStringLiteral("C"));
    const QCommandLineOption events(QStringLiteral("events"),
                                    QStringLiteral("Print every event as a JSON line on stderr."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print a JSON summary on stdout."));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")},
                                   QStringLiteral("Print errors only."));
    parser.addOptions({header, data});
    parser.addOptions(auth.all());
    parser.addOptions(storage.all());
    parser.addOptions({tokens, output, count, concurrency, events, json, quiet});
    parser.addPositionalArgument(
        QStringLiteral("METHOD"),
        QStringLiteral("GET, POST, PUT, PATCH, DELETE or any other verb."));
    parser.addPositionalArgument(QStringLiteral("URL"),
                                 QStringLiteral("An http:// or https:// URL."));

    if (auto stop = parser.parseOrStop(
            arguments, QStringLiteral("keyway-cli send METHOD URL [options]"), SendHelpTail))
        return *stop;

    const QStringList positional = parser.positionalArguments().mid(1); // after "send"
    if (positional.size() < 2)
        return usageError(QStringLiteral("send needs a METHOD and a URL, e.g. "
                                         "'keyway-cli send GET https://api.example.com/items'"),
                          command);
    if (positional.size() > 2)
        return usageError(QStringLiteral("unexpected argument '%1' after the URL (quote header "
                                         "values and bodies that contain spaces)")
                              .arg(positional.at(2)),
                          command);

    ParsedArgs parsed;
    parsed.action = ParsedArgs::Action::Send;
    SendArgs &send = parsed.send;
    send.method = positional.at(0).toUpper().toLatin1();
    if (!isToken(send.method))
        return usageError(QStringLiteral("'%1' is not an HTTP method").arg(positional.at(0)),
                          command);
    const auto url = httpUrl(positional.at(1));
    if (!url)
        return usageError(QStringLiteral("'%1' is not a valid http:// or https:// URL (for example "
                                         "http://127.0.0.1:8080/api/items)")
                              .arg(positional.at(1)),
                          command);
    send.url = *url;

    for (const QString &value : parser.values(header)) {
        // The value may be a credential: it is never echoed back.
        const qsizetype colon = value.indexOf(QLatin1Char(':'));
        const QByteArray name = value.left(colon).trimmed().toLatin1();
        if (colon < 0 || !isToken(name))
            return usageError(QStringLiteral("-H expects 'Name: value' with a header name before "
                                             "the colon"),
                              command);
        if (name.compare("Authorization", Qt::CaseInsensitive) == 0)
            return usageError(QStringLiteral("-H Authorization would be replaced by the profile's "
                                             "token; give the token with --tokens FILE instead"),
                              command);
        send.headers.append({name, value.mid(colon + 1).trimmed().toUtf8()});
    }

    if (parser.isSet(data)) {
        const QString value = parser.value(data);
        if (value == QLatin1String("@-")) {
            send.body.kind = BodySpec::Kind::Stdin;
        } else if (value.startsWith(QLatin1Char('@'))) {
            send.body.kind = BodySpec::Kind::File;
            send.body.path = value.mid(1);
            const QFileInfo info(send.body.path);
            if (!info.exists())
                return usageError(QStringLiteral("--data @%1: no such file").arg(send.body.path),
                                  command);
            if (!info.isFile() || !info.isReadable())
                return usageError(
                    QStringLiteral("--data @%1: not a readable file").arg(send.body.path), command);
        } else {
            send.body.kind = BodySpec::Kind::Inline;
            send.body.bytes = value.toUtf8();
        }
    }

    Profile &profile = send.profile;
    if (const QString error = auth.read(parser, environment, &send.auth); !error.isEmpty())
        return usageError(error, command);
    if (send.auth.grant
        && (*send.auth.grant == QLatin1String("authorization_code")
            || *send.auth.grant == QLatin1String("device_code")))
        return usageError(QStringLiteral("send signs in with --grant password or "
                                         "client_credentials; for %1 run 'keyway-cli login' "
                                         "first and send with --profile")
                              .arg(*send.auth.grant),
                          command);
    // Today's one-shot behaviour stays the default: tokens in memory unless a store or a
    // profile to share is named (or the workspace has a default profile: see SendCommand).
    send.profileNamed = parser.isSet(storage.profile);
    const bool stored = storage.isChosen(parser, environment) || send.profileNamed;
    if (const QString error = storage.read(
            parser, environment, stored ? QStringLiteral("keychain") : QStringLiteral("memory"),
            &profile, &send.store);
        !error.isEmpty())
        return usageError(error, command);
    send.tokensFile = parser.value(tokens);
    if (send.tokensFile == QLatin1String("-") && send.body.kind == BodySpec::Kind::Stdin)
        return usageError(
            QStringLiteral("--tokens - and --data @- cannot both read standard input"), command);

    for (const QString &error : {readInt(parser, count, {1, 1000000}, &send.count),
                                 readInt(parser, concurrency, {1, 1000}, &send.concurrency)}) {
        if (!error.isEmpty())
            return usageError(error, command);
    }
    send.output = parser.value(output);
    if (parser.isSet(output) && send.output.isEmpty())
        return usageError(QStringLiteral("-o needs a file name ('-' for standard output)"),
                          command);
    if (parser.isSet(output) && send.count > 1)
        return usageError(QStringLiteral("-o takes the body of one request; with --count the "
                                         "bodies are not kept"),
                          command);
    send.events = parser.isSet(events);
    send.json = parser.isSet(json);
    send.quiet = parser.isSet(quiet);
    return parsed;
}

ParsedArgs parseDemo(const QStringList &arguments)
{
    const QString command = QStringLiteral("demo");
    CommandParser parser(
        command,
        QStringLiteral("A guided run against a local OAuth 2.0 sandbox; needs no network."));
    const QCommandLineOption count({QStringLiteral("n"), QStringLiteral("count")},
                                   QStringLiteral("Requests sent at once after the tokens expire "
                                                  "(default 5)."),
                                   QStringLiteral("N"));
    parser.addOption(count);
    if (auto stop = parser.parseOrStop(arguments, QStringLiteral("keyway-cli demo [options]"),
                                       DemoHelpTail))
        return *stop;
    if (parser.positionalArguments().size() > 1)
        return usageError(QStringLiteral("demo takes no arguments, got '%1'")
                              .arg(parser.positionalArguments().at(1)),
                          command);
    ParsedArgs parsed;
    parsed.action = ParsedArgs::Action::Demo;
    if (const QString error = readInt(parser, count, {1, 100}, &parsed.demo.count);
        !error.isEmpty())
        return usageError(error, command);
    return parsed;
}

} // namespace

ParsedArgs parseArguments(const QStringList &arguments, const QProcessEnvironment &environment)
{
    // A first pass finds the command; the command's own parser then reads every option.
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Keyway's command line: requests to OAuth-protected APIs, with tokens "
                       "refreshed\nonce and requests replayed."));
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Show the version."));
    parser.addOptions({help, version});
    parser.addPositionalArgument(
        QStringLiteral("COMMAND"),
        QStringLiteral("send, login, logout, token, run, import, export, store or demo."));
    if (!parser.parse(arguments))
        return usageError(parserError(parser));

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        if (parser.isSet(help))
            return helpText(helpWithUsage(parser, QStringLiteral("keyway-cli COMMAND [options]"),
                                          TopLevelHelpTail));
        if (parser.isSet(version)) {
            ParsedArgs parsed;
            parsed.action = ParsedArgs::Action::ShowVersion;
            return parsed;
        }
        return usageError(QStringLiteral("no command given (commands: send, login, logout, token, "
                                         "run, import, export, store, demo)"));
    }

    // "keyway-cli --help send" reads as "keyway-cli send --help".
    QStringList commandArguments {arguments.value(0)};
    commandArguments += positional;
    if (parser.isSet(help))
        commandArguments.append(QStringLiteral("--help"));

    const QString command = positional.constFirst();
    if (command == QLatin1String("send"))
        return parseSend(commandArguments, environment);
    if (command == QLatin1String("login"))
        return parseLogin(commandArguments, environment);
    if (command == QLatin1String("token"))
        return parseToken(commandArguments, environment);
    if (command == QLatin1String("logout"))
        return parseLogout(commandArguments, environment);
    if (command == QLatin1String("import"))
        return parseImport(commandArguments);
    if (command == QLatin1String("export"))
        return parseExport(commandArguments);
    if (command == QLatin1String("run"))
        return parseRun(commandArguments, environment);
    if (command == QLatin1String("store"))
        return parseStore(commandArguments);
    if (command == QLatin1String("demo"))
        return parseDemo(commandArguments);
    return usageError(QStringLiteral("unknown command '%1' (commands: send, login, logout, token, "
                                     "run, import, export, store, demo)")
                          .arg(command));
}

} // namespace Keyway::Cli
