// The composition root of the `keyway` GUI: builds the core objects and hands them to the window.
#include "auth/clock.h"
#include "auth/profile.h"
#include "auth/tokenmanager.h"
#include "http/authorizedclient.h"
#include "log/eventlog.h"
#include "mainwindow.h"
#include "sandbox/sandbox.h"
#include "store/memorytokenstore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QNetworkAccessManager>

using namespace Keyway;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("keyway"));
    QApplication::setApplicationDisplayName(QStringLiteral("Keyway"));
    QApplication::setApplicationVersion(QStringLiteral(KEYWAY_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("keyway"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/keyway/keyway.png")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("An API explorer for OAuth-protected APIs."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("demo"),
                      QStringLiteral("Run against an in-process sandbox OAuth server (the default "
                                     "while no profile is configured).")});
    parser.process(app);

    // Profiles cannot be configured yet, so every start is the demo: an in-process sandbox and
    // a profile that signs in to it with the demo password grant.
    // Five-minute tokens: long enough to explore, short enough to see a proactive refresh.
    SandboxConfig demoConfig;
    demoConfig.accessTokenLifetimeSec = 300;
    Sandbox sandbox(demoConfig);
    QString error;
    if (!sandbox.start(&error)) {
        qCritical("keyway: the demo sandbox could not start: %s", qPrintable(error));
        return 1;
    }
    Profile profile;
    profile.name = QStringLiteral("sandbox");
    profile.tokenUrl = sandbox.tokenUrl();
    profile.clientId = sandbox.config().clientId;
    profile.clientSecret = sandbox.config().clientSecret;
    profile.grant = GrantType::Password;
    profile.username = sandbox.config().username;
    profile.password = sandbox.config().password;

    Clock *clock = SystemClock::instance();
    QNetworkAccessManager network;
    EventLog events(clock);
    MemoryTokenStore store;
    TokenManager tokens(profile, &store, &events, clock);
    AuthorizedClient client(&network, &tokens, &events, clock);

    MainWindow window(&client, &events, clock, &sandbox);
    window.show();
    return app.exec();
}
