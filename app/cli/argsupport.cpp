#include "argsupport.h"

#include "store/tokenstorefactory.h"

namespace Keyway::Cli {

namespace {

const QString Program = QStringLiteral("keyway-cli");

// The token request's own timeout; the refresh lease lasts twice as long.
constexpr double MinRefreshTimeoutSec = 0.1;
constexpr double MaxRefreshTimeoutSec = 600;

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

std::optional<int> positiveInt(const QString &text, int max)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < 1 || value > max)
        return std::nullopt;
    return value;
}

// ---- client options -------------------------------------------------------------------------

ClientOptions::ClientOptions(bool interactive)
    : tokenUrl(QStringLiteral("token-url"), QStringLiteral("The token endpoint."),
               QStringLiteral("URL")),
      clientId(QStringLiteral("client-id"), QStringLiteral("The client id."), QStringLiteral("ID")),
      clientSecret(QStringLiteral("client-secret"),
                   QStringLiteral("The client secret (or set KEYWAY_CLIENT_SECRET)."),
                   QStringLiteral("SECRET")),
      clientAuth(QStringLiteral("client-auth"),
                 QStringLiteral("How the client authenticates: basic (default) or body."),
                 QStringLiteral("basic|body")),
      grant(QStringLiteral("grant"), QStringLiteral("Sign in with this grant."),
            interactive ? QStringLiteral("password|client_credentials|authorization_code|"
                                         "device_code")
                        : QStringLiteral("password|client_credentials")),
      username(QStringLiteral("username"), QStringLiteral("The user, for --grant password."),
               QStringLiteral("USER")),
      password(QStringLiteral("password"),
               QStringLiteral("The password, for --grant password (or set KEYWAY_PASSWORD)."),
               QStringLiteral("PASSWORD")),
      scope(QStringLiteral("scope"), QStringLiteral("The scope to ask for."),
            QStringLiteral("SCOPE")),
      refreshTimeout(QStringLiteral("refresh-timeout"),
                     QStringLiteral("How long a token request may take (default 15); another "
                                    "process takes over a refresh after twice that."),
                     QStringLiteral("SECONDS")),
      interactiveGrants(interactive)
{
}

QList<QCommandLineOption> ClientOptions::all() const
{
    return {tokenUrl, clientId, clientSecret, clientAuth,    grant,
            username, password, scope,        refreshTimeout};
}

QString ClientOptions::read(const QCommandLineParser &parser,
                            const QProcessEnvironment &environment, Profile *profile) const
{
    if (parser.isSet(tokenUrl)) {
        const auto endpoint = httpUrl(parser.value(tokenUrl));
        if (!endpoint)
            return QStringLiteral("--token-url '%1' is not a valid http:// or https:// URL")
                .arg(parser.value(tokenUrl));
        profile->tokenUrl = *endpoint;
    }
    profile->clientId = parser.value(clientId);
    profile->clientSecret = parser.isSet(clientSecret)
        ? parser.value(clientSecret)
        : environment.value(QStringLiteral("KEYWAY_CLIENT_SECRET"));
    if (parser.isSet(clientAuth)) {
        const QString value = parser.value(clientAuth);
        if (value == QLatin1String("basic"))
            profile->clientAuth = ClientAuthMethod::Basic;
        else if (value == QLatin1String("body"))
            profile->clientAuth = ClientAuthMethod::Body;
        else
            return QStringLiteral("--client-auth is 'basic' or 'body', not '%1'").arg(value);
    }
    profile->scope = parser.value(scope);
    if (parser.isSet(grant)) {
        const QString value = parser.value(grant);
        if (value == QLatin1String("password"))
            profile->grant = GrantType::Password;
        else if (value == QLatin1String("client_credentials"))
            profile->grant = GrantType::ClientCredentials;
        else if (interactiveGrants
                 && (value == QLatin1String("authorization_code")
                     || value == QLatin1String("device_code")))
            profile->grant = GrantType::None; // a person signs in; nothing to sign in again with
        else if (interactiveGrants)
            return QStringLiteral("--grant is 'password', 'client_credentials', "
                                  "'authorization_code' or 'device_code', not '%1'")
                .arg(value);
        else
            return QStringLiteral("--grant is 'password' or 'client_credentials', not '%1'")
                .arg(value);
    }
    profile->username = parser.value(username);
    profile->password = parser.isSet(password)
        ? parser.value(password)
        : environment.value(QStringLiteral("KEYWAY_PASSWORD"));
    if (parser.isSet(refreshTimeout)) {
        bool ok = false;
        const double seconds = parser.value(refreshTimeout).toDouble(&ok);
        if (!ok || seconds < MinRefreshTimeoutSec || seconds > MaxRefreshTimeoutSec)
            return QStringLiteral("--refresh-timeout is a number of seconds from %1 to %2")
                .arg(MinRefreshTimeoutSec)
                .arg(MaxRefreshTimeoutSec);
        profile->refreshTimeoutMs = qRound64(seconds * 1000);
    }

    // With --issuer, discovery fills the token endpoint in, for every grant.
    const bool discovers = parser.optionNames().contains(QStringLiteral("issuer"));
    if (profile->grant != GrantType::None && profile->tokenUrl.isEmpty() && !discovers)
        return QStringLiteral("--grant needs --token-url, the token endpoint (for example "
                              "http://127.0.0.1:8080/oauth/token), or --issuer to discover it");
    if ((!profile->tokenUrl.isEmpty() || discovers) && profile->clientId.isEmpty())
        return QStringLiteral("--%1 needs --client-id")
            .arg(discovers ? QStringLiteral("issuer") : QStringLiteral("token-url"));
    if (profile->grant == GrantType::Password
        && (profile->username.isEmpty() || profile->password.isEmpty()))
        return QStringLiteral("--grant password needs --username and a password (--password or "
                              "KEYWAY_PASSWORD)");
    if (profile->grant != GrantType::Password && (parser.isSet(username) || parser.isSet(password)))
        return QStringLiteral("--username and --password are for --grant password");
    return {};
}

// ---- store options --------------------------------------------------------------------------

StoreOptions::StoreOptions(FailureMode mode)
    : store(QStringLiteral("store"),
            QStringLiteral("Where the tokens are kept: keychain (the system keychain), "
                           "redis://[user:password@]host:port/db or unix:///path/redis.sock "
                           "(shared by processes and machines), or memory (this run only)."),
            QStringLiteral("STORE")),
      profile(QStringLiteral("profile"),
              QStringLiteral("The name the tokens are stored under (default: default)."),
              QStringLiteral("NAME")),
      workspace(QStringLiteral("workspace"),
                QStringLiteral("Keeps profiles of different projects apart (default: default)."),
                QStringLiteral("NAME")),
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
    if (parser.isSet(store))
        storeOut->spec = parser.value(store).trimmed();
    else
        storeOut->spec = fromEnvironment.isEmpty() ? defaultSpec : fromEnvironment;
    QString error;
    if (!TokenStoreSpec::parse(storeOut->spec, &error))
        return (parser.isSet(store) ? QStringLiteral("--store: ")
                                    : QStringLiteral("KEYWAY_STORE: "))
            + error;
    if (parser.isSet(workspace))
        storeOut->workspace = parser.value(workspace);
    if (!isValidWorkspaceName(storeOut->workspace, &error))
        return QStringLiteral("--workspace: ") + error;
    profileOut->name = parser.isSet(profile) ? parser.value(profile) : QStringLiteral("default");
    if (profileOut->name.trimmed().isEmpty() || profileOut->name != profileOut->name.trimmed())
        return QStringLiteral("--profile needs a name without leading or trailing spaces");
    if (failureMode == FailureMode::Offered && parser.isSet(storeFailure)) {
        const QString value = parser.value(storeFailure);
        if (value == QLatin1String("degrade"))
            profileOut->onStoreFailure = StoreFailureMode::Degrade;
        else if (value == QLatin1String("fail-closed"))
            profileOut->onStoreFailure = StoreFailureMode::FailClosed;
        else
            return QStringLiteral("--store-failure is 'degrade' or 'fail-closed', not '%1'")
                .arg(value);
    }
    return {};
}

} // namespace Keyway::Cli
