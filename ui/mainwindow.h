#pragma once

#include "collection/itempath.h"

#include <QMainWindow>

class QComboBox;
class QLineEdit;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace Keyway {

class AuthorizedClient;
class CallLogModel;
class Clock;
class DemoActions;
class EventLog;
class ExchangeLog;
class LogPanel;
class ProfileDialog;
class RequestTab;
class Sandbox;
class TokenInspector;
class TokenStatusWidget;

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
    const WorkspaceData &workspace() const { return m_workspace; }
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
    void fillWorkspaceTree();
    void filterWorkspaceTree(const QString &text);
    void addHistory(const RequestItem &item, int status, qint64 ms);
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
    QTreeWidget *m_tree = nullptr;
    QTreeWidget *m_history = nullptr;
    QLineEdit *m_treeFilter = nullptr;
    DemoActions *m_demo = nullptr;
    ProfileDialog *m_profileDialog = nullptr;
    WorkspaceData m_workspace;
};

} // namespace Keyway
