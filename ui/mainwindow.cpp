#include "mainwindow.h"

#include "auth/tokenmanager.h"
#include "demoactions.h"
#include "http/authorizedclient.h"
#include "log/calllogmodel.h"
#include "log/exchangelog.h"
#include "log/redaction.h"
#include "logpanel.h"
#include "requestbar.h"
#include "requesteditor.h"
#include "responseview.h"
#include "sandbox/sandbox.h"
#include "tokenstatuswidget.h"

#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

namespace Keyway {

namespace {

constexpr int DemoBurstSize = 20;
constexpr int MessageTimeoutMs = 8000;

} // namespace

MainWindow::MainWindow(AuthorizedClient *client, EventLog *events, const Clock *clock,
                       Sandbox *demoSandbox, QWidget *parent)
    : QMainWindow(parent),
      m_client(client),
      m_logModel(new CallLogModel(events, CallLogModel::DefaultMaxEvents, this)),
      m_exchanges(new ExchangeLog(events, ExchangeLog::DefaultMaxExchanges, this)),
      m_bar(new RequestBar(this)),
      m_editor(new RequestEditor(this)),
      m_response(new ResponseView(this)),
      m_logPanel(new LogPanel(m_logModel, m_exchanges, this)),
      m_tokenStatus(new TokenStatusWidget(client->tokenManager(), clock, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    resize(1200, 800);
    // An explicit minimum: below it the panes are useless, and it keeps the window's minimum
    // from following every label that changes length.
    setMinimumSize(720, 480);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("requestResponseSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_editor);
    splitter->addWidget(m_response);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({480, 720});

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 8, 8, 0);
    layout->addWidget(m_bar);
    layout->addWidget(splitter, 1);
    setCentralWidget(central);

    auto *dock = new QDockWidget(tr("Live log"), this);
    dock->setObjectName(QStringLiteral("logDock"));
    dock->setWidget(m_logPanel);
    dock->setAllowedAreas(Qt::BottomDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    resizeDocks({dock}, {300}, Qt::Vertical);
    connect(m_logPanel, &LogPanel::message, this, &MainWindow::showMessage);

    statusBar()->addPermanentWidget(m_tokenStatus);
    connect(m_tokenStatus, &TokenStatusWidget::message, this, &MainWindow::showMessage);

    if (demoSandbox) {
        m_demo = new DemoActions(demoSandbox, client, m_exchanges, this);
        connect(m_demo, &DemoActions::message, this, &MainWindow::showMessage);
        connect(m_demo, &DemoActions::burstFinished, this,
                [this](const QString &summary, const ApiCall &lastCall) {
                    showMessage(summary);
                    m_response->showCall(lastCall);
                });
        const QString base = demoSandbox->baseUrl().toString();
        setWindowTitle(tr("Keyway — demo against the sandbox at %1").arg(base));
        auto *sandboxLabel = new QLabel(tr("Sandbox %1").arg(base), this);
        sandboxLabel->setObjectName(QStringLiteral("sandboxUrl"));
        sandboxLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
        statusBar()->addPermanentWidget(sandboxLabel);
        m_bar->setUrl(demoSandbox->apiUrl(QStringLiteral("/api/items")));
    } else {
        setWindowTitle(tr("Keyway"));
    }

    connect(m_bar, &RequestBar::sendRequested, this, &MainWindow::send);
    buildMenus();
    m_bar->focusUrl();

    // A profile that needs no person (password or client credentials) signs in at once, so the
    // first request does not wait for it.
    TokenManager *tokens = client->tokenManager();
    if (tokens->profile().canSignInSilently() && tokens->state() == TokenManager::State::NoToken)
        m_tokenStatus->act();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    QMenu *request = menuBar()->addMenu(tr("&Request"));
    QAction *sendAction = request->addAction(tr("&Send"), this, &MainWindow::send);
    sendAction->setObjectName(QStringLiteral("sendAction"));
    sendAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    QAction *focusUrl = request->addAction(tr("Go to &URL"), m_bar, &RequestBar::focusUrl);
    focusUrl->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));

    QMenu *auth = menuBar()->addMenu(tr("&Auth"));
    QAction *signIn = auth->addAction(tr("Sign In or &Refresh Token Now"), m_tokenStatus,
                                      &TokenStatusWidget::act);
    signIn->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    auto *dock = findChild<QDockWidget *>(QStringLiteral("logDock"));
    QAction *toggleLog = dock->toggleViewAction();
    toggleLog->setText(tr("&Live Log"));
    toggleLog->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    view->addAction(toggleLog);
    QAction *filterLog = view->addAction(tr("&Filter Log"), this, [this, dock] {
        dock->show();
        m_logPanel->focusFilter();
    });
    filterLog->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
    QAction *clearLog = view->addAction(tr("&Clear Log"), m_logPanel, &LogPanel::clear);
    clearLog->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));

    if (m_demo) {
        QMenu *demo = menuBar()->addMenu(tr("&Demo"));
        demo->setObjectName(QStringLiteral("demoMenu"));
        QAction *expire =
            demo->addAction(tr("&Expire Tokens Now"), m_demo, &DemoActions::expireTokens);
        expire->setObjectName(QStringLiteral("expireTokensAction"));
        // Not Ctrl+Shift+E: on X11 line edits take that (select to end of line).
        expire->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
        QAction *burst = demo->addAction(tr("Send %1 &Concurrent Requests").arg(DemoBurstSize),
                                         m_demo, [this] { m_demo->sendConcurrent(DemoBurstSize); });
        burst->setObjectName(QStringLiteral("concurrentAction"));
        burst->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Keyway"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::send()
{
    const QUrl url = m_bar->url();
    if (!url.isValid() || url.isEmpty()) {
        showMessage(tr("Enter a URL to send the request to."));
        m_bar->focusUrl();
        return;
    }
    const QByteArray method = m_bar->method();
    ApiCall *call = m_client->send(Request(method, url, m_editor->body(), m_editor->headers()));
    m_exchanges->track(call, m_client->tokenManager()->profile().name);
    m_shownCallId = call->id();
    m_bar->setBusy(true);
    m_response->showPending(
        QStringLiteral("%1 %2").arg(QString::fromLatin1(method), redactedUrl(url)));
    connect(call, &ApiCall::finished, this, [this, call] {
        call->deleteLater();
        // When several are under way, the newest request's answer is the one shown.
        if (call->id() != m_shownCallId)
            return;
        m_bar->setBusy(false);
        m_response->showCall(*call);
    });
}

void MainWindow::showMessage(const QString &text)
{
    statusBar()->showMessage(text, MessageTimeoutMs);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Keyway"),
        tr("<h3>Keyway %1</h3>"
           "<p>An API explorer for OAuth-protected APIs.</p>"
           "<p>Keyway attaches the bearer token, notices when the API rejects it, refreshes it "
           "exactly once however many requests are waiting, and replays them, so that you "
           "see only the final answer, and, in the live log, everything that led to it.</p>"
           "<p>Tokens are shown as fingerprints only.</p>"
           "<p>Built with Qt %2.</p>")
            .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

} // namespace Keyway
