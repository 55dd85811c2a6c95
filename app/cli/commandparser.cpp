#include "commandparser.h"

#include "argsupport.h"

namespace Keyway::Cli {

CommandParser::CommandParser(const QString &command, const QString &description)
    : m_command(command),
      m_help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."))
{
    setApplicationDescription(description);
    addOption(m_help);
}

std::optional<ParsedArgs> CommandParser::parseOrStop(const QStringList &arguments,
                                                     const QString &usage, const QString &helpTail)
{
    if (!parse(arguments))
        return usageError(parserError(*this), m_command);
    if (isSet(m_help))
        return Cli::helpText(helpWithUsage(*this, usage, helpTail));
    return std::nullopt;
}

} // namespace Keyway::Cli
