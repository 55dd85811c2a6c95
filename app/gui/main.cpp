// The composition root of the `keyway` GUI: builds the core objects and hands them to the window.
#include "auth/clock.h"
#include "auth/profile.h"
#include "auth/tokenmanager.h"
#include "demoactions.h"
#include "firstpaint.h"
#include "http/authorizedclient.h"
#include "log/eventlog.h"
#include "mainwindow.h"
#include "sandbox/sandbox.h"
#include "screenshottour.h"
#include "store/memorytokenstore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QIcon>
#include <QNetworkAccessManager>

using namespace Keyway;

int main(int argc, char *argv[])
{
    QElapsedTimer startup;
    startup.start();
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
    parser.addOption({QStringLiteral("no-tour"),
                      QStringLiteral("In the demo, do not expire the token and send a burst by "
                                     "itself a few seconds after the start.")});
    parser.addOption({QStringLiteral("workspace"),
                      QStringLiteral("Open the workspace <name> (a folder under the workspaces "
                                     "folder, as keyway-cli takes it) or <path>."),
                      QStringLiteral("name|path")});
    parser.addOption({QStringLiteral("screenshots"),
                      QStringLiteral("Show each main view, save it as a PNG into <dir> and quit."),
                      QStringLiteral("dir")});
    parser.addOption({QStringLiteral("startup-time"),
                      QStringLiteral("Print the milliseconds until the window was first painted, "
                                     "then quit (benchmarks).")});
    parser.process(app);

    // Profiles cannot be configured from files yet, so every start is the demo: an in-process
    // sandbox whose tokens live 30 seconds, and a profile that signs in with the demo password
    // grant. JWT access tokens, so the token inspector has claims to show.
    SandboxConfig demoConfig;
    demoConfig.accessTokenLifetimeSec = 30;
    demoConfig.jwtAccessTokens = true;
    Sandbox sandbox(demoConfig);
    QString error;
    if (!sandbox.start(&error)) {
        qCritical("keyway: the demo sandbox could not start: %s", qPrintable(error));
        return 1;
    }
    Profile profile;
    profile.name = QStringLiteral("sandbox");
    profile.tokenUrl = sandbox.tokenUrl();
    profile.revocationUrl = sandbox.revocationUrl();
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
    // Requests whose auth is none, a fixed Bearer token or Basic: sent as they are.
    AuthorizedClient plainClient(&network, nullptr, &events, clock);

    MainWindow window(&client, &plainClient, &events, clock, &sandbox,
                      parser.value(QStringLiteral("workspace")));
    window.show();

    if (parser.isSet(QStringLiteral("startup-time"))) {
        new FirstPaintProbe(&window, startup);
        return app.exec();
    }
    if (parser.isSet(QStringLiteral("screenshots"))) {
        auto *tour = new ScreenshotTour(&window, &sandbox,
                                        parser.value(QStringLiteral("screenshots")), &window);
        tour->start();
    } else if (!parser.isSet(QStringLiteral("no-tour"))) {
        window.demo()->startTour();
    }
    return app.exec();
}
