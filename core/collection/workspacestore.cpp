#include "collection/workspacestore.h"

#include "collection/atomicfile.h"
#include "collection/boundedread.h"
#include "collection/entrynames.h"
#include "collection/literalcredentials.h"
#include "collection/stablejson.h"
#include "collection/stalesavefiles.h"
#include "collection/workspacejson.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QUuid>

#include <algorithm>
#include <map>

namespace Keyway {

const QString WorkspaceStore::WorkspaceFileName = QStringLiteral("workspace.json");
const QString WorkspaceStore::FolderFileName = QStringLiteral("folder.json");
const QString WorkspaceStore::RequestSuffix = QStringLiteral(".request.json");
const QString WorkspaceStore::EnvironmentsDir = QStringLiteral("environments");
const QString WorkspaceStore::ProfilesDir = QStringLiteral("profiles");

namespace {

QString child(const QString &dir, const QString &name)
{
    return dir.isEmpty() ? name : dir + QLatin1Char('/') + name;
}

QString indexKey(const QList<int> &indexPath)
{
    QStringList parts;
    for (const int row : indexPath)
        parts.append(QString::number(row));
    return parts.join(QLatin1Char('/'));
}

// 1-based line and column of a byte offset, for "line 3, column 7".
QString position(const QByteArray &text, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, text.size());
    const qsizetype line = text.left(offset).count('\n') + 1;
    const qsizetype lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    return QStringLiteral("line %1, column %2").arg(line).arg(offset - lineStart + 1);
}

// The entries of `names` in `order` first (as the file lists them), the others after them in
// natural order. Returns indices into `names`.
QList<qsizetype> ordered(const QStringList &names, const QStringList &order)
{
    QList<qsizetype> out;
    QList<bool> used(names.size(), false);
    for (const QString &entry : order) {
        const qsizetype at = names.indexOf(entry);
        if (at >= 0 && !used[at]) {
            used[at] = true;
            out.append(at);
        }
    }
    QList<qsizetype> rest;
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (!used[i])
            rest.append(i);
    }
    std::sort(rest.begin(), rest.end(),
              [&names](qsizetype a, qsizetype b) { return naturalEntryLess(names[a], names[b]); });
    return out + rest;
}

bool isNatural(const QStringList &names)
{
    return std::is_sorted(names.begin(), names.end(), naturalEntryLess);
}

int depthOf(const FolderItem &folder, int limit)
{
    // Iterative: data built in memory (an import) may be nested far deeper than the limit.
    struct Frame
    {
        const FolderItem *folder;
        int depth;
    };
    QList<Frame> stack {{&folder, 1}};
    int deepest = 0;
    while (!stack.isEmpty()) {
        const Frame frame = stack.takeLast();
        deepest = std::max(deepest, frame.depth);
        if (deepest > limit)
            return deepest;
        for (const FolderItem &sub : frame.folder->folders)
            stack.append({&sub, frame.depth + 1});
    }
    return deepest;
}

QString humanSize(qint64 bytes)
{
    return QStringLiteral("%1 MB").arg(double(bytes) / (1024 * 1024), 0, 'f', 1);
}

} // namespace

struct WorkspaceStore::Plan
{
    std::map<QString, QByteArray> files; // relative path -> text
    QSet<QString> dirs;
};

WorkspaceStore::WorkspaceStore(QString folder) : m_folder(QDir::cleanPath(std::move(folder))) { }

QString WorkspaceStore::absolute(const QString &relPath) const
{
    return relPath.isEmpty() ? m_folder : m_folder + QLatin1Char('/') + relPath;
}

QString WorkspaceStore::entryPath(const QList<int> &indexPath) const
{
    return m_entryPaths.value(indexKey(indexPath));
}

std::optional<QJsonObject> WorkspaceStore::readJsonFile(const QString &path, QString *error,
                                                        QByteArray *raw)
{
    const QFileInfo info(path);
    if (!info.isFile()) {
        *error = QStringLiteral("is not a regular file");
        return std::nullopt;
    }
    if (info.size() > MaxFileBytes) {
        *error = QStringLiteral("is %1, larger than the %2 a workspace file may be: not read "
                                "(keep large bodies in a file body)")
                     .arg(humanSize(info.size()), humanSize(MaxFileBytes));
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot be read: %1").arg(file.errorString());
        return std::nullopt;
    }
    // Bounded even when the size changed between the check and the read.
    const QByteArray text = readAtMost(file, MaxFileBytes + 1);
    if (text.size() > MaxFileBytes) {
        *error = QStringLiteral("is larger than the %1 a workspace file may be: not read")
                     .arg(humanSize(MaxFileBytes));
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("is not valid JSON at %1 (byte %2): %3")
                     .arg(position(text, parseError.offset))
                     .arg(parseError.offset)
                     .arg(parseError.errorString());
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("must hold a JSON object ({...}), holds %1")
                     .arg(doc.isArray() ? QStringLiteral("an array") : QStringLiteral("nothing"));
        return std::nullopt;
    }
    if (raw)
        *raw = text;
    return doc.object();
}

void WorkspaceStore::noteBroken(const QString &relPath, const QString &message,
                                WorkspaceLoadResult &result)
{
    m_broken.append(relPath);
    result.problems.append({absolute(relPath), message});
}

bool WorkspaceStore::readKnown(const QString &relPath, QJsonObject *object,
                               WorkspaceLoadResult &result, QByteArray *raw)
{
    QString error;
    const auto read = readJsonFile(absolute(relPath), &error, raw);
    if (!read) {
        noteBroken(relPath, error + QStringLiteral("; the file is left as it is"), result);
        return false;
    }
    *object = *read;
    return true;
}

std::optional<RequestItem> WorkspaceStore::loadRequest(const QString &relPath,
                                                       WorkspaceLoadResult &result)
{
    QJsonObject object;
    if (!readKnown(relPath, &object, result))
        return std::nullopt;
    QString error;
    auto request = WorkspaceJson::toRequest(object, &error);
    if (!request) {
        noteBroken(relPath,
                   error
                       + QStringLiteral("; the request is not loaded and its file is "
                                        "left as it is"),
                   result);
        return std::nullopt;
    }
    if (request->name.isEmpty())
        request->name = QFileInfo(relPath).fileName().chopped(RequestSuffix.size());
    // What save() compares against: the text as it would be written, so an untouched request
    // whose file is merely formatted differently is not rewritten.
    m_known.insert(relPath, stableJson(WorkspaceJson::fromRequest(*request)));
    return request;
}

std::optional<FolderItem> WorkspaceStore::loadFolder(const QString &dir, int depth,
                                                     QList<int> indexPath,
                                                     WorkspaceLoadResult &result,
                                                     const QStringList *rootOrder)
{
    if (depth > MaxFolderDepth) {
        result.problems.append(
            {absolute(dir),
             QStringLiteral("folders nest deeper than %1 levels here: this folder and "
                            "everything in it is not loaded (and left as it is on disk)")
                 .arg(MaxFolderDepth)});
        return std::nullopt;
    }
    FolderItem folder;
    folder.name = QFileInfo(dir).fileName();
    QStringList order = rootOrder ? *rootOrder : QStringList();
    const QString folderFile = child(dir, FolderFileName);
    if (!rootOrder && QFileInfo::exists(absolute(folderFile))) {
        QJsonObject object;
        QByteArray raw;
        if (readKnown(folderFile, &object, result, &raw)) {
            QString error;
            if (auto info = WorkspaceJson::toFolder(object, &folder, &error)) {
                order = info->order;
                if (!info->name.isEmpty())
                    folder.name = info->name;
                m_known.insert(folderFile, raw);
            } else {
                noteBroken(folderFile,
                           error
                               + QStringLiteral("; the folder's headers, auth and variables "
                                                "are not loaded and the file is left as it is"),
                           result);
            }
        }
    }
    m_knownDirs.insert(dir);

    const QDir qdir(absolute(dir));
    QStringList dirNames, requestNames;
    const auto entries = qdir.entryInfoList(QDir::Dirs | QDir::Files | QDir::NoDotAndDotDot
                                            | QDir::Hidden | QDir::System);
    for (const QFileInfo &entry : entries) {
        const QString name = entry.fileName();
        if (name.startsWith(QLatin1Char('.')))
            continue; // .git, editor swap files: not ours
        const bool isRequest = name.endsWith(RequestSuffix);
        const bool reservedDir = rootOrder && (name == EnvironmentsDir || name == ProfilesDir);
        if (entry.isSymLink()) {
            if (isRequest || (entry.isDir() && !reservedDir))
                result.problems.append({entry.filePath(),
                                        QStringLiteral("is a symbolic link: not followed (a link "
                                                       "could lead out of the workspace or in "
                                                       "a loop); put the item itself here")});
            continue;
        }
        if (entry.isDir() && !reservedDir)
            dirNames.append(name);
        else if (entry.isFile() && isRequest)
            requestNames.append(name);
        else if (isRequest && !entry.isDir())
            // A FIFO or a device would block or never end when read.
            result.problems.append({entry.filePath(),
                                    QStringLiteral("is not a regular file (a pipe, socket or "
                                                   "device): not read")});
    }
    for (const qsizetype i : ordered(dirNames, order)) {
        QList<int> at = indexPath;
        at.append(int(folder.folders.size()));
        if (auto sub = loadFolder(child(dir, dirNames[i]), depth + 1, at, result, nullptr)) {
            m_entryPaths.insert(indexKey(at), child(dir, dirNames[i]));
            folder.folders.append(std::move(*sub));
        }
    }
    QList<RequestItem> requests;
    QStringList requestPaths;
    for (const qsizetype i : ordered(requestNames, order)) {
        if (auto request = loadRequest(child(dir, requestNames[i]), result)) {
            requestPaths.append(child(dir, requestNames[i]));
            folder.requests.append(std::move(*request));
        }
    }
    for (qsizetype i = 0; i < requestPaths.size(); ++i) {
        QList<int> at = indexPath;
        at.append(int(folder.folders.size() + i));
        m_entryPaths.insert(indexKey(at), requestPaths[i]);
    }
    return folder;
}

WorkspaceLoadResult WorkspaceStore::load()
{
    m_known.clear();
    m_knownDirs.clear();
    m_entryPaths.clear();
    m_broken.clear();
    m_newerFormat = false;
    WorkspaceLoadResult result;
    const QFileInfo root(m_folder);
    if (!root.isDir()) {
        result.problems.append({m_folder,
                                root.exists()
                                    ? QStringLiteral("is not a directory: a workspace is a folder")
                                    : QStringLiteral("does not exist")});
        return result;
    }
    result.found = true;
    WorkspaceData &data = result.data;
    data.name = root.fileName();

    WorkspaceFileInfo info;
    if (QFileInfo::exists(absolute(WorkspaceFileName))) {
        QJsonObject object;
        QByteArray raw;
        if (readKnown(WorkspaceFileName, &object, result, &raw)) {
            QString error;
            if (auto read = WorkspaceJson::toWorkspace(object, &data, &error)) {
                info = *read;
                m_known.insert(WorkspaceFileName, raw);
            } else {
                m_newerFormat =
                    object.value(QStringLiteral("format")).toInt() > WorkspaceJson::FormatVersion;
                noteBroken(WorkspaceFileName,
                           error
                               + QStringLiteral("; the workspace's name, variables, headers and "
                                                "auth are not loaded and the file is left as "
                                                "it is"),
                           result);
                data = WorkspaceData();
                data.name = root.fileName();
            }
        }
    }

    const QDir environments(absolute(EnvironmentsDir));
    if (environments.exists()) {
        m_knownDirs.insert(EnvironmentsDir);
        QStringList names;
        for (const QFileInfo &entry :
             environments.entryInfoList({QStringLiteral("*.json")}, QDir::Files))
            names.append(entry.fileName());
        for (const qsizetype i : ordered(names, info.environmentOrder)) {
            const QString rel = child(EnvironmentsDir, names[i]);
            QJsonObject object;
            if (!readKnown(rel, &object, result))
                continue;
            QString error;
            auto environment = WorkspaceJson::toEnvironment(object, &error);
            if (!environment) {
                noteBroken(rel,
                           error
                               + QStringLiteral("; the environment is not loaded and its "
                                                "file is left as it is"),
                           result);
                continue;
            }
            if (environment->name.isEmpty())
                environment->name = names[i].chopped(5);
            m_known.insert(rel, stableJson(WorkspaceJson::fromEnvironment(*environment)));
            data.environments.append(std::move(*environment));
        }
    }

    // The root is read like a folder whose order comes from workspace.json: its directories are
    // the collections.
    if (auto top = loadFolder({}, 0, {}, result, &info.order)) {
        data.collections = std::move(top->folders);
        data.requests = std::move(top->requests);
    }
    removeStaleSaveFiles(result);
    return result;
}

void WorkspaceStore::removeStaleSaveFiles(WorkspaceLoadResult &result) const
{
    // Only beside files this load read whole: a leftover of a file that failed to load, or of
    // one never saved, stays for a person to look at.
    QHash<QString, QSet<QString>> knownByDir;
    for (auto it = m_known.cbegin(); it != m_known.cend(); ++it) {
        const qsizetype slash = it.key().lastIndexOf(QLatin1Char('/'));
        knownByDir[slash < 0 ? QString() : it.key().left(slash)].insert(it.key().mid(slash + 1));
    }
    const QDateTime cutoff = staleSaveFileCutoff();
    for (auto it = knownByDir.cbegin(); it != knownByDir.cend(); ++it) {
        const QStringList removed = sweepStaleSaveFiles(absolute(it.key()), it.value(), cutoff);
        for (const QString &name : removed)
            result.sweptFiles.append(child(it.key(), name));
    }
    std::sort(result.sweptFiles.begin(), result.sweptFiles.end());
}

void WorkspaceStore::reserveForeign(EntryNames &names, const QString &dir) const
{
    // Whatever is on disk that this store did not read or write (a broken file, a file that
    // arrived after the load, a README) keeps its name: nothing planned may land on it.
    const QDir qdir(absolute(dir));
    if (!qdir.exists())
        return;
    const auto entries = qdir.entryList(QDir::Dirs | QDir::Files | QDir::NoDotAndDotDot
                                        | QDir::Hidden | QDir::System);
    for (const QString &name : entries) {
        const QString rel = child(dir, name);
        if (!m_known.contains(rel) && !m_knownDirs.contains(rel))
            names.reserve(name);
    }
}

void WorkspaceStore::planFolder(Plan &plan, const QString &dir, const FolderItem &folder,
                                const QString &dirName, QList<int> indexPath)
{
    plan.dirs.insert(dir);
    EntryNames names;
    reserveForeign(names, dir);
    names.reserve(FolderFileName);
    QStringList folderNames, requestNames;
    for (qsizetype i = 0; i < folder.folders.size(); ++i) {
        const QString name = names.claim(EntryNames::stem(folder.folders[i].name), {});
        folderNames.append(name);
        QList<int> at = indexPath;
        at.append(int(i));
        m_entryPaths.insert(indexKey(at), child(dir, name));
        planFolder(plan, child(dir, name), folder.folders[i], name, at);
    }
    for (qsizetype i = 0; i < folder.requests.size(); ++i) {
        const RequestItem &request = folder.requests[i];
        const QString name = names.claim(EntryNames::stem(request.name), RequestSuffix);
        requestNames.append(name);
        QList<int> at = indexPath;
        at.append(int(folder.folders.size() + i));
        m_entryPaths.insert(indexKey(at), child(dir, name));
        plan.files[child(dir, name)] = stableJson(WorkspaceJson::fromRequest(request));
    }
    // The order is spelled out only when it is not the natural one, so that two people adding
    // requests to one folder do not both change its folder file.
    QStringList order;
    if (!isNatural(folderNames) || !isNatural(requestNames))
        order = folderNames + requestNames;
    const QJsonObject folderFile =
        WorkspaceJson::fromFolder(folder, folder.name == dirName ? QString() : folder.name, order);
    // An empty folder keeps a folder file too: git does not keep empty directories.
    if (!folderFile.isEmpty() || (folder.folders.isEmpty() && folder.requests.isEmpty()))
        plan.files[child(dir, FolderFileName)] = stableJson(folderFile);
}

WorkspaceSaveResult WorkspaceStore::save(WorkspaceData &data)
{
    WorkspaceSaveResult result;
    if (m_newerFormat) {
        result.problems.append(
            {absolute(WorkspaceFileName),
             QStringLiteral("was written by a newer Keyway: not saved, so that nothing the "
                            "newer version wrote is lost; update Keyway")});
        return result;
    }
    for (const FolderItem &collection : data.collections) {
        if (depthOf(collection, MaxFolderDepth) > MaxFolderDepth) {
            result.problems.append(
                {absolute(EntryNames::stem(collection.name)),
                 QStringLiteral("collection '%1' nests folders deeper than %2 levels: nothing "
                                "was saved; move the inner folders up")
                     .arg(collection.name)
                     .arg(MaxFolderDepth)});
            return result;
        }
    }
    if (data.id.isEmpty())
        data.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (data.name.isEmpty())
        data.name = QFileInfo(m_folder).fileName();
    result.notices = moveLiteralCredentialsToSecrets(data);

    Plan plan;
    m_entryPaths.clear();
    {
        EntryNames names;
        reserveForeign(names, {});
        for (const QString &reserved :
             {WorkspaceFileName, FolderFileName, EnvironmentsDir, ProfilesDir})
            names.reserve(reserved);
        QStringList folderNames, requestNames;
        for (qsizetype i = 0; i < data.collections.size(); ++i) {
            const QString name = names.claim(EntryNames::stem(data.collections[i].name), {});
            folderNames.append(name);
            m_entryPaths.insert(QString::number(i), name);
            planFolder(plan, name, data.collections[i], name, {int(i)});
        }
        for (qsizetype i = 0; i < data.requests.size(); ++i) {
            const QString name =
                names.claim(EntryNames::stem(data.requests[i].name), RequestSuffix);
            requestNames.append(name);
            m_entryPaths.insert(QString::number(data.collections.size() + i), name);
            plan.files[name] = stableJson(WorkspaceJson::fromRequest(data.requests[i]));
        }
        plan.dirs.insert({});

        EntryNames envNames;
        reserveForeign(envNames, EnvironmentsDir);
        QStringList envFiles;
        for (const Environment &environment : data.environments) {
            const QString name =
                envNames.claim(EntryNames::stem(environment.name), QStringLiteral(".json"));
            envFiles.append(name);
            plan.files[child(EnvironmentsDir, name)] =
                stableJson(WorkspaceJson::fromEnvironment(environment));
        }
        if (!envFiles.isEmpty())
            plan.dirs.insert(EnvironmentsDir);

        WorkspaceFileInfo info;
        if (!isNatural(folderNames) || !isNatural(requestNames))
            info.order = folderNames + requestNames;
        if (!isNatural(envFiles))
            info.environmentOrder = envFiles;
        plan.files[WorkspaceFileName] = stableJson(WorkspaceJson::fromWorkspace(data, info));
    }

    if (!QDir().mkpath(m_folder)) {
        result.problems.append({m_folder, QStringLiteral("cannot be created: nothing was saved")});
        return result;
    }
    for (const QString &dir : std::as_const(plan.dirs)) {
        if (!QDir().mkpath(absolute(dir)))
            result.problems.append({absolute(dir), QStringLiteral("cannot be created")});
    }
    for (const auto &[rel, text] : plan.files) {
        const QString path = absolute(rel);
        const bool exists = QFileInfo::exists(path);
        const auto known = m_known.constFind(rel);
        if (exists && known == m_known.cend()) {
            result.kept.append(rel); // not ours: a file that failed to load, or a newer one
            continue;
        }
        if (exists && known != m_known.cend() && *known == text)
            continue;
        const QString dir = QFileInfo(path).absolutePath();
        if (!QDir().mkpath(dir)) {
            result.problems.append({dir, QStringLiteral("cannot be created")});
            continue;
        }
        if (const QString why = writeFileAtomically(path, text); !why.isEmpty()) {
            result.problems.append(
                {path,
                 QStringLiteral("cannot be written: %1 (the file on disk is unchanged)").arg(why)});
            continue;
        }
        m_known.insert(rel, text);
        result.written.append(rel);
    }
    // A failed write keeps the files of deleted items: a renamed item's old file is the only
    // copy on disk until its new one is written (a full disk must not turn a rename into a loss).
    for (auto it = m_known.begin(); result.ok() && it != m_known.end();) {
        if (plan.files.count(it.key())) {
            ++it;
            continue;
        }
        QFile file(absolute(it.key()));
        if (file.exists() && !file.remove()) {
            result.problems.append(
                {file.fileName(), QStringLiteral("cannot be removed: %1").arg(file.errorString())});
            ++it;
            continue;
        }
        result.removed.append(it.key());
        it = m_known.erase(it);
    }
    // Directories of deleted folders go when empty; one that still holds a file Keyway does not
    // know (a broken request, a README) stays with it.
    QStringList gone;
    for (const QString &dir : std::as_const(m_knownDirs)) {
        if (!plan.dirs.contains(dir))
            gone.append(dir);
    }
    std::sort(gone.begin(), gone.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
    for (const QString &dir : gone) {
        if (QDir().rmdir(absolute(dir)) || !QFileInfo::exists(absolute(dir)))
            m_knownDirs.remove(dir);
    }
    m_knownDirs.unite(plan.dirs);
    std::sort(result.written.begin(), result.written.end());
    std::sort(result.removed.begin(), result.removed.end());
    return result;
}

} // namespace Keyway
