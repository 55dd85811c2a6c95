#pragma once

#include <QMainWindow>

namespace Keyway {

class AuthorizedClient;
class Clock;
class DemoActions;
class EventLog;
class CallLogModel;
class ExchangeLog;
class LogPanel;
class RequestBar;
class RequestEditor;
class ResponseView;
class Sandbox;
class TokenStatusWidget;

// Keyway's main window: a request (bar, headers, body) beside its response, the live log docked
// below, and the token indicator in the status bar. With a sandbox it also offers the Demo menu.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    // `demoSandbox` may be null (no Demo menu). Nothing passed in is owned by the window.
    MainWindow(AuthorizedClient *client, EventLog *events, const Clock *clock,
               Sandbox *demoSandbox = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    CallLogModel *logModel() const { return m_logModel; }
    ExchangeLog *exchangeLog() const { return m_exchanges; }
    LogPanel *logPanel() const { return m_logPanel; }

    // Sends what the request bar and editor describe; the newest request's answer is shown.
    void send();

private:
    void buildMenus();
    void showAbout();
    void showMessage(const QString &text);

    AuthorizedClient *m_client;
    CallLogModel *m_logModel;
    ExchangeLog *m_exchanges;
    RequestBar *m_bar;
    RequestEditor *m_editor;
    ResponseView *m_response;
    LogPanel *m_logPanel;
    TokenStatusWidget *m_tokenStatus;
    DemoActions *m_demo = nullptr;
    quint64 m_shownCallId = 0;
};

} // namespace Keyway
