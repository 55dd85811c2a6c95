#pragma once

// Reading the value of a command-line option that must be a whole number in a range or one of a
// few names, and saying in one wording what is wrong and what is allowed: keyway-cli and
// keyway-sandbox alike.

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace Keyway {

// What an integer option allows: min to max, of `unit` ("a number", "milliseconds", ...).
struct IntRange
{
    int min = 0;
    int max = 0;
    QString unit = QStringLiteral("a number");
};

// How an error names an option: its longest name with dashes ("--count" for -n/--count).
QString optionName(const QCommandLineOption &option);
// "a", "a or b", "a, b or c": the names a choice allows, as errors list them.
QString alternatives(const QStringList &names);

// The number `text` spells when it is a whole number within `range`.
std::optional<int> intInRange(const QString &text, const IntRange &range);
// The index of `text` in `names`, compared exactly.
std::optional<qsizetype> choiceIndex(const QString &text, const QStringList &names);

// Reads `option` into *out when it is given (else *out is left as it is). Returns the usage
// error, "--delay is milliseconds from 0 to 3600000, not 'soon'"; empty when fine.
QString readInt(const QCommandLineParser &parser, const QCommandLineOption &option,
                const IntRange &range, int *out);
// Reads `option` as one of `names` into *index when it is given (else *index is left as it
// is). Returns the usage error, "--authorize is auto, form or deny, not 'x'"; empty when fine.
QString readChoice(const QCommandLineParser &parser, const QCommandLineOption &option,
                   const QStringList &names, qsizetype *index);
// The same where each name stands for a value: *out takes the value of the name given.
template<typename T, typename Out>
QString readChoice(const QCommandLineParser &parser, const QCommandLineOption &option,
                   const QList<std::pair<QString, T>> &choices, Out *out)
{
    QStringList names;
    for (const auto &choice : choices)
        names.append(choice.first);
    qsizetype index = -1;
    const QString error = readChoice(parser, option, names, &index);
    if (index >= 0)
        *out = choices.at(index).second;
    return error;
}

} // namespace Keyway
