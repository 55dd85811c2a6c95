// The composition root of the `keyway` GUI: builds the core objects and hands them to the window.
#include "auth/clock.h"
#include "auth/profile.h"
#include "auth/profilesessions.h"
#include "collection/savedprofiles.h"
#include "collection/workspacelocation.h"
#include "demoactions.h"
#include "firstpaint.h"
#include "log/eventlog.h"
#include "mainwindow.h"
#include "sandbox/sandbox.h"
#include "screenshottour.h"

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
                                     "while the workspace has no saved profile).")});
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

    // The demo: asked for, or the workspace to open has no saved profile yet. An in-process
    // sandbox whose tokens live 30 seconds, and a profile (in memory) that signs in with the
    // demo password grant. JWT access tokens, so the token inspector has claims to show.
    const QString startWorkspace = parser.value(QStringLiteral("workspace"));
    QString error;
    const auto location = WorkspaceLocation::resolve(
        startWorkspace.isEmpty() ? WorkspaceLocation::DefaultName : startWorkspace, &error);
    const bool demo = parser.isSet(QStringLiteral("demo"))
        || parser.isSet(QStringLiteral("screenshots"))
        || SavedProfiles::names(location ? location->folder() : QString()).isEmpty();

    Clock *clock = SystemClock::instance();
    QNetworkAccessManager network;
    EventLog events(clock);
    ProfileSessions profiles(&network, &events, clock);
    std::unique_ptr<Sandbox> sandbox;
    if (demo) {
        SandboxConfig demoConfig;
        demoConfig.accessTokenLifetimeSec = 30;
        demoConfig.jwtAccessTokens = true;
        sandbox = std::make_unique<Sandbox>(demoConfig);
        if (!sandbox->start(&error)) {
            qCritical("keyway: the demo sandbox could not start: %s", qPrintable(error));
            return 1;
        }
        Profile profile;
        profile.name = QStringLiteral("sandbox");
        profile.tokenUrl = sandbox->tokenUrl();
        profile.revocationUrl = sandbox->revocationUrl();
        profile.clientId = sandbox->config().clientId;
        profile.clientSecret = sandbox->config().clientSecret;
        profile.grant = GrantType::Password;
        profile.username = sandbox->config().username;
        profile.password = sandbox->config().password;
        profiles.add(profile, nullptr, ProfileSessions::Scope::Window);
    }

    MainWindow window(&profiles, sandbox.get(), startWorkspace);
    window.show();

    if (parser.isSet(QStringLiteral("startup-time"))) {
        new FirstPaintProbe(&window, startup);
        return app.exec();
    }
    if (parser.isSet(QStringLiteral("screenshots"))) {
        auto *tour = new ScreenshotTour(&window, sandbox.get(),
                                        parser.value(QStringLiteral("screenshots")), &window);
        tour->start();
    } else if (window.demo() && !parser.isSet(QStringLiteral("no-tour"))) {
        window.demo()->startTour();
    }
    return app.exec();
}
