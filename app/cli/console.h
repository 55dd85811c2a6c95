#pragma once

#include <QByteArray>
#include <QString>

namespace Keyway::Cli {

// Unbuffered writes to the process's standard streams, so that stdout and stderr interleave in
// the order they were written even when both go to one terminal.
void writeOut(const QByteArray &bytes);
void writeOut(const QString &line); // appends a newline
void writeErr(const QString &line); // appends a newline

} // namespace Keyway::Cli
