#include "optionvalues.h"

#include <algorithm>
#include <functional>

namespace Keyway {

namespace {

// Long enough to recognise, short enough that a pasted secret does not fill the terminal.
constexpr qsizetype ShownValueLength = 40;

QString shownValue(const QString &value)
{
    return value.size() > ShownValueLength ? value.left(ShownValueLength) + QStringLiteral("...")
                                           : value;
}

// Reads `option` into *out when it is given and `parse` takes its text; else says what is
// `allowed` and what was given.
template<typename Value>
QString readOption(const QCommandLineParser &parser, const QCommandLineOption &option,
                   const std::function<std::optional<Value>(const QString &)> &parse,
                   const QString &allowed, Value *out)
{
    if (!parser.isSet(option))
        return {};
    const QString text = parser.value(option);
    const std::optional<Value> value = parse(text);
    if (!value)
        return QStringLiteral("%1 is %2, not '%3'")
            .arg(optionName(option), allowed, shownValue(text));
    *out = *value;
    return {};
}

} // namespace

QString optionName(const QCommandLineOption &option)
{
    const QStringList names = option.names();
    const auto longest =
        std::max_element(names.begin(), names.end(),
                         [](const QString &a, const QString &b) { return a.size() < b.size(); });
    if (longest == names.end())
        return {};
    return (longest->size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + *longest;
}

QString alternatives(const QStringList &names)
{
    if (names.size() < 2)
        return names.value(0);
    return names.mid(0, names.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ")
        + names.last();
}

std::optional<int> intInRange(const QString &text, const IntRange &range)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < range.min || value > range.max)
        return std::nullopt;
    return value;
}

std::optional<qsizetype> choiceIndex(const QString &text, const QStringList &names)
{
    const qsizetype index = names.indexOf(text);
    if (index < 0)
        return std::nullopt;
    return index;
}

QString readInt(const QCommandLineParser &parser, const QCommandLineOption &option,
                const IntRange &range, int *out)
{
    return readOption<int>(
        parser, option, [&range](const QString &text) { return intInRange(text, range); },
        QStringLiteral("%1 from %2 to %3").arg(range.unit).arg(range.min).arg(range.max), out);
}

QString readChoice(const QCommandLineParser &parser, const QCommandLineOption &option,
                   const QStringList &names, qsizetype *index)
{
    return readOption<qsizetype>(
        parser, option, [&names](const QString &text) { return choiceIndex(text, names); },
        alternatives(names), index);
}

} // namespace Keyway
