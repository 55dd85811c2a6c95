// keyway-sandbox: runs the OAuth sandbox on 127.0.0.1 until SIGINT/SIGTERM.
#include "optionvalues.h"
#include "sandbox/faultnames.h"
#include "sandbox/sandbox.h"
#include "signalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <csignal>
#include <cstdio>

using namespace Keyway;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("keyway-sandbox"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A local OAuth 2.0 authorization server and protected API for trying Keyway."));
    parser.addHelpOption();
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        QStringLiteral("Port of the main origin (0 = any)."),
                                        QStringLiteral("port"));
    const QCommandLineOption otherPortOption(
        QStringLiteral("other-port"),
        QStringLiteral("Port of the other origin that redirects point to (0 = any)."),
        QStringLiteral("port"));
    const QCommandLineOption lifetimeOption(QStringLiteral("lifetime"),
                                            QStringLiteral("Access token lifetime in seconds."),
                                            QStringLiteral("seconds"));
    const QCommandLineOption expiredStatusOption(
        QStringLiteral("expired-status"),
        QStringLiteral("Status for expired or unknown tokens: 401 or 403."),
        QStringLiteral("status"));
    const QCommandLineOption noRotationOption(
        QStringLiteral("no-rotation"), QStringLiteral("Keep refresh tokens across refreshes."));
    const QCommandLineOption noReuseOption(
        QStringLiteral("no-reuse-detection"),
        QStringLiteral("Do not revoke a token family when a used refresh token returns."));
    const QCommandLineOption authorizeOption(
        QStringLiteral("authorize"),
        QStringLiteral("How /oauth/authorize answers: auto (a code at once), form (a sign-in "
                       "page) or deny."),
        QStringLiteral("mode"));
    const QCommandLineOption deviceIntervalOption(
        QStringLiteral("device-interval"),
        QStringLiteral("Device flow polling interval in seconds (0 = poll freely)."),
        QStringLiteral("seconds"));
    const QCommandLineOption jwtOption(QStringLiteral("jwt-access-tokens"),
                                       QStringLiteral("Issue access tokens as HS256 JWTs."));
    const QCommandLineOption tlsCertOption(
        QStringLiteral("tls-cert"),
        QStringLiteral("Serve HTTPS with this PEM certificate (with --tls-key)."),
        QStringLiteral("file"));
    const QCommandLineOption tlsKeyOption(QStringLiteral("tls-key"),
                                          QStringLiteral("The PEM key of --tls-cert."),
                                          QStringLiteral("file"));
    const QCommandLineOption tlsClientCaOption(
        QStringLiteral("tls-client-ca"),
        QStringLiteral("Require a client certificate issued by this PEM CA (mutual TLS)."),
        QStringLiteral("file"));
    parser.addOptions({portOption, otherPortOption, lifetimeOption, expiredStatusOption,
                       noRotationOption, noReuseOption, authorizeOption, deviceIntervalOption,
                       jwtOption, tlsCertOption, tlsKeyOption, tlsClientCaOption});
    parser.process(app);

    QTextStream err(stderr);
    SandboxConfig config;
    const IntRange port {0, 65535, QStringLiteral("a port number")};
    int mainPort = config.port;
    int otherPort = config.otherOriginPort;
    const QStringList authorizeModes = EnumNames<AuthorizeMode>::all();
    qsizetype authorizeMode =
        authorizeModes.indexOf(EnumNames<AuthorizeMode>::name(config.authorizeMode));
    // A year at most: longer has no use in a sandbox and would only hide a typo.
    const IntRange lifetime {0, 365 * 86400, QStringLiteral("seconds")};
    for (const QString &error :
         {readInt(parser, portOption, port, &mainPort),
          readInt(parser, otherPortOption, port, &otherPort),
          readInt(parser, lifetimeOption, lifetime, &config.accessTokenLifetimeSec),
          readChoice<int>(parser, expiredStatusOption,
                          {{QStringLiteral("401"), 401}, {QStringLiteral("403"), 403}},
                          &config.expiredStatus),
          readChoice(parser, authorizeOption, authorizeModes, &authorizeMode),
          readInt(parser, deviceIntervalOption, {0, 86400, QStringLiteral("seconds")},
                  &config.deviceIntervalSec)}) {
        if (!error.isEmpty()) {
            err << "keyway-sandbox: " << error << '\n';
            return 2;
        }
    }
    config.port = quint16(mainPort);
    config.otherOriginPort = quint16(otherPort);
    config.authorizeMode = *EnumNames<AuthorizeMode>::fromName(authorizeModes.at(authorizeMode));
    config.tlsCertificateFile = parser.value(tlsCertOption);
    config.tlsKeyFile = parser.value(tlsKeyOption);
    config.tlsClientCaFile = parser.value(tlsClientCaOption);
    if (config.tlsCertificateFile.isEmpty() != config.tlsKeyFile.isEmpty()
        || (!config.tlsClientCaFile.isEmpty() && config.tlsCertificateFile.isEmpty())) {
        err << "keyway-sandbox: --tls-cert and --tls-key go together (and --tls-client-ca "
               "with them)\n";
        return 2;
    }
    config.rotateRefreshTokens = !parser.isSet(noRotationOption);
    config.reuseDetection = !parser.isSet(noReuseOption);
    config.jwtAccessTokens = parser.isSet(jwtOption);

    Sandbox sandbox(config);
    QString error;
    if (!sandbox.start(&error)) {
        err << "keyway-sandbox: " << error << '\n';
        return 1;
    }
    const SignalWatcher quitOnSignal({SIGINT, SIGTERM});
    QObject::connect(&quitOnSignal, &SignalWatcher::received, &app, &QCoreApplication::quit);
    if (!quitOnSignal.isWatching())
        err << "keyway-sandbox: cannot watch SIGINT/SIGTERM; stop it with kill -9\n";

    const SandboxConfig &running = sandbox.config();
    const QString base = sandbox.baseUrl().toString();
    QTextStream out(stdout);
    out << "Keyway sandbox (OAuth 2.0 authorization server + protected API)\n"
        << "  base URL        " << base << '\n'
        << "  token endpoint  " << sandbox.tokenUrl().toString() << '\n'
        << "  authorize       " << sandbox.authorizeUrl().toString() << " ("
        << EnumNames<AuthorizeMode>::name(running.authorizeMode) << ")\n"
        << "  device          " << sandbox.deviceAuthorizationUrl().toString() << ", approve at "
        << sandbox.apiUrl(QStringLiteral("/device")).toString() << '\n'
        << "  revocation      " << sandbox.revocationUrl().toString() << '\n'
        << "  discovery       "
        << sandbox.apiUrl(QStringLiteral("/.well-known/openid-configuration")).toString() << '\n'
        << "                  "
        << sandbox.apiUrl(QStringLiteral("/.well-known/oauth-authorization-server")).toString()
        << '\n'
        << "  API             " << sandbox.apiUrl(QStringLiteral("/api/items")).toString() << '\n'
        << "                  " << sandbox.apiUrl(QStringLiteral("/api/echo")).toString() << '\n'
        << "                  " << sandbox.apiUrl(QStringLiteral("/api/slow?ms=500")).toString()
        << '\n'
        << "  hostile answers " << sandbox.apiUrl(QStringLiteral("/api/huge?bytes=N")).toString()
        << " (2 GiB by default), /api/endless-header, /api/endless, /api/trickle?ms=N\n"
        << "  other origin    " << sandbox.otherOriginUrl().toString() << '\n'
        << "  admin counters  " << sandbox.apiUrl(QStringLiteral("/admin/counters")).toString()
        << '\n'
        << "  client          id=" << running.clientId << " secret=" << running.clientSecret << '\n'
        << "  public client   id=" << running.publicClientId
        << " (no secret, PKCE S256; redirect to any http://127.0.0.1 or http://[::1] URI)\n"
        << "  user            username=" << running.username << " password=" << running.password
        << '\n'
        << "  access tokens   lifetime " << running.accessTokenLifetimeSec << " s, expired -> "
        << running.expiredStatus << ", rotation " << (running.rotateRefreshTokens ? "on" : "off")
        << ", reuse detection " << (running.reuseDetection ? "on" : "off") << ", "
        << (running.jwtAccessTokens ? "JWT" : "opaque") << '\n'
        << "Try: curl -u " << running.clientId << ':' << running.clientSecret
        << " -d grant_type=password -d username=" << running.username
        << " -d password=" << running.password << ' ' << sandbox.tokenUrl().toString()
        << '\n'
        // Tests start the binary with QProcess and wait for exactly this line.
        << "keyway-sandbox listening on " << base << '\n';
    out.flush();

    const int status = app.exec();
    out << "keyway-sandbox stopped\n";
    return status;
}
