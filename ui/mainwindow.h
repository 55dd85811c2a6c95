#pragma once

#include "collection/itempath.h"

#include <QMainWindow>

class QComboBox;
class QLineEdit;
class QTabWidget;

namespace Keyway {

class Banner;
class CallLogModel;
class DemoActions;
class ExchangeLog;
class HistoryModel;
class LogPanel;
class ProfileDialog;
class ProfileSessions;
class RequestSender;
class RequestTab;
class Sandbox;
class SecretVault;
class TokenInspector;
class TokenStatusWidget;
class Workspace;
class WorkspaceDock;
class WorkspaceOpener;

// Keyway's main window: the workspace's collections and history on the left, request tabs in
// the centre (composer beside response), the live log docked below, the token inspector on the
// right and the token indicator in the status bar. With a sandbox it also offers the Demo menu.
// The open workspace is a core Workspace (File > Open Workspace replaces it); its secret
// variables' values come from the keychain and go back there on save, never into its files.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    // `profiles` sends each request with the profile its auth names (its plain client those
    // whose auth is none, a fixed Bearer token or Basic). The profiles it holds now stay for the
    // window's life (the demo's); the open workspace's saved profiles join them, each over its
    // own token store, and leave when another workspace is opened. `demoSandbox` may be null
    // (no Demo menu, no demo workspace). `startWorkspace` is `--workspace NAME|PATH`; empty: the
    // demo's or the default one. Nothing passed in is owned by the window.
    explicit MainWindow(ProfileSessions *profiles, Sandbox *demoSandbox = nullptr,
                        const QString &startWorkspace = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    CallLogModel *logModel() const { return m_logModel; }
    ExchangeLog *exchangeLog() const { return m_exchanges; }
    LogPanel *logPanel() const { return m_logPanel; }
    TokenInspector *tokenInspector() const { return m_inspector; }
    DemoActions *demo() const { return m_demo; }
    QTabWidget *tabs() const { return m_tabs; }
    RequestTab *currentTab() const;
    const WorkspaceData &workspace() const;
    // The open workspace (its folder, its data, its tree model's source).
    Workspace *openWorkspace() const { return m_workspace; }
    HistoryModel *history() const { return m_history; }
    WorkspaceDock *workspaceDock() const { return m_dock; }
    void setWorkspace(const WorkspaceData &workspace);
    // Says what is wrong with the workspace (not one, broken files, a locked keychain).
    Banner *workspaceBanner() const { return m_workspaceBanner; }

    // Opens the workspace NAME|PATH (as `--workspace` takes it) in place of the open one, after
    // asking about unsaved edits. False (and the reason in the banner) when it was not opened:
    // the open workspace then stays as it was.
    bool openWorkspaceAt(const QString &nameOrPath);
    // Creates a minimal workspace in `folder` (missing or empty) through the core and opens it.
    bool newWorkspaceAt(const QString &folder);
    // Workspace folders opened before, newest first (QSettings: paths only).
    static QStringList recentWorkspaces();

    // Sends what the current tab describes; its answer is shown in that tab.
    void send();
    void cancel();
    ProfileSessions *profiles() const { return m_profiles; }
    RequestTab *newTab(const RequestItem &item = {}, const ItemPath &path = {});
    void closeTab(int index);
    void openItem(const ItemPath &path);
    // The profile dialog for the profile the token inspector shows, or for a new one (one
    // dialog at a time; shown, not modal).
    ProfileDialog *openProfileDialog();
    ProfileDialog *newProfileDialog();
    void editEnvironments();

Q_SIGNALS:
    // The open workspace's saved profiles were opened (`problems`: those that could not be, or
    // whose tokens could not be read; each says what to do).
    void profilesOpened(const QStringList &problems);

protected:
    // Asks about unsaved edits first (Save / Discard / Cancel), as opening another workspace does.
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void buildWorkspaceDock();
    void showWorkspace(Workspace *workspace, HistoryModel *history);
    // Asks what becomes of unsaved edits (Save / Discard / Cancel) and saves them if told to;
    // false (Cancel, or the save failed): nothing is closed.
    bool settleUnsavedEdits(const QString &question);
    void replaceTabs();
    void openProfiles();
    void openSavedProfiles();
    ProfileDialog *showProfileDialog(const QString &profile);
    void storeTab(RequestTab *tab);
    bool saveWorkspace(Banner *where, const QList<RequestTab *> &stored);
    void fillEnvironments();
    void showAbout();
    void showMessage(const QString &text);
    void saveCurrent();
    void restoreState();
    void saveState() const;
    std::optional<QString> variableValue(const QString &name) const;
    QString currentEnvironment() const;

    ProfileSessions *m_profiles;
    QStringList m_windowProfiles; // the profiles given at construction (the demo's)
    CallLogModel *m_logModel;
    ExchangeLog *m_exchanges;
    LogPanel *m_logPanel;
    TokenStatusWidget *m_tokenStatus;
    TokenInspector *m_inspector;
    RequestSender *m_sender;
    QTabWidget *m_tabs;
    QComboBox *m_environment;
    Banner *m_workspaceBanner;
    SecretVault *m_vault;
    WorkspaceOpener *m_opener;
    Workspace *m_workspace = nullptr;
    HistoryModel *m_history = nullptr;
    WorkspaceDock *m_dock = nullptr;
    DemoActions *m_demo = nullptr;
    ProfileDialog *m_profileDialog = nullptr;
    QStringList m_keychainKeys; // SecretVault::keysOf() the workspace as opened or last stored
    int m_secretWrites = 0; // keychain writes of saves not finished yet
    bool m_closeWhenStored = false; // a close waits for them
};

} // namespace Keyway
