#include "signinoptions.h"

#include "argsupport.h"

namespace Keyway::Cli {

namespace {

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

QString readUrl(const QCommandLineParser &parser, const QCommandLineOption &option, QUrl *url)
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

} // namespace

SignInOptions::SignInOptions(Purpose p)
    : issuer(QStringLiteral("issuer"),
             QStringLiteral("The authorization server's issuer: its endpoints are discovered "
                            "(RFC 8414, OpenID Connect Discovery)."),
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
      noBrowser(QStringLiteral("no-browser"),
                QStringLiteral("Print the sign-in URL only; do not open a browser.")),
      purpose(p)
{
}

QList<QCommandLineOption> SignInOptions::all() const
{
    if (purpose == Purpose::Logout)
        return {issuer, revocationUrl};
    return {issuer,   authorizeUrl, deviceUrl,  revocationUrl, audience,
            resource, param,        tokenParam, noBrowser};
}

QString SignInOptions::read(const QCommandLineParser &parser, Profile *profile) const
{
    if (parser.isSet(issuer)) {
        if (!httpUrl(parser.value(issuer)))
            return QStringLiteral("--issuer '%1' is not a valid http:// or https:// URL")
                .arg(parser.value(issuer));
        profile->issuer = parser.value(issuer); // compared exactly with what discovery finds
    }
    if (QString error = readUrl(parser, revocationUrl, &profile->revocationUrl); !error.isEmpty())
        return error;
    profile->publicClient = profile->clientSecret.isEmpty();
    if (purpose == Purpose::Logout)
        return {};
    if (QString error = readUrl(parser, authorizeUrl, &profile->authorizationUrl); !error.isEmpty())
        return error;
    if (QString error = readUrl(parser, deviceUrl, &profile->deviceAuthorizationUrl);
        !error.isEmpty())
        return error;
    profile->audience = parser.value(audience);
    profile->resource = parser.value(resource);
    if (QString error = readPairs(parser.values(param), QStringLiteral("--param"),
                                  &profile->extraAuthorizationParams);
        !error.isEmpty())
        return error;
    return readPairs(parser.values(tokenParam), QStringLiteral("--token-param"),
                     &profile->extraTokenParams);
}

TokenArgs::Interactive interactiveGrant(const QCommandLineParser &parser,
                                        const QCommandLineOption &grant)
{
    const QString value = parser.value(grant);
    if (value == QLatin1String("authorization_code"))
        return TokenArgs::Interactive::AuthorizationCode;
    if (value == QLatin1String("device_code"))
        return TokenArgs::Interactive::DeviceCode;
    return TokenArgs::Interactive::None;
}

} // namespace Keyway::Cli
