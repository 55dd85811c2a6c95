// keyway-cli: the headless composition root. Parses the command line and hands over to a command.
#include "cliargs.h"
#include "console.h"
#include "democommand.h"
#include "importcommand.h"
#include "logoutcommand.h"
#include "runcommand.h"
#include "sendcommand.h"
#include "storekeycommand.h"
#include "tokencommand.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTimer>

using namespace Keyway::Cli;

template<typename Command, typename Args> static int run(QCoreApplication &app, Args args)
{
    Command command(std::move(args));
    QObject::connect(&command, &Command::finished, &app, &QCoreApplication::exit,
                     Qt::QueuedConnection);
    QTimer::singleShot(0, &command, &Command::start);
    return app.exec();
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("keyway-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KEYWAY_VERSION));
    // The core also logs every event to its categories; here --events is the way to see them.
    // QT_LOGGING_RULES still overrides this.
    QLoggingCategory::setFilterRules(QStringLiteral("keyway.*=false"));

    const ParsedArgs parsed =
        parseArguments(app.arguments(), QProcessEnvironment::systemEnvironment());
    switch (parsed.action) {
    case ParsedArgs::Action::ShowHelp: writeOut(parsed.text); return 0;
    case ParsedArgs::Action::ShowVersion:
        writeOut(QStringLiteral("keyway-cli %1").arg(QCoreApplication::applicationVersion()));
        return 0;
    case ParsedArgs::Action::UsageError:
        writeErr(QStringLiteral("keyway-cli: ") + parsed.text);
        writeErr(parsed.hint);
        return 2;
    case ParsedArgs::Action::Send: return run<SendCommand>(app, parsed.send);
    case ParsedArgs::Action::Token: return run<TokenCommand>(app, parsed.token);
    case ParsedArgs::Action::Logout: return run<LogoutCommand>(app, parsed.logout);
    case ParsedArgs::Action::Import: return runImport(parsed.importArgs);
    case ParsedArgs::Action::Export: return runExport(parsed.exportArgs);
    case ParsedArgs::Action::Run: return run<RunCommand>(app, parsed.run);
    case ParsedArgs::Action::StoreKey: return run<StoreKeyCommand>(app, parsed.storeKey);
    case ParsedArgs::Action::Demo: return run<DemoCommand>(app, parsed.demo);
    }
    return 2;
}
