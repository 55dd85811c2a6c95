#include "importcommand.h"

#include "argsupport.h"
#include "commandparser.h"
#include "console.h"
#include "workspacetarget.h"

#include "collection/export/curlexporter.h"
#include "collection/export/httpfileexporter.h"
#include "collection/export/postmanexporter.h"
#include "collection/import/importer.h"
#include "collection/profilefile.h"
#include "collection/workspacelocation.h"
#include "collection/workspacestore.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace Keyway::Cli {

namespace {

const QList<std::pair<QString, ImportFormat>> ImportFormats {
    {QStringLiteral("postman"), ImportFormat::PostmanCollection},
    {QStringLiteral("postman-environment"), ImportFormat::PostmanEnvironment},
    {QStringLiteral("insomnia"), ImportFormat::Insomnia},
    {QStringLiteral("bruno"), ImportFormat::Bruno},
    {QStringLiteral("curl"), ImportFormat::Curl},
    {QStringLiteral("http"), ImportFormat::HttpFile},
};

const QStringList ExportFormats {QStringLiteral("postman"), QStringLiteral("postman-environment"),
                                 QStringLiteral("curl"), QStringLiteral("http")};

const QString ImportHelpTail = QStringLiteral(
    "\nThe format is recognised from the content unless --format says it (postman,\n"
    "postman-environment, insomnia, bruno, curl, http). Collections, requests and\n"
    "environments are added to the workspace (created when missing); nothing in it is\n"
    "replaced: an environment or profile of a name it already has is kept and reported.\n"
    "OAuth 2.0 settings become profiles/<name>.json without their secret; a literal token or\n"
    "password is moved to a secret variable. What has no place in a workspace is listed.\n"
    "\nExamples:\n"
    "  keyway-cli import users.postman_collection.json --workspace ./my-api\n"
    "  keyway-cli import ./bruno-collection --workspace my-api\n");

const QString ExportHelpTail = QStringLiteral(
    "\nPATH is a workspace, a collection folder in it, or a request file.\n"
    "  postman              a collection as Postman v2.1 (newman runs it)\n"
    "  postman-environment  the environment --env NAME as a Postman environment\n"
    "  curl                 one curl command line per request (bash)\n"
    "  http                 a collection as one .http file\n"
    "No secret value is written; what a format cannot carry is reported on stderr.\n"
    "\nExamples:\n"
    "  keyway-cli export ./my-api/Users --format postman -o users.postman_collection.json\n"
    "  keyway-cli export ./my-api --format postman-environment --env dev -o dev.json\n");

QString errorLine(const QString &message)
{
    return QStringLiteral("keyway-cli: ") + message;
}

// Writes `bytes` to `path` atomically, or to standard output for "-" or an empty path.
bool writeOutput(const QString &path, const QByteArray &bytes)
{
    if (path.isEmpty() || path == QLatin1String("-")) {
        writeOut(bytes);
        return true;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        writeErr(errorLine(QStringLiteral("cannot write %1: %2").arg(path, file.errorString())));
        return false;
    }
    return true;
}

// The headers and auth a request inherits: the workspace's, then each folder's, outermost first.
void inherited(const WorkspaceData &workspace, const ItemLookup &lookup, KeyValueList *headers,
               RequestAuth *auth)
{
    *headers = workspace.headers;
    *auth = workspace.auth;
    for (const FolderItem *folder : lookup.ancestors) {
        *headers += folder->headers;
        if (folder->auth.mode != RequestAuth::Mode::Inherit)
            *auth = folder->auth;
    }
}

QList<Profile> profilesOf(const QString &root)
{
    QList<Profile> profiles;
    const QDir dir(root + QLatin1Char('/') + WorkspaceStore::ProfilesDir);
    for (const QString &file : dir.entryList({QStringLiteral("*.json")}, QDir::Files)) {
        QString error;
        if (const auto stored = ProfileFile::load(dir.filePath(file), &error))
            profiles.append(stored->profile);
    }
    return profiles;
}

void collectCurl(const WorkspaceData &workspace, const ItemPath &path, QByteArray &out,
                 QStringList &warnings)
{
    const ItemLookup lookup = lookupItem(workspace, path);
    if (lookup.request) {
        CurlExportOptions options;
        inherited(workspace, lookup, &options.inheritedHeaders, &options.inheritedAuth);
        options.path = lookup.displayPath();
        const ExportResult result = exportCurl(*lookup.request, options);
        out += "# " + lookup.displayPath().toUtf8() + '\n' + result.data;
        if (!out.endsWith('\n'))
            out += '\n';
        warnings += result.warnings;
        return;
    }
    if (!lookup.folder)
        return;
    const qsizetype children = lookup.folder->folders.size() + lookup.folder->requests.size();
    for (int i = 0; i < children; ++i)
        collectCurl(workspace, path + ItemPath {i}, out, warnings);
}

} // namespace

ParsedArgs parseImport(const QStringList &arguments)
{
    const QString command = QStringLiteral("import");
    CommandParser parser(
        command,
        QStringLiteral(
            "Imports a Postman, Insomnia, Bruno, curl or .http source into a workspace."));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("The source's format (default: recognised)."),
                                    QStringLiteral("FORMAT"));
    const QCommandLineOption workspace(
        QStringLiteral("workspace"),
        QStringLiteral("The workspace to add to: a name or a path (default: default)."),
        QStringLiteral("NAME|PATH"));
    parser.addOptions({format, workspace});
    parser.addPositionalArgument(QStringLiteral("SOURCE"),
                                 QStringLiteral("A file, or a Bruno collection folder."));
    if (auto stop = parser.parseOrStop(
            arguments, QStringLiteral("keyway-cli import SOURCE [options]"), ImportHelpTail))
        return *stop;
    const QStringList positional = parser.positionalArguments().mid(1);
    if (positional.size() != 1)
        return usageError(QStringLiteral("import takes one SOURCE (a file or a Bruno folder)"),
                          command);
    ParsedArgs parsed;
    parsed.action = ParsedArgs::Action::Import;
    parsed.importArgs.source = positional.first();
    parsed.importArgs.workspace =
        parser.isSet(workspace) ? parser.value(workspace) : WorkspaceLocation::DefaultName;
    if (parser.isSet(format)) {
        QStringList names;
        for (const auto &[name, value] : ImportFormats)
            names.append(name);
        const QString given = parser.value(format);
        if (!names.contains(given))
            return usageError(QStringLiteral("unknown format '%1' (formats: %2)")
                                  .arg(given, names.join(QStringLiteral(", "))),
                              command);
        parsed.importArgs.format = given;
    }
    return parsed;
}

int runImport(const ImportArgs &args)
{
    ImportFormat format = ImportFormat::Unknown;
    for (const auto &[name, value] : ImportFormats) {
        if (name == args.format)
            format = value;
    }
    const ImportResult imported = importPath(args.source, format);
    if (!imported.ok()) {
        writeErr(errorLine(imported.error->toString()));
        return 2;
    }
    QString error;
    const auto location = WorkspaceLocation::resolve(args.workspace, &error);
    if (!location) {
        writeErr(errorLine(error));
        return 2;
    }
    WorkspaceStore store(location->folder());
    WorkspaceData data;
    if (location->exists()) {
        WorkspaceLoadResult loaded = store.load();
        if (!loaded.problems.isEmpty()) {
            for (const WorkspaceProblem &problem : loaded.problems)
                writeErr(errorLine(problem.toString()));
            writeErr(errorLine(QStringLiteral("the workspace has files that cannot be read "
                                              "(above); fix them first, nothing was imported")));
            return 2;
        }
        data = std::move(loaded.data);
    }
    const WorkspaceData &from = imported.workspace;
    QStringList notes;
    data.collections += from.collections;
    data.requests += from.requests;
    for (const Environment &environment : from.environments) {
        const bool taken =
            std::any_of(data.environments.cbegin(), data.environments.cend(),
                        [&](const Environment &e) { return e.name == environment.name; });
        if (taken)
            notes.append(QStringLiteral("environment '%1' exists already: kept as it was, the "
                                        "imported one left out")
                             .arg(environment.name));
        else
            data.environments.append(environment);
    }
    for (const Variable &variable : from.variables) {
        const bool taken = std::any_of(data.variables.cbegin(), data.variables.cend(),
                                       [&](const Variable &v) { return v.name == variable.name; });
        if (taken)
            notes.append(QStringLiteral("workspace variable '%1' exists already: kept as it was")
                             .arg(variable.name));
        else
            data.variables.append(variable);
    }
    if (data.headers.isEmpty())
        data.headers = from.headers;
    if (data.auth.mode == RequestAuth::Mode::Inherit)
        data.auth = from.auth;
    if (data.name.isEmpty())
        data.name = from.name.isEmpty() ? location->name() : from.name;

    const WorkspaceSaveResult saved = store.save(data);
    for (const WorkspaceProblem &problem : saved.problems)
        writeErr(errorLine(problem.toString()));
    if (!saved.ok())
        return 2;
    for (const ImportedProfile &found : imported.profiles) {
        const auto path = ProfileFile::path(location->folder(), found.profile.name, &error);
        if (!path) {
            notes.append(error);
            continue;
        }
        if (QFileInfo::exists(*path)) {
            notes.append(QStringLiteral("profile '%1' exists already: kept as it was")
                             .arg(found.profile.name));
            continue;
        }
        StoredProfile stored;
        stored.profile = found.profile;
        if (const QString saveError = ProfileFile::save(*path, stored); !saveError.isEmpty()) {
            writeErr(errorLine(saveError));
            return 2;
        }
        if (found.needsSecret)
            notes.append(QStringLiteral("profile '%1' needs its client secret: give it when "
                                        "signing in ('keyway-cli login --profile %1')")
                             .arg(found.profile.name));
    }
    for (const ImportIssue &issue : imported.issues)
        writeErr(QStringLiteral("keyway-cli: note: ") + issue.toString());
    for (const QString &note : notes + saved.notices)
        writeErr(QStringLiteral("keyway-cli: note: ") + note);
    writeOut(QStringLiteral("imported %1 collection(s), %2 request(s) outside collections and %3 "
                            "environment(s) into %4")
                 .arg(from.collections.size())
                 .arg(from.requests.size())
                 .arg(from.environments.size())
                 .arg(location->folder()));
    return 0;
}

ParsedArgs parseExport(const QStringList &arguments)
{
    const QString command = QStringLiteral("export");
    CommandParser parser(
        command,
        QStringLiteral("Exports a collection, a request or an environment to another tool."));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("postman, postman-environment, curl or http."),
                                    QStringLiteral("FORMAT"));
    const QCommandLineOption env(QStringLiteral("env"),
                                 QStringLiteral("The environment (postman-environment)."),
                                 QStringLiteral("NAME"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Write to FILE (default: standard output)."),
                                    QStringLiteral("FILE"));
    parser.addOptions({format, env, output});
    parser.addPositionalArgument(QStringLiteral("PATH"),
                                 QStringLiteral("A workspace, a folder in it, or a request file."));
    if (auto stop = parser.parseOrStop(
            arguments, QStringLiteral("keyway-cli export PATH --format FORMAT [options]"),
            ExportHelpTail))
        return *stop;
    const QStringList positional = parser.positionalArguments().mid(1);
    if (positional.size() != 1)
        return usageError(QStringLiteral("export takes one PATH"), command);
    if (!ExportFormats.contains(parser.value(format)))
        return usageError(
            QStringLiteral("give --format: %1").arg(ExportFormats.join(QStringLiteral(", "))),
            command);
    ParsedArgs parsed;
    parsed.action = ParsedArgs::Action::Export;
    parsed.exportArgs.path = positional.first();
    parsed.exportArgs.format = parser.value(format);
    parsed.exportArgs.environment = parser.value(env);
    parsed.exportArgs.output = parser.value(output);
    if (parsed.exportArgs.format == QLatin1String("postman-environment")
        && parsed.exportArgs.environment.isEmpty())
        return usageError(QStringLiteral("--format postman-environment needs --env NAME"), command);
    return parsed;
}

int runExport(const ExportArgs &args)
{
    QString error;
    QStringList problems;
    const auto target = openWorkspaceTarget(args.path, &error, &problems);
    if (!target) {
        for (const QString &problem : problems)
            writeErr(errorLine(problem));
        writeErr(errorLine(error));
        return 2;
    }
    const WorkspaceData &data = target->data;
    ExportResult result;
    if (args.format == QLatin1String("postman-environment")) {
        const auto it =
            std::find_if(data.environments.cbegin(), data.environments.cend(),
                         [&](const Environment &e) { return e.name == args.environment; });
        if (it == data.environments.cend()) {
            writeErr(errorLine(
                QStringLiteral("no environment '%1' in the workspace").arg(args.environment)));
            return 2;
        }
        result = exportPostmanEnvironment(*it);
    } else if (args.format == QLatin1String("curl")) {
        collectCurl(data, target->item, result.data, result.warnings);
        if (target->item.isEmpty()) {
            for (int i = 0; i < data.collections.size() + data.requests.size(); ++i)
                collectCurl(data, ItemPath {i}, result.data, result.warnings);
        }
    } else {
        // Postman and .http files hold one collection: the one PATH names, or the workspace's
        // only one.
        ItemPath collection = target->item.mid(0, 1);
        if (collection.isEmpty() && data.collections.size() == 1)
            collection = {0};
        const ItemLookup lookup = lookupItem(data, collection);
        if (!lookup.folder || !target->item.mid(1).isEmpty()) {
            writeErr(errorLine(QStringLiteral("--format %1 exports one collection: give its "
                                              "folder as PATH (the workspace has %2)")
                                   .arg(args.format)
                                   .arg(data.collections.size())));
            return 2;
        }
        if (args.format == QLatin1String("postman")) {
            PostmanExportContext context;
            context.workspaceVariables = data.variables;
            context.workspaceHeaders = data.headers;
            context.workspaceAuth = data.auth;
            context.profiles = profilesOf(target->root);
            result = exportPostmanCollection(*lookup.folder, context);
        } else {
            HttpFileExportOptions options;
            options.workspaceVariables = data.variables;
            options.workspaceHeaders = data.headers;
            options.workspaceAuth = data.auth;
            result = exportHttpFile(*lookup.folder, options);
        }
    }
    for (const QString &warning : result.warnings)
        writeErr(QStringLiteral("keyway-cli: note: ") + warning);
    return writeOutput(args.output, result.data) ? 0 : 2;
}

} // namespace Keyway::Cli
