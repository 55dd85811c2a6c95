#pragma once

#include "cliargs.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <optional>

namespace Keyway::Cli {

// Pieces every command's parser shares: results, help layout, value checks, and the option
// groups that more than one command offers.

ParsedArgs usageError(const QString &message, const QString &command = {});
// Prints a usage error and where to read more on stderr, as for a command line that failed to
// parse (the caller exits with 2): also for settings that do not fit the stored profile.
void printUsageError(const QString &message, const QString &command = {});
ParsedArgs helpText(const QString &text);
// QCommandLineParser says "Unknown option 'x'."; our messages are lower-case clauses.
QString parserError(const QCommandLineParser &parser);
// QCommandLineParser's help names the binary by the path it was started with; ours names the
// program and the command the way a person types them.
QString helpWithUsage(const QCommandLineParser &parser, const QString &usage, const QString &after);

// Only http and https with a host: anything else is a typo the user should hear about now.
std::optional<QUrl> httpUrl(const QString &text);

// Where the tokens live: --store, --profile, --workspace, and for send --store-failure.
struct StoreOptions
{
    enum class FailureMode { Offered, NotOffered };
    explicit StoreOptions(FailureMode failureMode);
    QList<QCommandLineOption> all() const;
    // Whether a store was chosen: --store, or KEYWAY_STORE in `environment`.
    bool isChosen(const QCommandLineParser &parser, const QProcessEnvironment &environment) const;
    // Fills `store`, the profile's name and its store failure mode. The store is --store, else
    // KEYWAY_STORE (which keeps a Redis password off the command line), else `defaultSpec`.
    // Returns a usage error message, empty when fine.
    QString read(const QCommandLineParser &parser, const QProcessEnvironment &environment,
                 const QString &defaultSpec, Profile *profile, StoreArgs *store) const;

    QCommandLineOption store;
    QCommandLineOption profile;
    QCommandLineOption workspace;
    QCommandLineOption storeFailure;
    FailureMode failureMode;
};

} // namespace Keyway::Cli
