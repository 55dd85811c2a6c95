#pragma once

#include "collection/itempath.h"

#include <QMainWindow>

class QComboBox;
class QLineEdit;
class QTabWidget;

namespace Keyway {

class AuthorizedClient;
class CallLogModel;
class Clock;
class DemoActions;
class EventLog;
class ExchangeLog;
class HistoryModel;
class LogPanel;
class ProfileDialog;
class RequestTab;
class Sandbox;
class TokenInspector;
class TokenStatusWidget;
class Workspace;
class WorkspaceDock;

// Keyway's main window: the workspace's collections and history on the left, request tabs in
// the centre (composer beside response), the live log docked below, the token inspector on the
// right and the token indicator in the status bar. With a sandbox it also offers the Demo menu.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    // `demoSandbox` may be null (no Demo menu, no demo workspace). Nothing passed in is owned by
    // the window.
    MainWindow(AuthorizedClient *client, EventLog *events, Clock *clock,
               Sandbox *demoSandbox = nullptr, QWidget *parent = nullptr);
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

    // Sends what the current tab describes; its answer is shown in that tab.
    void send();
    void cancel();
    RequestTab *newTab(const RequestItem &item = {}, const ItemPath &path = {});
    void closeTab(int index);
    void openItem(const ItemPath &path);
    // The profile dialog for this window's profile (one at a time; shown, not modal).
    ProfileDialog *openProfileDialog();
    void editEnvironments();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void buildWorkspaceDock();
    void openStartWorkspace(Sandbox *demoSandbox);
    void fillEnvironments();
    void showAbout();
    void showMessage(const QString &text);
    void saveCurrent();
    void restoreState();
    void saveState() const;
    std::optional<QString> variableValue(const QString &name) const;
    QString currentEnvironment() const;

    AuthorizedClient *m_client;
    Clock *m_clock;
    CallLogModel *m_logModel;
    ExchangeLog *m_exchanges;
    LogPanel *m_logPanel;
    TokenStatusWidget *m_tokenStatus;
    TokenInspector *m_inspector;
    QTabWidget *m_tabs;
    QComboBox *m_environment;
    Workspace *m_workspace = nullptr;
    HistoryModel *m_history = nullptr;
    WorkspaceDock *m_dock = nullptr;
    DemoActions *m_demo = nullptr;
    ProfileDialog *m_profileDialog = nullptr;
};

} // namespace Keyway
