#include "clirun.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <memory>
#include <vector>

namespace Keyway::Test {

QString builtProgram(const QString &name, QString *error)
{
    const QString path = qEnvironmentVariable("KEYWAY_BIN_DIR") + QLatin1Char('/') + name;
    if (QFileInfo(path).isExecutable())
        return path;
    if (error)
        *error = QStringLiteral("%1 is missing: build %2 first (ctest sets KEYWAY_BIN_DIR)")
                     .arg(path, name);
    return {};
}

QString cliBinary(QString *error)
{
    return builtProgram(QStringLiteral("keyway-cli"), error);
}

QString newmanProgram(QString *error)
{
    const QString newman = qEnvironmentVariable("KEYWAY_NEWMAN");
    if (!newman.isEmpty() && QFileInfo(newman).isExecutable())
        return newman;
    if (error)
        *error =
            QStringLiteral("newman is not installed at \"%1\": run the test through ctest, whose "
                           "newman_install fixture installs it from npm (npm and the npm "
                           "registry must be reachable)")
                .arg(newman);
    return {};
}

QString CliRun::describe() const
{
    return QStringLiteral("exit %1\n--- stdout:\n%2\n--- stderr:\n%3")
        .arg(exitCode)
        .arg(QString::fromUtf8(out), QString::fromUtf8(err));
}

QProcessEnvironment isolatedCliEnvironment(const QString &home, const QString &clientSecret,
                                           const QString &password)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name :
         {"KEYWAY_CLIENT_SECRET", "KEYWAY_PASSWORD", "QT_LOGGING_RULES", "KEYWAY_STORE"})
        env.remove(QString::fromLatin1(name));
    if (!clientSecret.isEmpty())
        env.insert(QStringLiteral("KEYWAY_CLIENT_SECRET"), clientSecret);
    if (!password.isEmpty())
        env.insert(QStringLiteral("KEYWAY_PASSWORD"), password);
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    return env;
}

namespace {

using Processes = std::vector<std::unique_ptr<QProcess>>;

// runClis with a `tick` that sees the processes.
QList<CliRun> runProcesses(const QString &binary, const QList<QStringList> &argumentLists,
                           const QProcessEnvironment &environment,
                           const std::function<void(const Processes &)> &tick, int timeoutMs)
{
    Processes processes;
    for (const QStringList &arguments : argumentLists) {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(environment);
        process->start(binary, arguments);
        processes.push_back(std::move(process));
    }
    // Read while each still runs: /proc/PID/cmdline is what `ps` showed every user meanwhile.
    // "Started" comes when the exec closed the startup pipe, a moment before the kernel has set up
    // the new program's arguments: until then the file reads empty, so read until it does not.
    QList<QByteArray> commandLines;
    for (const auto &process : processes) {
        QByteArray commandLine;
        if (process->waitForStarted(timeoutMs)) {
            const QString path = QStringLiteral("/proc/%1/cmdline").arg(process->processId());
            (void)QTest::qWaitFor(
                [&] {
                    QFile file(path);
                    if (file.open(QIODevice::ReadOnly))
                        commandLine = file.readAll();
                    return !commandLine.isEmpty() || process->state() == QProcess::NotRunning;
                },
                5000);
        }
        commandLines.append(commandLine);
    }
    (void)QTest::qWaitFor(
        [&] {
            if (tick)
                tick(processes);
            return std::all_of(processes.begin(), processes.end(),
                               [](const auto &p) { return p->state() == QProcess::NotRunning; });
        },
        timeoutMs);
    QList<CliRun> results;
    for (const auto &process : processes) {
        CliRun result;
        result.finished = process->state() == QProcess::NotRunning;
        if (!result.finished) {
            process->kill();
            process->waitForFinished(5000); // killed: nothing left to serve meanwhile
        }
        result.crashed = result.finished && process->exitStatus() == QProcess::CrashExit;
        result.exitCode = process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1;
        result.out = process->readAllStandardOutput();
        result.err = process->readAllStandardError();
        result.commandLine = commandLines.at(results.size());
        results.append(result);
    }
    return results;
}

} // namespace

CliRun runCli(const QString &binary, const QStringList &arguments,
              const QProcessEnvironment &environment, int timeoutMs)
{
    return runClis(binary, {arguments}, environment, {}, timeoutMs).constFirst();
}

QList<CliRun> runClis(const QString &binary, const QList<QStringList> &argumentLists,
                      const QProcessEnvironment &environment, const std::function<void()> &tick,
                      int timeoutMs)
{
    return runProcesses(
        binary, argumentLists, environment,
        [&tick](const Processes &) {
            if (tick)
                tick();
        },
        timeoutMs);
}

CliRun runCliInterrupted(const QString &binary, const QStringList &arguments,
                         const QProcessEnvironment &environment, const std::function<bool()> &ready,
                         bool *interrupted, int timeoutMs)
{
    *interrupted = false;
    return runProcesses(
               binary, {arguments}, environment,
               [&ready, interrupted](const Processes &processes) {
                   QProcess &process = *processes.front();
                   if (*interrupted || process.state() != QProcess::Running || !ready())
                       return;
                   *interrupted = ::kill(pid_t(process.processId()), SIGINT) == 0;
               },
               timeoutMs)
        .constFirst();
}

} // namespace Keyway::Test
