#include "collection/workspace.h"

#include "collection/secretvariables.h"
#include "collection/stablejson.h"
#include "collection/workspacejson.h"

#include <QDirIterator>
#include <QFileSystemWatcher>
#include <QHash>
#include <QTimer>

namespace Keyway {

namespace {

// Every folder and request by its display path, with its own fields (children excluded) as
// text, so that a change is found without walking two trees in step.
QHash<QString, QByteArray> flatten(const WorkspaceData &data)
{
    QHash<QString, QByteArray> out;
    struct Frame
    {
        QString path;
        const FolderItem *folder;
    };
    QList<Frame> stack;
    const auto addRequests = [&out](const QString &prefix, const QList<RequestItem> &requests) {
        for (const RequestItem &r : requests) {
            QString key = prefix + r.name;
            while (out.contains(key))
                key += QLatin1Char('\'');
            out.insert(key, stableJson(WorkspaceJson::fromRequest(r)));
        }
    };
    for (const FolderItem &c : data.collections)
        stack.append({c.name, &c});
    addRequests({}, data.requests);
    while (!stack.isEmpty()) {
        const Frame frame = stack.takeLast();
        QString key = frame.path + QLatin1Char('/');
        while (out.contains(key))
            key.insert(key.size() - 1, QLatin1Char('\''));
        out.insert(key,
                   stableJson(WorkspaceJson::fromFolder(*frame.folder, frame.folder->name, {})));
        addRequests(key, frame.folder->requests);
        for (const FolderItem &sub : frame.folder->folders)
            stack.append({key + sub.name, &sub});
    }
    return out;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

} // namespace

WorkspaceChanges compareWorkspaces(const WorkspaceData &before, const WorkspaceData &after)
{
    WorkspaceChanges changes;
    const auto a = flatten(before);
    const auto b = flatten(after);
    for (auto it = a.cbegin(); it != a.cend(); ++it) {
        const auto other = b.constFind(it.key());
        if (other == b.cend())
            changes.removed.append(it.key());
        else if (*other != it.value())
            changes.changed.append(it.key());
    }
    for (auto it = b.cbegin(); it != b.cend(); ++it) {
        if (!a.contains(it.key()))
            changes.added.append(it.key());
    }
    changes.added = sorted(changes.added);
    changes.removed = sorted(changes.removed);
    changes.changed = sorted(changes.changed);
    // As written to disk, so that secret values (never on disk) do not count as a change.
    const auto head = [](const WorkspaceData &data) {
        QByteArray text = stableJson(WorkspaceJson::fromWorkspace(data, {}));
        for (const Environment &environment : data.environments)
            text += stableJson(WorkspaceJson::fromEnvironment(environment));
        return text;
    };
    changes.workspaceChanged = head(before) != head(after);
    return changes;
}

Workspace::Workspace(QString folder, QObject *parent)
    : QObject(parent),
      m_store(std::make_unique<WorkspaceStore>(std::move(folder))),
      m_settle(new QTimer(this))
{
    m_settle->setSingleShot(true);
    m_settle->setInterval(SettleMs);
    connect(m_settle, &QTimer::timeout, this, &Workspace::checkDisk);
}

Workspace::~Workspace() = default;

void Workspace::markModified()
{
    setModified(true);
}

void Workspace::setModified(bool modified)
{
    if (m_modified == modified)
        return;
    m_modified = modified;
    Q_EMIT modifiedChanged(modified);
}

void Workspace::replaceData(WorkspaceData data, QList<WorkspaceProblem> problems)
{
    Q_EMIT aboutToReset();
    m_data = std::move(data);
    Q_EMIT reset();
    if (problems != m_problems) {
        m_problems = std::move(problems);
        Q_EMIT problemsChanged();
    }
}

bool Workspace::load()
{
    WorkspaceLoadResult result = m_store->load();
    m_onDisk = result.data;
    replaceData(std::move(result.data), std::move(result.problems));
    setModified(false);
    if (!m_watcher && result.found)
        setWatching(true);
    else
        rewatch();
    return result.found;
}

void Workspace::setData(WorkspaceData data)
{
    replaceData(std::move(data), m_problems);
    setModified(true);
}

WorkspaceSaveResult Workspace::save()
{
    WorkspaceData data = m_data;
    WorkspaceSaveResult result = m_store->save(data);
    if (!(data == m_data)) {
        // Literal credentials became secret variables (or a new id was given): show that.
        replaceData(std::move(data), m_problems);
    }
    if (result.ok()) {
        m_onDisk = m_data;
        setModified(false);
    }
    rewatch();
    Q_EMIT saved(result);
    return result;
}

void Workspace::setWatching(bool on)
{
    m_watching = on;
    if (!on) {
        delete m_watcher;
        m_watcher = nullptr;
        m_settle->stop();
        return;
    }
    if (!m_watcher) {
        m_watcher = new QFileSystemWatcher(this);
        connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_settle,
                qOverload<>(&QTimer::start));
        connect(m_watcher, &QFileSystemWatcher::fileChanged, m_settle, qOverload<>(&QTimer::start));
    }
    rewatch();
}

void Workspace::rewatch()
{
    if (!m_watcher)
        return;
    // Directories tell of files added, removed or replaced (git and Keyway's saves rename into
    // place); files of edits in place (an editor saving over the file).
    // Files only up to a bound: each is an inotify watch, and the user's limit is shared with
    // every other program (8192 on some systems). Beyond it, replaced files are still seen
    // through their directory; only an in-place edit of a file waits for checkDisk().
    constexpr int MaxWatchedFiles = 4000;
    QStringList paths {folder()};
    int files = 0;
    QDirIterator it(folder(), QDir::Dirs | QDir::Files | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.contains(QLatin1String("/.")))
            continue;
        if (it.fileInfo().isFile() && ++files > MaxWatchedFiles)
            continue;
        paths.append(path);
    }
    const QStringList watched = m_watcher->files() + m_watcher->directories();
    if (!watched.isEmpty())
        m_watcher->removePaths(watched);
    m_watcher->addPaths(paths);
}

void Workspace::checkDisk()
{
    auto fresh = std::make_unique<WorkspaceStore>(folder());
    WorkspaceLoadResult result = fresh->load();
    rewatch();
    if (!result.found)
        return;
    // Against the state last loaded or saved: what the disk says now that this process did not
    // write itself.
    const WorkspaceChanges changes = compareWorkspaces(m_onDisk, result.data);
    if (changes.isEmpty() && result.problems == m_problems)
        return; // our own save, or a change that says nothing new
    if (m_modified) {
        Q_EMIT conflictDetected(changes);
        return;
    }
    m_store = std::move(fresh);
    carrySecretValues(m_data, result.data);
    m_onDisk = result.data;
    replaceData(std::move(result.data), std::move(result.problems));
    Q_EMIT reloaded(changes);
}

} // namespace Keyway
