#pragma once

// The values of a workspace's secret variables, kept in the system keychain (QtKeychain; the
// Secret Service on Linux), never in its files: one entry per variable, keyed by the workspace's
// id, the variable's scope and its name ("<id>/environment/dev/clientSecret"). Asynchronous like
// QtKeychain; failures are reported with what to do, never a silent plaintext fallback.

#include "collection/workspacedata.h"

#include <QObject>

#include <functional>

namespace Keyway {

class SecretVault final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretVault)
public:
    using Filled = std::function<void(WorkspaceData filled, QStringList errors)>;
    using Done = std::function<void(QStringList errors)>;

    explicit SecretVault(QString service = QStringLiteral("keyway"), QObject *parent = nullptr);

    // The keychain key of a secret variable. `scope`: "workspace", "environment/<name>",
    // "folder/<path>" or "request/<path>" (paths as "Collection/Folder/Request").
    static QString keyFor(const QString &workspaceId, const QString &scope, const QString &name);

    // Reads every enabled or disabled secret variable of `workspace` that has no value yet. A
    // secret the keychain does not hold stays empty (resolving it then says where to put it);
    // entries missing because the keyring is locked are an error, not "nothing stored".
    void fill(const WorkspaceData &workspace, QObject *context, Filled done);
    // The keychain keys of every secret variable of `workspace`, with a value or not (none
    // without an id: nothing of it was ever stored).
    static QStringList keysOf(const WorkspaceData &workspace);
    // Writes every secret variable that has a value (what the user typed, or a literal credential
    // that save moved into a secret).
    void store(const WorkspaceData &workspace, QObject *context, Done done);
    // The same, and then removes the entries of `previousKeys` (keysOf() the workspace as last
    // stored) that no secret variable of `workspace` has any more: deleted, renamed, no longer
    // secret, or its environment, folder or request gone.
    void store(const WorkspaceData &workspace, const QStringList &previousKeys, QObject *context,
               Done done);
    // Removes the entry of one secret variable (the variable was deleted).
    void forget(const QString &workspaceId, const QString &scope, const QString &name,
                QObject *context, Done done);

private:
    // One step of a batch of keychain jobs: deletes `key`, a failure appended to `errors`.
    std::function<void(std::function<void()>)> deleteStep(const QString &key, const QString &name,
                                                          QStringList *errors);

    QString m_service;
};

} // namespace Keyway
