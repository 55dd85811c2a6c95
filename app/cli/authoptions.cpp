#include "authoptions.h"

#include "argsupport.h"
#include "console.h"
#include "optionvalues.h"

#include <QFile>
#include <QFileInfo>

namespace Keyway::Cli {

namespace {

// The token request's own timeout; the refresh lease lasts twice as long.
constexpr double MinRefreshTimeoutSec = 0.1;
constexpr double MaxRefreshTimeoutSec = 600;

const QString ClientSecretVariable = QStringLiteral("KEYWAY_CLIENT_SECRET");
const QString PasswordVariable = QStringLiteral("KEYWAY_PASSWORD");
const QString KeyPassphraseVariable = QStringLiteral("KEYWAY_CLIENT_KEY_PASSPHRASE");

// "k=v" as given; the key must not be empty, the value may be.
QString readPairs(const QStringList &values, const QString &option,
                  QList<QPair<QString, QString>> *pairs)
{
    for (const QString &value : values) {
        const qsizetype equals = value.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return QStringLiteral("%1 expects NAME=VALUE, not '%2'").arg(option, value);
        pairs->append({value.left(equals), value.mid(equals + 1)});
    }
    return {};
}

QString readUrl(const QCommandLineParser &parser, const QCommandLineOption &option,
                std::optional<QUrl> *url)
{
    if (!parser.isSet(option))
        return {};
    const auto value = httpUrl(parser.value(option));
    if (!value)
        return QStringLiteral("--%1 '%2' is not a valid http:// or https:// URL")
            .arg(option.names().constFirst(), parser.value(option));
    *url = *value;
    return {};
}

void readText(const QCommandLineParser &parser, const QCommandLineOption &option,
              std::optional<QString> *text)
{
    if (parser.isSet(option))
        *text = parser.value(option);
}

// The first line of FILE, or of standard input for "-": what `echo secret >file` and a secret
// manager's pipe give, without the line end.
QString readSecretFile(const QString &path, const QString &option, QString *value)
{
    QFile file;
    const bool opened = path == QLatin1String("-")
        ? file.open(stdin, QIODevice::ReadOnly)
        : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened)
        return QStringLiteral("--%1 %2 cannot be read: %3").arg(option, path, file.errorString());
    const QByteArray line = file.readLine(64 * 1024);
    *value = QString::fromUtf8(line).remove(QLatin1Char('\n')).remove(QLatin1Char('\r'));
    if (value->isEmpty())
        return QStringLiteral("--%1 %2 is empty").arg(option, path);
    return {};
}

// A secret from its option (with a warning: other users see it in `ps`), from a file or standard
// input, else from its environment variable.
QString readSecret(const QCommandLineParser &parser, const QCommandLineOption &option,
                   const QCommandLineOption &fileOption, const QProcessEnvironment &environment,
                   const QString &variable, QString *value, AuthSettings::SecretSource *source,
                   QString *sourceVariable)
{
    const QString name = option.names().constFirst();
    const QString fileName = fileOption.names().constFirst();
    if (parser.isSet(option) && parser.isSet(fileOption))
        return QStringLiteral("give --%1 or --%2, not both").arg(name, fileName);
    if (parser.isSet(fileOption)) {
        if (QString error = readSecretFile(parser.value(fileOption), fileName, value);
            !error.isEmpty())
            return error;
        *source = AuthSettings::SecretSource::CommandLine;
    } else if (parser.isSet(option)) {
        *value = parser.value(option);
        *source = AuthSettings::SecretSource::CommandLine;
        writeErr(QStringLiteral("keyway-cli: WARNING: --%1 on the command line can be read by "
                                "other users of this machine (ps, /proc/PID/cmdline): use --%2 "
                                "FILE, --%2 - (standard input) or %3")
                     .arg(name, fileName, variable));
    } else if (!environment.value(variable).isEmpty()) {
        *value = environment.value(variable);
        *source = AuthSettings::SecretSource::Environment;
        *sourceVariable = variable;
    }
    return {};
}

QString absolutePath(const QString &path)
{
    return QFileInfo(path).absoluteFilePath();
}

} // namespace

AuthOptions::AuthOptions()
    : issuer(QStringLiteral("issuer"),
             QStringLiteral("The authorization server's issuer: its endpoints are discovered "
                            "(RFC 8414, OpenID Connect Discovery)."),
             QStringLiteral("URL")),
      tokenUrl(QStringLiteral("token-url"), QStringLiteral("The token endpoint, without --issuer."),
               QStringLiteral("URL")),
      authorizeUrl(QStringLiteral("authorize-url"),
                   QStringLiteral("The authorization endpoint, without --issuer."),
                   QStringLiteral("URL")),
      deviceUrl(QStringLiteral("device-url"),
                QStringLiteral("The device authorization endpoint, without --issuer."),
                QStringLiteral("URL")),
      revocationUrl(QStringLiteral("revocation-url"),
                    QStringLiteral("The token revocation endpoint (RFC 7009), without --issuer."),
                    QStringLiteral("URL")),
      clientId(QStringLiteral("client-id"), QStringLiteral("The client id."), QStringLiteral("ID")),
      clientSecret(QStringLiteral("client-secret"),
                   QStringLiteral("The client secret (or set KEYWAY_CLIENT_SECRET); login keeps "
                                  "it in the keychain, never in a file."),
                   QStringLiteral("SECRET")),
      clientAuth(QStringLiteral("client-auth"),
                 QStringLiteral("How the client authenticates: basic (default) or body."),
                 QStringLiteral("basic|body")),
      grant(QStringLiteral("grant"), QStringLiteral("Sign in with this grant."),
            QStringLiteral("password|client_credentials|authorization_code|device_code")),
      username(QStringLiteral("username"), QStringLiteral("The user, for --grant password."),
               QStringLiteral("USER")),
      password(QStringLiteral("password"),
               QStringLiteral("The password, for --grant password (or set KEYWAY_PASSWORD)."),
               QStringLiteral("PASSWORD")),
      scope(QStringLiteral("scope"), QStringLiteral("The scope to ask for."),
            QStringLiteral("SCOPE")),
      audience(QStringLiteral("audience"), QStringLiteral("The audience to ask tokens for."),
               QStringLiteral("AUDIENCE")),
      resource(QStringLiteral("resource"),
               QStringLiteral("The resource to ask tokens for (RFC 8707)."), QStringLiteral("URI")),
      param(QStringLiteral("param"),
            QStringLiteral("An extra authorization or device request parameter, e.g. "
                           "prompt=login (repeatable)."),
            QStringLiteral("NAME=VALUE")),
      tokenParam(QStringLiteral("token-param"),
                 QStringLiteral("An extra token request parameter (repeatable)."),
                 QStringLiteral("NAME=VALUE")),
      expiredStatus(QStringLiteral("expired-status"),
                    QStringLiteral("Also treat this status as an expired token (401 always is)."),
                    QStringLiteral("401|403")),
      refreshTimeout(QStringLiteral("refresh-timeout"),
                     QStringLiteral("How long a token request may take (default 15); another "
                                    "process takes over a refresh after twice that."),
                     QStringLiteral("SECONDS")),
      clientSecretFile(QStringLiteral("client-secret-file"),
                       QStringLiteral("Read the client secret from the first line of FILE, or of "
                                      "standard input for '-' (not visible in ps)."),
                       QStringLiteral("FILE|-")),
      passwordFile(QStringLiteral("password-file"),
                   QStringLiteral("Read the password from the first line of FILE, or of standard "
                                  "input for '-' (not visible in ps)."),
                   QStringLiteral("FILE|-")),
      insecure(QStringLiteral("insecure"),
               QStringLiteral("Accept any TLS certificate (testing only; said on stderr and in "
                              "the event log). login stores it in the profile.")),
      caCert(QStringLiteral("ca-cert"),
             QStringLiteral("Also trust the CA certificates in this PEM file (repeatable)."),
             QStringLiteral("FILE")),
      clientCert(QStringLiteral("client-cert"),
                 QStringLiteral("Present this PEM client certificate (mutual TLS); with "
                                "--client-key."),
                 QStringLiteral("FILE")),
      clientKey(QStringLiteral("client-key"),
                QStringLiteral("The client certificate's PEM private key; a passphrase comes from "
                               "KEYWAY_CLIENT_KEY_PASSPHRASE."),
                QStringLiteral("FILE"))
{
}

QList<QCommandLineOption> AuthOptions::all() const
{
    return {issuer,   tokenUrl,     authorizeUrl,     deviceUrl,     revocationUrl,
            clientId, clientSecret, clientSecretFile, clientAuth,    grant,
            username, password,     passwordFile,     scope,         audience,
            resource, param,        tokenParam,       expiredStatus, refreshTimeout,
            insecure, caCert,       clientCert,       clientKey};
}

QString AuthOptions::read(const QCommandLineParser &parser, const QProcessEnvironment &environment,
                          AuthSettings *s) const
{
    if (parser.isSet(issuer)) {
        if (!httpUrl(parser.value(issuer)))
            return QStringLiteral("--issuer '%1' is not a valid http:// or https:// URL")
                .arg(parser.value(issuer));
        s->issuer = parser.value(issuer); // compared exactly with what discovery finds
    }
    for (const auto &[option, url] :
         {std::pair {&tokenUrl, &s->tokenUrl}, std::pair {&authorizeUrl, &s->authorizationUrl},
          std::pair {&deviceUrl, &s->deviceUrl}, std::pair {&revocationUrl, &s->revocationUrl}}) {
        if (QString error = readUrl(parser, *option, url); !error.isEmpty())
            return error;
    }
    readText(parser, clientId, &s->clientId);
    readText(parser, username, &s->username);
    readText(parser, scope, &s->scope);
    readText(parser, audience, &s->audience);
    readText(parser, resource, &s->resource);
    if (parser.isSet(clientSecretFile) && parser.isSet(passwordFile)
        && parser.value(clientSecretFile) == QLatin1String("-")
        && parser.value(passwordFile) == QLatin1String("-"))
        return QStringLiteral("only one secret can come from standard input");
    if (QString error =
            readSecret(parser, clientSecret, clientSecretFile, environment, ClientSecretVariable,
                       &s->clientSecret, &s->clientSecretSource, &s->clientSecretVariable);
        !error.isEmpty())
        return error;
    if (QString error = readSecret(parser, password, passwordFile, environment, PasswordVariable,
                                   &s->password, &s->passwordSource, &s->passwordVariable);
        !error.isEmpty())
        return error;
    if (parser.isSet(insecure))
        s->insecure = true;
    if (parser.isSet(caCert)) {
        s->caCertificateFiles.emplace();
        for (const QString &file : parser.values(caCert))
            s->caCertificateFiles->append(absolutePath(file));
    }
    if (parser.isSet(clientCert))
        s->clientCertificateFile = absolutePath(parser.value(clientCert));
    if (parser.isSet(clientKey))
        s->clientKeyFile = absolutePath(parser.value(clientKey));
    if (!environment.value(KeyPassphraseVariable).isEmpty()) {
        s->clientKeyPassphrase = environment.value(KeyPassphraseVariable);
        s->clientKeyPassphraseVariable = KeyPassphraseVariable;
    }
    if (QString error =
            readChoice<ClientAuthMethod>(parser, clientAuth,
                                         {{QStringLiteral("basic"), ClientAuthMethod::Basic},
                                          {QStringLiteral("body"), ClientAuthMethod::Body}},
                                         &s->clientAuth);
        !error.isEmpty())
        return error;
    if (parser.isSet(grant)) {
        static const QStringList grants {
            QStringLiteral("password"), QStringLiteral("client_credentials"),
            QStringLiteral("authorization_code"), QStringLiteral("device_code")};
        const QString value = parser.value(grant);
        if (!grants.contains(value))
            return QStringLiteral("--grant is 'password', 'client_credentials', "
                                  "'authorization_code' or 'device_code', not '%1'")
                .arg(value);
        s->grant = value;
    }
    if (parser.isSet(param)) {
        s->params.emplace();
        if (QString error = readPairs(parser.values(param), QStringLiteral("--param"), &*s->params);
            !error.isEmpty())
            return error;
    }
    if (parser.isSet(tokenParam)) {
        s->tokenParams.emplace();
        if (QString error = readPairs(parser.values(tokenParam), QStringLiteral("--token-param"),
                                      &*s->tokenParams);
            !error.isEmpty())
            return error;
    }
    if (QString error = readChoice<QList<int>>(
            parser, expiredStatus,
            {{QStringLiteral("401"), {401}}, {QStringLiteral("403"), {401, 403}}},
            &s->expiredStatuses);
        !error.isEmpty())
        return error;
    if (parser.isSet(refreshTimeout)) {
        bool ok = false;
        const double seconds = parser.value(refreshTimeout).toDouble(&ok);
        if (!ok || seconds < MinRefreshTimeoutSec || seconds > MaxRefreshTimeoutSec)
            return QStringLiteral("--refresh-timeout is a number of seconds from %1 to %2")
                .arg(MinRefreshTimeoutSec)
                .arg(MaxRefreshTimeoutSec);
        s->refreshTimeoutMs = qRound64(seconds * 1000);
    }
    return {};
}

} // namespace Keyway::Cli
