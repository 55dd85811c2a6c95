#pragma once

// Reads and writes a workspace folder (workspace.json, environments/<name>.json, collections and
// folders as directories with an optional folder.json, one <name>.request.json per request).
// Loading reports each file it could not take, with its path and reason, and loads the rest;
// saving writes atomically only the files whose text changed, removes the files of deleted items,
// and never touches a file it did not load or write itself (a broken file stays as it is).
// The format: docs in README ("Workspaces on disk"). profiles/ belongs to profilefile.h.

#include "collection/workspacedata.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QStringList>

#include <optional>

namespace Keyway {

struct WorkspaceProblem
{
    QString path; // the file or directory, absolute
    QString message; // what is wrong and what to do

    QString toString() const { return path + QStringLiteral(": ") + message; }
    friend bool operator==(const WorkspaceProblem &, const WorkspaceProblem &) = default;
};

struct WorkspaceLoadResult
{
    WorkspaceData data; // everything that could be read
    QList<WorkspaceProblem> problems; // each file or folder left out, and why
    bool found = false; // false: the folder does not exist or is no directory
    // Temporary files an interrupted save left beside workspace files, now removed (relative).
    QStringList sweptFiles;
};

struct WorkspaceSaveResult
{
    QList<WorkspaceProblem> problems; // files that could not be written or removed
    QStringList written; // paths relative to the folder
    QStringList removed;
    QStringList kept; // files that would have been written but are not Keyway's to overwrite
    QStringList notices; // literal credentials moved into secret variables
    bool ok() const { return problems.isEmpty(); }
};

class WorkspaceStore
{
public:
    // A larger file is refused unread (a workspace file is a few kB; a body this large belongs
    // in a file body).
    static constexpr qint64 MaxFileBytes = 16 * 1024 * 1024;
    // Folders nested deeper are not loaded (and not saved): reported, never a stack overflow.
    static constexpr int MaxFolderDepth = 64;

    static const QString WorkspaceFileName; // "workspace.json"
    static const QString FolderFileName; // "folder.json"
    static const QString RequestSuffix; // ".request.json"
    static const QString EnvironmentsDir; // "environments"
    static const QString ProfilesDir; // "profiles" (profilefile.h owns it)

    explicit WorkspaceStore(QString folder);

    const QString &folder() const { return m_folder; }

    // Reads the whole folder. Remembers which files it read, so that save() can tell its own
    // files from the ones it must leave alone. Removes the temporary files a save killed midway
    // left beside the files it read (stalesavefiles.h), never anything else.
    WorkspaceLoadResult load();

    // Writes `data` into the folder (created when missing). Literal credentials are first moved
    // into secret variables (data is updated; result.notices says what moved), an empty id gets a
    // new UUID and an empty name the folder's name. Secret values are not written.
    WorkspaceSaveResult save(WorkspaceData &data);

    // Relative paths of the files the last load() could not read; save() keeps them as they are.
    const QStringList &brokenFiles() const { return m_broken; }

    // Where a request or folder is stored, relative to the folder ("Users/Get user.request.json",
    // "Users"); `indexPath` is the row path from the workspace root as the tree model counts rows
    // (collections, then top-level requests; in a folder its folders, then its requests).
    // Empty when the item was never loaded or saved.
    QString entryPath(const QList<int> &indexPath) const;

    // Reads a file of at most MaxFileBytes as a JSON object; the error names the line and column.
    static std::optional<QJsonObject> readJsonFile(const QString &path, QString *error,
                                                   QByteArray *raw = nullptr);

private:
    struct Plan;
    void planFolder(Plan &plan, const QString &dir, const FolderItem &folder,
                    const QString &dirName, QList<int> indexPath);
    void reserveForeign(class EntryNames &names, const QString &dir) const;
    std::optional<FolderItem> loadFolder(const QString &dir, int depth, QList<int> indexPath,
                                         WorkspaceLoadResult &result, const QStringList *rootOrder);
    std::optional<RequestItem> loadRequest(const QString &relPath, WorkspaceLoadResult &result);
    void noteBroken(const QString &relPath, const QString &message, WorkspaceLoadResult &result);
    void removeStaleSaveFiles(WorkspaceLoadResult &result) const;
    bool readKnown(const QString &relPath, QJsonObject *object, WorkspaceLoadResult &result,
                   QByteArray *raw = nullptr);
    QString absolute(const QString &relPath) const;

    QString m_folder;
    QHash<QString, QByteArray> m_known; // file -> the text we read or wrote
    QSet<QString> m_knownDirs;
    QHash<QString, QString> m_entryPaths; // "0/3/1" -> relative path
    QStringList m_broken;
    bool m_newerFormat = false;
};

} // namespace Keyway
