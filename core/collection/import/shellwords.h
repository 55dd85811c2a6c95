#pragma once

// Internal to the curl import: a command line split into words the way the shell that runs it
// would, for the two dialects browsers write with "Copy as cURL": bash (quotes, `$'...'`,
// backslash continuations) and Windows cmd (`^` escapes and continuations, then the C runtime's
// quoting).

#include <QList>
#include <QString>

namespace Keyway::ImportDetail {

struct ShellWord
{
    QString text;
    qsizetype offset = 0; // where the word starts in the input, for errors
    bool containsInvalidBytes = false; // a `$'\xNN'` escape that made no valid UTF-8
};

using ShellCommand = QList<ShellWord>;

enum class ShellDialect { Bash, Cmd };

// Which dialect `text` is written in: cmd when it uses `^` as its escape.
ShellDialect detectShellDialect(const QString &text);

// The commands in `text` (separated by newlines, `;`, `&`, `&&`, `||` or `|`), each as words.
// Fails (ImportFailure at line:column) on an unterminated quote.
QList<ShellCommand> splitShellCommands(const QString &text, ShellDialect dialect);

} // namespace Keyway::ImportDetail
