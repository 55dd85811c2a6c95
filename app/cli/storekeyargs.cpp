#include "storekeyargs.h"

#include "argsupport.h"
#include "commandparser.h"

#include <QCommandLineParser>

namespace Keyway::Cli {

namespace {

const QString StoreKeyHelpTail = QStringLiteral(
    "\n"
    "The store key encrypts the tokens a Redis store keeps when its URL says ?encrypt=1\n"
    "(AES-256-GCM). It is made once, on the first machine that needs it, and kept in that\n"
    "machine's keychain. Every machine sharing the Redis needs the same key:\n"
    "  show    print the key's id (16 hex digits that reveal nothing of the key), to compare\n"
    "          machines\n"
    "  export  write the key (base64) to standard output or -o FILE (made if there is none)\n"
    "  import  read a key (base64) from FILE or standard input into this machine's keychain\n"
    "\n"
    "Environment:\n"
    "  KEYWAY_STORE_KEY  the key in base64; when set it is used instead of the keychain (CI\n"
    "                    machines without one)\n"
    "\n"
    "Examples:\n"
    "  keyway-cli store key export | ssh build-host keyway-cli store key import\n"
    "  KEYWAY_STORE_KEY=$(keyway-cli store key export) ... # a CI secret");

} // namespace

ParsedArgs parseStore(const QStringList &arguments)
{
    const QString command = QStringLiteral("store");
    CommandParser parser(
        command, QStringLiteral("Manages the key that encrypts tokens in Redis (?encrypt=1)."));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("export: write the key to FILE (readable by "
                                                   "its owner only) instead of standard output."),
                                    QStringLiteral("FILE"));
    parser.addOption(output);
    parser.addPositionalArgument(QStringLiteral("key"), QStringLiteral("show, export or import."));
    if (auto stop = parser.parseOrStop(
            arguments, QStringLiteral("keyway-cli store key show|export|import [FILE]"),
            StoreKeyHelpTail))
        return *stop;
    const QStringList positional = parser.positionalArguments().mid(1); // after "store"
    if (positional.value(0) != QLatin1String("key") || positional.size() < 2)
        return usageError(QStringLiteral("store needs 'key show', 'key export' or 'key import'"),
                          command);
    ParsedArgs parsed;
    parsed.action = ParsedArgs::Action::StoreKey;
    StoreKeyArgs &key = parsed.storeKey;
    const QString action = positional.at(1);
    const qsizetype allowed = action == QLatin1String("import") ? 3 : 2;
    if (action == QLatin1String("show"))
        key.action = StoreKeyArgs::Action::Show;
    else if (action == QLatin1String("export"))
        key.action = StoreKeyArgs::Action::Export;
    else if (action == QLatin1String("import"))
        key.action = StoreKeyArgs::Action::Import;
    else
        return usageError(
            QStringLiteral("unknown action 'key %1' (actions: show, export, import)").arg(action),
            command);
    if (positional.size() > allowed)
        return usageError(QStringLiteral("unexpected argument '%1'").arg(positional.at(allowed)),
                          command);
    if (parser.isSet(output) && key.action != StoreKeyArgs::Action::Export)
        return usageError(QStringLiteral("-o goes with 'key export' only"), command);
    key.file =
        key.action == StoreKeyArgs::Action::Import ? positional.value(2) : parser.value(output);
    return parsed;
}

} // namespace Keyway::Cli
