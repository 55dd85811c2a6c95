#pragma once

#include <QObject>
#include <QStringList>

#include <functional>

class QMenu;
class QWidget;

namespace Keyway {

class Banner;
class HistoryModel;
class Sandbox;
class SecretVault;
class Workspace;
struct WorkspaceSaveResult;

// Which workspace a window shows, and how another one replaces it: the start workspace
// (`--workspace`, the demo's, the default one or a scratch one), File > Open Workspace…, New
// Workspace…, Open Recent. It owns the open Workspace and its HistoryModel, fills the secret
// variables from the keychain and says in the window's banner what went wrong. The window shows
// what it opened (opened()) and decides what happens to its tabs (the settle function).
class WorkspaceOpener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkspaceOpener)
public:
    // Asked before another workspace replaces the open one: deals with unsaved edits (asks,
    // saves); false keeps the open workspace as it is.
    using Settle = std::function<bool()>;

    // `window` is the parent of the folder choosers and of this; `banner` says what is wrong
    // with the workspace; `vault` holds its secret values. Neither is owned.
    WorkspaceOpener(QWidget *window, Banner *banner, SecretVault *vault, Settle settle);

    Workspace *workspace() const { return m_workspace; }
    HistoryModel *history() const { return m_history; }

    // Opens `startWorkspace` (NAME|PATH) or, when empty or unreadable, the demo's workspace
    // (with `demoSandbox`) or the default one, made with `profile` as its auth if it is new.
    void openStart(Sandbox *demoSandbox, const QString &startWorkspace, const QString &profile);
    // Opens the workspace NAME|PATH in place of the open one, after settling unsaved edits.
    // False (and the reason in the banner) when it was not opened: the open one stays as it was.
    bool openAt(const QString &nameOrPath);
    // Creates a minimal workspace in `folder` (missing or empty) through the core and opens it.
    bool newAt(const QString &folder);
    // A folder chooser, then openAt() / newAt().
    void choose();
    void chooseNew();

    // File > Open Recent: filled each time it is shown.
    void attachRecentMenu(QMenu *menu);
    // Workspace folders opened or saved before, newest first (QSettings: paths only).
    static QStringList recentWorkspaces();
    static void rememberRecent(const QString &folder);

    // The problems of a save as one line.
    static QString problemsText(const WorkspaceSaveResult &result);

Q_SIGNALS:
    // Every workspace this opener opens, the start one included, before the previous one (and
    // its history) is deleted: whoever shows them lets go of those here.
    void opened(Keyway::Workspace *workspace, Keyway::HistoryModel *history);
    // The user opened or created another workspace (not the start one).
    void switched();
    void message(const QString &text);

private:
    Workspace *load(const QString &nameOrPath, QString *error);
    void adopt(Workspace *workspace);
    void fillSecrets();
    void showProblems();
    void fillRecentMenu();

    QWidget *m_window;
    Banner *m_banner;
    SecretVault *m_vault;
    Settle m_settle;
    QMenu *m_recentMenu = nullptr;
    Workspace *m_workspace = nullptr;
    HistoryModel *m_history = nullptr;
};

} // namespace Keyway
