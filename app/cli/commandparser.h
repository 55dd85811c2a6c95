#pragma once

#include "cliargs.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <optional>

namespace Keyway::Cli {

// The parser each command starts with: its description and -h/--help, and a parse that stops
// the command early with a usage error or its help text.
class CommandParser final : public QCommandLineParser
{
public:
    CommandParser(const QString &command, const QString &description);

    // What the command returns at once: a usage error when `arguments` do not parse, the help
    // (`usage`, the options, then `helpTail`) when they ask for it; nothing when it goes on.
    std::optional<ParsedArgs> parseOrStop(const QStringList &arguments, const QString &usage,
                                          const QString &helpTail);

private:
    QString m_command;
    QCommandLineOption m_help;
};

} // namespace Keyway::Cli
