#pragma once

#include <QByteArray>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>

namespace Keyway::Test {

// A program the build put beside the tests (ctest gives its folder as KEYWAY_BIN_DIR and builds it
// first), e.g. "keyway-sandbox"; empty, with `error` saying what to build, when it is not there.
QString builtProgram(const QString &name, QString *error);
// builtProgram("keyway-cli").
QString cliBinary(QString *error = nullptr);
// newman (Postman's runner) where ctest's newman_install fixture put it (KEYWAY_NEWMAN); empty,
// with `error` saying how to get it, when it is not there.
QString newmanProgram(QString *error);

// What one keyway-cli process did: the CLI tests run the real binary and look at this.
struct CliRun
{
    bool finished = false; // false: killed after the timeout
    bool crashed = false;
    int exitCode = -1; // -1 unless it exited normally
    QByteArray out;
    QByteArray err;
    // /proc/PID/cmdline as the system showed it to every user while the process ran (arguments
    // separated by NUL); what `ps` prints.
    QByteArray commandLine;

    QString describe() const;
};

// A keyway-cli child's world: this process's environment without the developer's Keyway
// settings, its own XDG data and config dirs under `home`, and the given client secret and
// password (empty: not set, so the child cannot sign in by itself).
QProcessEnvironment isolatedCliEnvironment(const QString &home, const QString &clientSecret,
                                           const QString &password = {});

// Runs `binary` to its end while this process's event loop keeps serving (an in-process sandbox
// answers the child meanwhile); kills it after `timeoutMs`.
CliRun runCli(const QString &binary, const QStringList &arguments,
              const QProcessEnvironment &environment, int timeoutMs = 60000);

// Runs one `binary` process per argument list, all at once, to their end; `tick` runs on every
// turn of this process's event loop meanwhile (a test expires tokens or switches a fault mid-run
// from there). All are killed after `timeoutMs`.
QList<CliRun> runClis(const QString &binary, const QList<QStringList> &argumentLists,
                      const QProcessEnvironment &environment,
                      const std::function<void()> &tick = {}, int timeoutMs = 120000);

// Runs `binary` until `ready` holds (asked on every turn of this process's event loop), sends it
// SIGINT as Ctrl-C in a terminal would, and runs it to its end; kills it after `timeoutMs`.
// *interrupted says whether the signal went out (false: the process ended first, or timed out).
CliRun runCliInterrupted(const QString &binary, const QStringList &arguments,
                         const QProcessEnvironment &environment, const std::function<bool()> &ready,
                         bool *interrupted, int timeoutMs = 60000);

} // namespace Keyway::Test
