#include "argsupport.h"

#include "console.h"
#include "optionvalues.h"

#include "store/tokenstorefactory.h"

namespace Keyway::Cli {

namespace {

const QString Program = QStringLiteral("keyway-cli");

} // namespace

ParsedArgs usageError(const QString &message, const QString &command)
{
    ParsedArgs parsed;
    parsed.action = ParsedArgs::Action::UsageError;
    parsed.text = message;
    parsed.hint = command.isEmpty() ? QStringLiteral("Try '%1 --help'.").arg(Program)
                                    : QStringLiteral("Try '%1 %2 --help'.").arg(Program, command);
    return parsed;
}

void printUsageError(const QString &message, const QString &command)
{
    const ParsedArgs parsed = usageError(message, command);
    writeErr(QStringLiteral("keyway-cli: ") + parsed.text);
    writeErr(parsed.hint);
}

ParsedArgs helpText(const QString &text)
{
    ParsedArgs parsed;
    parsed.action = ParsedArgs::Action::ShowHelp;
    parsed.text = text;
    return parsed;
}

QString parserError(const QCommandLineParser &parser)
{
    QString text = parser.errorText();
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    if (!text.isEmpty())
        text[0] = text.at(0).toLower();
    return text;
}

QString helpWithUsage(const QCommandLineParser &parser, const QString &usage, const QString &after)
{
    QString text = parser.helpText();
    text = text.mid(text.indexOf(QLatin1Char('\n')) + 1);
    return QStringLiteral("Usage: %1\n%2%3").arg(usage, text, after);
}

std::optional<QUrl> httpUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return std::nullopt;
    return url;
}

// ---- store options --------------------------------------------------------------------------

StoreOptions::StoreOptions(FailureMode mode)
    : store(QStringLiteral("store"),
            QStringLiteral("Where the tokens are kept: keychain (the system keychain), "
                           "redis://[user:password@]host:port/db or unix:///path/redis.sock "
                           "(shared by processes and machines), or memory (this run only)."),
            QStringLiteral("STORE")),
      profile(QStringLiteral("profile"),
              QStringLiteral("The profile: its settings (stored by login) and its tokens "
                             "(default: default)."),
              QStringLiteral("NAME")),
      workspace(QStringLiteral("workspace"),
                QStringLiteral("The workspace whose profiles/NAME.json holds the profile's "
                               "settings and whose name keys its tokens: a name (default: "
                               "default) or a path to a workspace folder."),
                QStringLiteral("NAME|PATH")),
      storeFailure(QStringLiteral("store-failure"),
                   QStringLiteral("When the store cannot be reached: degrade (default: refresh "
                                  "in this process only, and say so) or fail-closed (no refresh "
                                  "until it is back)."),
                   QStringLiteral("degrade|fail-closed")),
      failureMode(mode)
{
}

QList<QCommandLineOption> StoreOptions::all() const
{
    QList<QCommandLineOption> options {store, profile, workspace};
    if (failureMode == FailureMode::Offered)
        options.append(storeFailure);
    return options;
}

bool StoreOptions::isChosen(const QCommandLineParser &parser,
                            const QProcessEnvironment &environment) const
{
    return parser.isSet(store) || !environment.value(QStringLiteral("KEYWAY_STORE")).isEmpty();
}

QString StoreOptions::read(const QCommandLineParser &parser, const QProcessEnvironment &environment,
                           const QString &defaultSpec, Profile *profileOut,
                           StoreArgs *storeOut) const
{
    const QString fromEnvironment = environment.value(QStringLiteral("KEYWAY_STORE")).trimmed();
    storeOut->chosen = isChosen(parser, environment);
    storeOut->source = parser.isSet(store) ? StoreArgs::Source::Option
        : storeOut->chosen                 ? StoreArgs::Source::Environment
                                           : StoreArgs::Source::Default;
    if (parser.isSet(store)) {
        storeOut->spec = parser.value(store).trimmed();
        if (!QUrl(storeOut->spec).password().isEmpty())
            writeErr(QStringLiteral("keyway-cli: WARNING: the Redis password in --store can be "
                                    "read by other users of this machine (ps, "
                                    "/proc/PID/cmdline): set KEYWAY_STORE instead"));
    } else
        storeOut->spec = fromEnvironment.isEmpty() ? defaultSpec : fromEnvironment;
    QString error;
    if (!TokenStoreSpec::parse(storeOut->spec, &error))
        return (parser.isSet(store) ? QStringLiteral("--store: ")
                                    : QStringLiteral("KEYWAY_STORE: "))
            + error;
    if (parser.isSet(workspace))
        storeOut->workspace = parser.value(workspace);
    // A path is a path; a bare name also keys the token store.
    if (!storeOut->workspace.contains(QLatin1Char('/'))
        && !isValidWorkspaceName(storeOut->workspace, &error))
        return QStringLiteral("--workspace: ") + error;
    profileOut->name = parser.isSet(profile) ? parser.value(profile) : QStringLiteral("default");
    if (profileOut->name.trimmed().isEmpty() || profileOut->name != profileOut->name.trimmed())
        return QStringLiteral("--profile needs a name without leading or trailing spaces");
    if (failureMode == FailureMode::Offered)
        return readChoice<StoreFailureMode>(
            parser, storeFailure,
            {{QStringLiteral("degrade"), StoreFailureMode::Degrade},
             {QStringLiteral("fail-closed"), StoreFailureMode::FailClosed}},
            &profileOut->onStoreFailure);
    return {};
}

} // namespace Keyway::Cli
