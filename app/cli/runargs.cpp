#include "runargs.h"

#include "argsupport.h"
#include "authoptions.h"
#include "commandparser.h"
#include "optionvalues.h"

#include <QCommandLineParser>

namespace Keyway::Cli {

namespace {

const QString RunHelpTail = QStringLiteral(
    "\nPATH is a workspace folder (or the name of one, as --workspace takes it), a folder in\n"
    "it, or one .request.json file. Requests run in the order of the workspace; each one's\n"
    "assertions are checked (a request without assertions passes on a 2xx answer).\n"
    "Requests whose auth names a profile use profiles/<name>.json of the workspace, or the\n"
    "auth options given here for --profile NAME; the tokens come from --store (default: the\n"
    "keychain) as 'keyway-cli login' stored them, or from the profile's grant. One refresh\n"
    "serves every request of the run, and every process sharing the store.\n"
    "\n"
    "Reports (--reporter, comma-separated):\n"
    "  cli    progress while it runs (a live line on a terminal), then a summary table\n"
    "  json   DIR/keyway-run.json: every request, response summary, assertion and auth\n"
    "         event (token fingerprints only)\n"
    "  junit  DIR/keyway-run.xml: one testcase per request and iteration\n"
    "\n"
    "Exit codes:\n"
    "  0  every request answered and every assertion held\n"
    "  1  an assertion failed or a request got no answer\n"
    "  2  usage or input error (options, workspace files, unresolved variables)\n"
    "  3  authentication could not be obtained\n"
    "  130  interrupted (Ctrl-C): the sign-in or the requests in flight were cancelled, the\n"
    "       reports written (what did not run is marked skipped in JUnit)\n"
    "\n"
    "Examples:\n"
    "  keyway-cli run ./my-api --env dev --reporter cli,junit --report-dir out\n"
    "  keyway-cli run ./my-api/Users --var userId=42 --iterations 3 --concurrency 10\n"
    "  keyway-cli run my-api --store redis://ci-redis:6379/0 --profile ci --bail\n");

} // namespace

ParsedArgs parseRun(const QStringList &arguments, const QProcessEnvironment &environment)
{
    const QString command = QStringLiteral("run");
    CommandParser parser(
        command, QStringLiteral("Runs saved requests headless and checks their assertions."));
    const QCommandLineOption env(QStringLiteral("env"),
                                 QStringLiteral("The environment (environments/NAME.json)."),
                                 QStringLiteral("NAME"));
    const QCommandLineOption var(QStringLiteral("var"),
                                 QStringLiteral("Set a variable above every scope (repeatable)."),
                                 QStringLiteral("NAME=VALUE"));
    const QCommandLineOption iterations(QStringLiteral("iterations"),
                                        QStringLiteral("Run everything N times (default 1)."),
                                        QStringLiteral("N"));
    const QCommandLineOption concurrency(QStringLiteral("concurrency"),
                                         QStringLiteral("Requests in flight at once (default 1)."),
                                         QStringLiteral("N"));
    const QCommandLineOption delay(QStringLiteral("delay"),
                                   QStringLiteral("Wait MS after each request (default 0)."),
                                   QStringLiteral("MS"));
    const QCommandLineOption bail(
        QStringLiteral("bail"), QStringLiteral("Stop starting requests after the first failure."));
    const QCommandLineOption timeout(
        QStringLiteral("timeout"),
        QStringLiteral("Per-request timeout unless the request sets one (default 30000; 0: none)."),
        QStringLiteral("MS"));
    const QCommandLineOption reporter(QStringLiteral("reporter"),
                                      QStringLiteral("cli, json, junit (default cli)."),
                                      QStringLiteral("LIST"));
    const QCommandLineOption reportDir(
        QStringLiteral("report-dir"),
        QStringLiteral("Where json and junit reports go (default keyway-reports)."),
        QStringLiteral("DIR"));
    const QCommandLineOption events(QStringLiteral("events"),
                                    QStringLiteral("Print every core event (JSON) to stderr."));
    const AuthOptions auth;
    const StoreOptions storage(StoreOptions::FailureMode::Offered);
    parser.addOptions(
        {env, var, iterations, concurrency, delay, bail, timeout, reporter, reportDir, events});
    parser.addOptions(auth.all());
    parser.addOptions(storage.all());
    parser.addPositionalArgument(QStringLiteral("PATH"),
                                 QStringLiteral("A workspace, a folder in it, or a request file."));
    if (auto stop = parser.parseOrStop(arguments, QStringLiteral("keyway-cli run PATH [options]"),
                                       RunHelpTail))
        return *stop;

    const QStringList positional = parser.positionalArguments().mid(1); // after "run"
    if (positional.isEmpty())
        return usageError(QStringLiteral("run needs a PATH: a workspace folder, a folder in it or "
                                         "a .request.json file"),
                          command);
    if (positional.size() > 1)
        return usageError(
            QStringLiteral("unexpected argument '%1' after the PATH").arg(positional.at(1)),
            command);

    ParsedArgs parsed;
    parsed.action = ParsedArgs::Action::Run;
    RunArgs &run = parsed.run;
    run.path = positional.first();
    RunOptions &options = run.options;
    options.environment = parser.value(env);
    for (const QString &pair : parser.values(var)) {
        const qsizetype equals = pair.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return usageError(
                QStringLiteral("--var expects NAME=VALUE, got '%1'").arg(pair.left(40)), command);
        Variable v;
        v.name = pair.left(equals);
        v.value = pair.mid(equals + 1);
        options.overrides.append(v);
    }
    const QString milliseconds = QStringLiteral("milliseconds");
    int timeoutMs = int(options.timeoutMs);
    for (const QString &error :
         {readInt(parser, iterations, {1, 100000}, &options.iterations),
          readInt(parser, concurrency, {1, 10000}, &options.concurrency),
          readInt(parser, delay, {0, 3600000, milliseconds}, &options.delayMs),
          readInt(parser, timeout, {0, 24 * 3600000, milliseconds}, &timeoutMs)}) {
        if (!error.isEmpty())
            return usageError(error, command);
    }
    options.timeoutMs = timeoutMs;
    options.bail = parser.isSet(bail);
    if (parser.isSet(reporter)) {
        run.reporters = parser.value(reporter).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (QString &name : run.reporters) {
            name = name.trimmed();
            if (name != QLatin1String("cli") && name != QLatin1String("json")
                && name != QLatin1String("junit"))
                return usageError(
                    QStringLiteral("unknown reporter '%1' (reporters: cli, json, junit)").arg(name),
                    command);
        }
    }
    if (parser.isSet(reportDir))
        run.reportDir = parser.value(reportDir);
    run.events = parser.isSet(events);

    Profile &profile = run.profile;
    const QList<QCommandLineOption> authOptions = auth.all();
    run.profileOptions =
        std::any_of(authOptions.begin(), authOptions.end(),
                    [&parser](const QCommandLineOption &option) { return parser.isSet(option); });
    if (const QString error = auth.read(parser, environment, &run.auth); !error.isEmpty())
        return usageError(error, command);
    run.auth.applyTlsTo(&options.tls);
    if (const QString error =
            storage.read(parser, environment, QStringLiteral("keychain"), &profile, &run.store);
        !error.isEmpty())
        return usageError(error, command);
    run.workspaceGiven = parser.isSet(storage.workspace);
    return parsed;
}

} // namespace Keyway::Cli
