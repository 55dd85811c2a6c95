#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace Keyway::Test {

// What one keyway-cli process did: the CLI tests run the real binary and look at this.
struct CliRun
{
    bool finished = false; // false: killed after the timeout
    bool crashed = false;
    int exitCode = -1; // -1 unless it exited normally
    QByteArray out;
    QByteArray err;

    QString describe() const;
};

// Runs `binary` to its end while this process's event loop keeps serving (an in-process sandbox
// answers the child meanwhile); kills it after `timeoutMs`.
CliRun runCli(const QString &binary, const QStringList &arguments,
              const QProcessEnvironment &environment, int timeoutMs = 60000);

} // namespace Keyway::Test
