#include "mainwindow.h"

#include "auth/profilesessions.h"
#include "auth/tokenmanager.h"
#include "banner.h"
#include "collection/historyentry.h"
#include "collection/historymodel.h"
#include "collection/requestresolver.h"
#include "collection/savedprofiles.h"
#include "collection/secretvariables.h"
#include "collection/secretvault.h"
#include "collection/variableresolver.h"
#include "collection/workspace.h"
#include "collection/workspacetreemodel.h"
#include "demoactions.h"
#include "environmenteditor.h"
#include "http/authorizedclient.h"
#include "log/calllogmodel.h"
#include "log/exchangelog.h"
#include "log/redaction.h"
#include "logpanel.h"
#include "profiledialog.h"
#include "requestcomposer.h"
#include "requestsender.h"
#include "requesttab.h"
#include "responseview.h"
#include "sandbox/sandbox.h"
#include "tokeninspector.h"
#include "tokenstatetext.h"
#include "tokenstatuswidget.h"
#include "workspacedock.h"
#include "workspaceopener.h"

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

// A static library's resources are registered by hand, outside any namespace.
static void initIconResources()
{
    Q_INIT_RESOURCE(icons);
}

namespace Keyway {

namespace {

constexpr int DemoBurstSize = 20;
constexpr int MessageTimeoutMs = 8000;
QIcon icon(const char *name)
{
    return QIcon(QStringLiteral(":/keyway/icons/%1.svg").arg(QLatin1String(name)));
}

} // namespace

MainWindow::MainWindow(ProfileSessions *profiles, Sandbox *demoSandbox,
                       const QString &startWorkspace, QWidget *parent)
    : QMainWindow(parent),
      m_profiles(profiles),
      m_windowProfiles(profiles->names()),
      m_logModel(new CallLogModel(profiles->events(), CallLogModel::DefaultMaxEvents, this)),
      m_exchanges(new ExchangeLog(profiles->events(), ExchangeLog::DefaultMaxExchanges, this)),
      m_logPanel(new LogPanel(m_logModel, m_exchanges, this)),
      m_tokenStatus(new TokenStatusWidget(nullptr, profiles->clock(), this)),
      m_inspector(new TokenInspector(profiles, this)),
      m_sender(new RequestSender(profiles, m_exchanges, m_logModel, this)),
      m_tabs(new QTabWidget(this)),
      m_environment(new QComboBox(this)),
      m_workspaceBanner(new Banner(this)),
      m_vault(new SecretVault(QStringLiteral("keyway"), this)),
      m_opener(new WorkspaceOpener(this, m_workspaceBanner, m_vault, [this] {
          return settleUnsavedEdits(tr("Save them before its tabs are closed?"));
      }))
{
    initIconResources();
    setObjectName(QStringLiteral("mainWindow"));
    resize(1360, 860);
    // An explicit minimum: below it the panes are useless, and it keeps the window's minimum
    // from following every label that changes length.
    setMinimumSize(800, 520);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    m_tabs->setObjectName(QStringLiteral("requestTabsWidget"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    auto *plus = new QToolButton(m_tabs);
    plus->setIcon(icon("new"));
    plus->setToolTip(tr("New request (Ctrl+N)"));
    plus->setAutoRaise(true);
    m_tabs->setCornerWidget(plus, Qt::TopRightCorner);
    connect(plus, &QToolButton::clicked, this, [this] { newTab(); });
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    // What is wrong with the workspace as a whole sits above every tab; a hidden banner takes
    // no room.
    auto *centre = new QWidget(this);
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(0);
    auto *bannerRow = new QHBoxLayout;
    bannerRow->setContentsMargins(8, 6, 8, 2);
    bannerRow->addWidget(m_workspaceBanner);
    centreLayout->addLayout(bannerRow);
    centreLayout->addWidget(m_tabs, 1);
    setCentralWidget(centre);

    auto *logDock = new QDockWidget(tr("Live log"), this);
    logDock->setObjectName(QStringLiteral("logDock"));
    logDock->setWidget(m_logPanel);
    logDock->setAllowedAreas(Qt::BottomDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);
    connect(m_logPanel, &LogPanel::message, this, &MainWindow::showMessage);

    auto *inspectorDock = new QDockWidget(tr("Token"), this);
    inspectorDock->setObjectName(QStringLiteral("inspectorDock"));
    inspectorDock->setWidget(m_inspector);
    addDockWidget(Qt::RightDockWidgetArea, inspectorDock);
    connect(m_inspector, &TokenInspector::message, this, &MainWindow::showMessage);
    connect(m_inspector, &TokenInspector::tlsSettingsRequested, this,
            [this] { openProfileDialog()->showTlsRefusal(); });
    // The status bar shows the profile the inspector shows.
    m_tokenStatus->setTokenManager(m_inspector->tokenManager());
    connect(m_inspector, &TokenInspector::profileSelected, this,
            [this] { m_tokenStatus->setTokenManager(m_inspector->tokenManager()); });
    connect(m_sender, &RequestSender::message, this, &MainWindow::showMessage);
    connect(m_sender, &RequestSender::callFinished, this,
            [this](RequestTab *tab, const ApiCall &call, const QString &profile) {
                // Every request sent from the window, redacted as the core keeps history.
                const ItemLookup saved = lookupItem(m_workspace->data(), tab->path());
                m_history->append(HistoryEntry::fromCall(
                    call, saved.request ? saved.displayPath() : QString(), currentEnvironment(),
                    profile, secretValues(m_workspace->data())));
            });
    connect(m_opener, &WorkspaceOpener::opened, this, &MainWindow::showWorkspace);
    connect(m_opener, &WorkspaceOpener::message, this, &MainWindow::showMessage);
    m_opener->openStart(demoSandbox, startWorkspace, m_windowProfiles.value(0));
    // Connected after the start: the window's first tabs come from restoreState() below.
    connect(m_opener, &WorkspaceOpener::switched, this, &MainWindow::replaceTabs);
    buildWorkspaceDock();
    resizeDocks({logDock}, {320}, Qt::Vertical);
    resizeDocks({inspectorDock}, {300}, Qt::Horizontal);

    auto *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setMovable(false);
    toolbar->setIconSize(QSize(18, 18));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(icon("new"), tr("New"), this, [this] { newTab(); })
        ->setToolTip(tr("New request (Ctrl+N)"));
    toolbar->addAction(icon("send"), tr("Send"), this, &MainWindow::send)
        ->setToolTip(tr("Send (Ctrl+Return)"));
    toolbar->addSeparator();
    auto *envLabel = new QLabel(tr("  Environment "), this);
    envLabel->setForegroundRole(QPalette::PlaceholderText);
    toolbar->addWidget(envLabel);
    m_environment->setObjectName(QStringLiteral("environment"));
    m_environment->setMinimumContentsLength(12);
    m_environment->setToolTip(tr("The environment whose variables fill {{placeholders}}"));
    toolbar->addWidget(m_environment);
    QAction *editEnvironments =
        toolbar->addAction(tr("Edit…"), this, &MainWindow::editEnvironments);
    editEnvironments->setObjectName(QStringLiteral("editEnvironmentsAction"));
    editEnvironments->setToolTip(tr("Add, rename and fill environments"));
    connect(m_environment, &QComboBox::currentIndexChanged, this, [this] {
        for (int i = 0; i < m_tabs->count(); ++i)
            static_cast<RequestTab *>(m_tabs->widget(i))->composer()->urlEdit()->refreshVariables();
    });

    statusBar()->addPermanentWidget(m_tokenStatus);
    connect(m_tokenStatus, &TokenStatusWidget::message, this, &MainWindow::showMessage);

    if (demoSandbox && !m_windowProfiles.isEmpty()) {
        m_demo = new DemoActions(demoSandbox, profiles->client(m_windowProfiles.first()),
                                 m_exchanges, this);
        connect(m_demo, &DemoActions::message, this, &MainWindow::showMessage);
        connect(m_demo, &DemoActions::burstFinished, this,
                [this](const QString &summary, const ApiCall &lastCall) {
                    showMessage(summary);
                    if (RequestTab *tab = currentTab())
                        tab->response()->showCall(lastCall);
                });
        const QString base = demoSandbox->baseUrl().toString();
        setWindowTitle(tr("Keyway — demo against the sandbox at %1").arg(base));
        auto *sandboxLabel = new QLabel(tr("Sandbox %1").arg(base), this);
        sandboxLabel->setObjectName(QStringLiteral("sandboxUrl"));
        sandboxLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
        statusBar()->addPermanentWidget(sandboxLabel);
    } else {
        setWindowTitle(tr("Keyway"));
    }
    fillEnvironments();

    buildMenus();
    restoreState();
    if (m_tabs->count() == 0) {
        RequestItem first;
        if (demoSandbox)
            first.url = demoSandbox->apiUrl(QStringLiteral("/api/items")).toString();
        newTab(first);
    }
    currentTab()->composer()->focusUrl();

    // The window's own profile (the demo's) signs in at once when it needs no person (password
    // or client credentials), so that the first request does not wait for it. Saved profiles
    // wait for their stored tokens instead.
    for (const QString &name : std::as_const(m_windowProfiles)) {
        TokenManager *tokens = profiles->tokens(name);
        if (tokens->profile().canSignInSilently()
            && tokens->state() == TokenManager::State::NoToken)
            tokens->signIn(this, [this, name, tokens](const TokenError *error) {
                if (error)
                    showMessage(tr("Sign-in of profile '%1' failed: %2")
                                    .arg(name, failureReason(*tokens, *error, true)));
            });
    }
}

MainWindow::~MainWindow() = default;

void MainWindow::showWorkspace(Workspace *workspace, HistoryModel *history)
{
    m_workspace = workspace;
    m_history = history;
    // What the keychain holds for it as opened; a save removes the entries of what went since.
    m_keychainKeys = SecretVault::keysOf(workspace->data());
    connect(workspace, &Workspace::reset, this, &MainWindow::fillEnvironments);
    // The dock lets go of the previous workspace before the opener deletes it.
    if (m_dock)
        m_dock->setWorkspace(workspace, history);
    fillEnvironments();
    openProfiles();
}

void MainWindow::openProfiles()
{
    m_profiles->clearWorkspace();
    openSavedProfiles();
}

void MainWindow::openSavedProfiles()
{
    // Those the window holds already stay as they are (SavedProfiles::open skips them).
    Workspace *workspace = m_workspace;
    SavedProfiles::open(m_profiles, workspace->folder(), QProcessEnvironment::systemEnvironment(),
                        this, [this, workspace](const QStringList &problems) {
                            if (workspace != m_workspace)
                                return;
                            if (!problems.isEmpty())
                                m_workspaceBanner->showError(problems.join(QLatin1Char('\n')));
                            Q_EMIT profilesOpened(problems);
                        });
}

bool MainWindow::openWorkspaceAt(const QString &nameOrPath)
{
    return m_opener->openAt(nameOrPath);
}

bool MainWindow::newWorkspaceAt(const QString &folder)
{
    return m_opener->newAt(folder);
}

QStringList MainWindow::recentWorkspaces()
{
    return WorkspaceOpener::recentWorkspaces();
}

void MainWindow::replaceTabs()
{
    // The previous workspace's tabs go (their edits were settled before); the new one starts
    // with an empty request.
    while (m_tabs->count() > 0) {
        QWidget *tab = m_tabs->widget(0);
        m_tabs->removeTab(0);
        tab->deleteLater();
    }
    newTab();
}

bool MainWindow::settleUnsavedEdits(const QString &question)
{
    QList<RequestTab *> modified;
    QStringList titles;
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *tab = static_cast<RequestTab *>(m_tabs->widget(i));
        if (tab->isModified()) {
            modified << tab;
            titles << QStringLiteral("• ") + tab->title();
        }
    }
    if (modified.isEmpty() && !m_workspace->isModified())
        return true;
    if (m_workspace->isModified())
        titles << tr("• the workspace's own edits (requests, environments)");
    QMessageBox box(QMessageBox::Warning, tr("Unsaved edits"),
                    tr("Workspace '%1' has unsaved edits:\n%2\n\n%3")
                        .arg(m_workspace->data().name, titles.join(QLatin1Char('\n')), question),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("unsavedEditsBox"));
    box.setDefaultButton(QMessageBox::Save);
    const int answer = box.exec();
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Save) {
        for (RequestTab *tab : std::as_const(modified))
            storeTab(tab);
        if (!saveWorkspace(m_workspaceBanner, modified))
            return false;
    }
    return true;
}

const WorkspaceData &MainWindow::workspace() const
{
    return m_workspace->data();
}

void MainWindow::setWorkspace(const WorkspaceData &workspace)
{
    m_workspace->setData(workspace);
}

void MainWindow::fillEnvironments()
{
    const WorkspaceData &data = m_workspace->data();
    const QString current = m_environment->currentText();
    m_environment->clear();
    m_environment->addItem(tr("No environment"), QString());
    for (const Environment &environment : data.environments)
        m_environment->addItem(environment.name, environment.name);
    const int keep = m_environment->findText(current);
    m_environment->setCurrentIndex(keep > 0 ? keep : (data.environments.isEmpty() ? 0 : 1));
}

QString MainWindow::currentEnvironment() const
{
    return m_environment->currentData().toString();
}

std::optional<QString> MainWindow::variableValue(const QString &name) const
{
    // Environment first, then the workspace: the resolver's order for what a URL can see.
    const auto find = [&name](const VariableList &variables) -> std::optional<QString> {
        for (const Variable &variable : variables) {
            if (variable.enabled && variable.name == name)
                return variable.secret ? QStringLiteral("••••••") : variable.value;
        }
        return std::nullopt;
    };
    for (const Environment &environment : m_workspace->data().environments) {
        if (environment.name == currentEnvironment()) {
            if (auto value = find(environment.variables))
                return value;
        }
    }
    return find(m_workspace->data().variables);
}

void MainWindow::buildWorkspaceDock()
{
    auto *dock = new QDockWidget(tr("Workspace"), this);
    dock->setObjectName(QStringLiteral("workspaceDock"));
    m_dock = new WorkspaceDock(m_workspace, m_history, dock);
    dock->setWidget(m_dock);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    resizeDocks({dock}, {250}, Qt::Horizontal);
    connect(m_dock, &WorkspaceDock::requestActivated, this, &MainWindow::openItem);
    connect(m_dock, &WorkspaceDock::historyActivated, this,
            [this](const QString &method, const QString &url) {
                RequestItem request;
                request.method = method;
                request.url = url;
                newTab(request);
            });
}

RequestTab *MainWindow::currentTab() const
{
    return static_cast<RequestTab *>(m_tabs->currentWidget());
}

RequestTab *MainWindow::newTab(const RequestItem &item, const ItemPath &path)
{
    auto *tab = new RequestTab(m_tabs);
    RequestComposer *composer = tab->composer();
    // What "Inherit" means where the request lives (a new one sits at the top level).
    const InheritedAuth inherited = inheritedAuth(workspace(), lookupItem(workspace(), path));
    QString inheritedText;
    switch (inherited.auth.mode) {
    case RequestAuth::Mode::Inherit:
    case RequestAuth::Mode::None: inheritedText = tr("no auth"); break;
    case RequestAuth::Mode::Profile: inheritedText = inherited.auth.profile; break;
    case RequestAuth::Mode::Bearer: inheritedText = tr("Bearer token"); break;
    case RequestAuth::Mode::Basic: inheritedText = tr("Basic auth"); break;
    }
    // The workspace's saved profiles may still be opening: their files name them already.
    QStringList profiles = m_profiles->names();
    for (const QString &saved : SavedProfiles::names(m_workspace->folder()))
        if (!profiles.contains(saved))
            profiles << saved;
    composer->setProfiles(profiles, inheritedText, inherited.owner);
    composer->setVariableLookup([this](const QString &name) { return variableValue(name); });
    composer->setItem(item);
    tab->markSaved();
    tab->setPath(path);
    const int index = m_tabs->addTab(tab, tab->title());
    m_tabs->setCurrentIndex(index);
    connect(composer, &RequestComposer::sendRequested, this, &MainWindow::send);
    connect(composer, &RequestComposer::cancelRequested, this, &MainWindow::cancel);
    connect(composer, &RequestComposer::changed, tab,
            [this, tab] { m_tabs->setTabText(m_tabs->indexOf(tab), tab->title()); });
    composer->focusUrl();
    return tab;
}

void MainWindow::closeTab(int index)
{
    QWidget *tab = m_tabs->widget(index);
    if (!tab)
        return;
    m_tabs->removeTab(index);
    tab->deleteLater();
    if (m_tabs->count() == 0)
        newTab();
}

void MainWindow::openItem(const ItemPath &path)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (static_cast<RequestTab *>(m_tabs->widget(i))->path() == path) {
            m_tabs->setCurrentIndex(i);
            return;
        }
    }
    const ItemLookup found = lookupItem(workspace(), path);
    if (found.request)
        newTab(*found.request, path);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newRequest =
        file->addAction(icon("new"), tr("&New Request"), this, [this] { newTab(); });
    newRequest->setObjectName(QStringLiteral("newRequestAction"));
    newRequest->setShortcut(QKeySequence::New);
    file->addSeparator();
    QAction *openWorkspace =
        file->addAction(tr("&Open Workspace…"), m_opener, &WorkspaceOpener::choose);
    openWorkspace->setObjectName(QStringLiteral("openWorkspaceAction"));
    openWorkspace->setShortcut(QKeySequence::Open);
    QAction *newWorkspace =
        file->addAction(tr("New &Workspace…"), m_opener, &WorkspaceOpener::chooseNew);
    newWorkspace->setObjectName(QStringLiteral("newWorkspaceAction"));
    QMenu *recentMenu = file->addMenu(tr("Open &Recent"));
    recentMenu->setObjectName(QStringLiteral("recentWorkspacesMenu"));
    m_opener->attachRecentMenu(recentMenu);
    file->addSeparator();
    QAction *save = file->addAction(tr("&Save Request"), this, &MainWindow::saveCurrent);
    save->setObjectName(QStringLiteral("saveAction"));
    save->setShortcut(QKeySequence::Save);
    QAction *close =
        file->addAction(tr("&Close Tab"), this, [this] { closeTab(m_tabs->currentIndex()); });
    close->setObjectName(QStringLiteral("closeTabAction"));
    close->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    QMenu *request = menuBar()->addMenu(tr("&Request"));
    QAction *sendAction = request->addAction(icon("send"), tr("&Send"), this, &MainWindow::send);
    sendAction->setObjectName(QStringLiteral("sendAction"));
    sendAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    QAction *cancelAction = request->addAction(tr("&Cancel"), this, &MainWindow::cancel);
    cancelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    QAction *focusUrl = request->addAction(tr("Go to &URL"), this, [this] {
        if (RequestTab *tab = currentTab())
            tab->composer()->focusUrl();
    });
    focusUrl->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));

    QMenu *auth = menuBar()->addMenu(tr("&Auth"));
    QAction *signIn = auth->addAction(tr("Sign In or &Refresh Token Now"), m_tokenStatus,
                                      &TokenStatusWidget::act);
    signIn->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    auth->addAction(tr("Sign &Out"), m_inspector, &TokenInspector::signOut);
    auth->addSeparator();
    QAction *profiles = auth->addAction(tr("&Profile…"), this, &MainWindow::openProfileDialog);
    profiles->setObjectName(QStringLiteral("profileAction"));
    profiles->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    QAction *newProfile = auth->addAction(tr("&New Profile…"), this, &MainWindow::newProfileDialog);
    newProfile->setObjectName(QStringLiteral("newProfileAction"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    auto *logDock = findChild<QDockWidget *>(QStringLiteral("logDock"));
    QAction *toggleLog = logDock->toggleViewAction();
    toggleLog->setText(tr("&Live Log"));
    toggleLog->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    view->addAction(toggleLog);
    QAction *toggleWorkspace =
        findChild<QDockWidget *>(QStringLiteral("workspaceDock"))->toggleViewAction();
    toggleWorkspace->setText(tr("&Workspace"));
    view->addAction(toggleWorkspace);
    QAction *toggleInspector =
        findChild<QDockWidget *>(QStringLiteral("inspectorDock"))->toggleViewAction();
    toggleInspector->setText(tr("&Token Inspector"));
    toggleInspector->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    view->addAction(toggleInspector);
    view->addSeparator();
    QAction *filterLog = view->addAction(tr("&Find in Log"), this, [this, logDock] {
        logDock->show();
        m_logPanel->focusFilter();
    });
    filterLog->setShortcut(QKeySequence::Find);
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
    if (RequestTab *tab = currentTab())
        m_sender->send(tab, m_workspace->data(), currentEnvironment());
}

void MainWindow::cancel()
{
    m_sender->cancel(currentTab());
}

void MainWindow::editEnvironments()
{
    EnvironmentEditor editor(m_workspace->data().environments, this);
    if (editor.exec() != QDialog::Accepted)
        return;
    // Into the open Workspace (the tree's shape stays); File > Save writes them to its folder.
    m_workspace->editData().environments = editor.environments();
    m_workspace->markModified();
    fillEnvironments();
    showMessage(tr("Environments updated; Save (Ctrl+S) writes them to the workspace folder"));
}

ProfileDialog *MainWindow::openProfileDialog()
{
    return showProfileDialog(m_inspector->selectedProfile());
}

ProfileDialog *MainWindow::newProfileDialog()
{
    return showProfileDialog(QString());
}

ProfileDialog *MainWindow::showProfileDialog(const QString &profile)
{
    // Save writes profiles/<name>.json into the open workspace's folder (the demo's too): a
    // dialog made for another workspace or profile goes, unless it is in the middle of a
    // sign-in.
    if (m_profileDialog && !m_profileDialog->isSigningIn()) {
        TokenManager *tokens = m_profileDialog->tokenManager();
        const QString shown = tokens ? tokens->profile().name : QString();
        if (m_profileDialog->workspaceFolder() != m_workspace->folder() || shown != profile) {
            m_profileDialog->deleteLater();
            m_profileDialog = nullptr;
        }
    }
    if (!m_profileDialog) {
        m_profileDialog =
            new ProfileDialog(m_profiles, profile, m_inspector, m_workspace->folder(), this);
        // A profile saved without signing in is the window's from then on, too.
        connect(m_profileDialog, &ProfileDialog::saved, this, &MainWindow::openSavedProfiles);
    }
    m_profileDialog->show();
    m_profileDialog->raise();
    return m_profileDialog;
}

void MainWindow::saveCurrent()
{
    RequestTab *tab = currentTab();
    if (!tab)
        return;
    storeTab(tab);
    if (saveWorkspace(tab->banner(), {tab}))
        showMessage(tr("Saved '%1' in workspace %2").arg(tab->title(), workspace().name));
}

void MainWindow::storeTab(RequestTab *tab)
{
    RequestItem item = tab->composer()->item();
    WorkspaceTreeModel *model = m_dock->treeModel();
    const QModelIndex existing =
        tab->path().isEmpty() ? QModelIndex() : model->indexOf(tab->path());
    if (existing.isValid() && model->kind(existing) == WorkspaceTreeModel::Kind::Request) {
        model->updateRequest(existing, item);
    } else {
        if (item.name.isEmpty())
            item.name = tab->title();
        tab->setPath(model->itemPath(model->addRequest(QModelIndex(), item)));
    }
}

bool MainWindow::saveWorkspace(Banner *where, const QList<RequestTab *> &stored)
{
    const WorkspaceSaveResult result = m_workspace->save();
    if (!result.ok()) {
        where->showError(tr("Not saved to %1: %2. Your edits are kept in this window; fix the "
                            "cause and save again.")
                             .arg(QDir::toNativeSeparators(m_workspace->folder()),
                                  WorkspaceOpener::problemsText(result)));
        return false;
    }
    // Literal credentials became {{secret variables}}: the saved tabs show what was written.
    for (RequestTab *tab : stored) {
        const ItemLookup saved = lookupItem(m_workspace->data(), tab->path());
        if (saved.request && !(tab->composer()->item() == *saved.request))
            tab->composer()->setItem(*saved.request);
        tab->markSaved();
    }
    if (!result.notices.isEmpty())
        where->showInfo(result.notices.join(QLatin1Char('\n')));
    // A scratch workspace's first save gives it an id: its history is kept from then on, with
    // what was sent before.
    if (m_history->isInMemoryOnly() && !m_workspace->data().id.isEmpty()) {
        m_history->keepIn(HistoryModel::defaultFile(m_workspace->data().id));
        m_dock->updateHistoryHint();
    }
    WorkspaceOpener::rememberRecent(m_workspace->folder());
    // Secret values go to the keychain, never into the files just written; the entries of secret
    // variables deleted or renamed since go from it (kept for the next save when that fails).
    QPointer<Workspace> workspace = m_workspace;
    ++m_secretWrites;
    // The window is the context: a close waiting for these writes must hear of them even when
    // another workspace replaced this one meanwhile.
    const QStringList keys = SecretVault::keysOf(workspace->data());
    m_vault->store(
        workspace->data(), m_keychainKeys, this,
        [this, workspace, keys](const QStringList &errors) {
            --m_secretWrites;
            if (errors.isEmpty()) {
                if (workspace == m_workspace)
                    m_keychainKeys = keys;
                if (m_closeWhenStored && m_secretWrites == 0)
                    QTimer::singleShot(0, this, [this] { close(); });
                return;
            }
            m_closeWhenStored = false;
            if (!workspace)
                return;
            // Kept in this window only: closing it or opening another workspace asks first.
            workspace->markModified();
            if (workspace == m_workspace)
                m_workspaceBanner->showError(
                    tr("The files of workspace '%1' are saved, but the values of its secret "
                       "variables are not in the keychain. They are kept in this window: unlock "
                       "the "
                       "keyring and save (Ctrl+S) again.\n%2")
                        .arg(workspace->data().name, errors.join(QLatin1Char('\n'))));
        });
    return true;
}

void MainWindow::showMessage(const QString &text)
{
    statusBar()->showMessage(text, MessageTimeoutMs);
}

void MainWindow::restoreState()
{
    // Layout and which requests were open; never headers, bodies or anything secret.
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    QMainWindow::restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    const QStringList open = settings.value(QStringLiteral("window/openRequests")).toStringList();
    for (const QString &line : open) {
        const qsizetype space = line.indexOf(QLatin1Char(' '));
        if (space <= 0)
            continue;
        RequestItem item;
        item.method = line.left(space);
        item.url = line.mid(space + 1);
        newTab(item);
    }
}

void MainWindow::saveState() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), QMainWindow::saveState());
    QStringList open;
    for (int i = 0; i < m_tabs->count(); ++i) {
        const RequestItem item = static_cast<RequestTab *>(m_tabs->widget(i))->composer()->item();
        // The URL as redacted for display: a token in a query never reaches QSettings.
        if (!item.url.isEmpty())
            open << item.method + QLatin1Char(' ') + redactedUrl(QUrl(item.url));
    }
    settings.setValue(QStringLiteral("window/openRequests"), open);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Unsaved edits: the question opening another workspace asks; Cancel keeps the window as it
    // is, and so does a save that failed (its banner says why).
    if (!settleUnsavedEdits(tr("Save them before the window closes?"))) {
        event->ignore();
        return;
    }
    // Secret values still on their way to the keychain would go with the process: the window
    // closes once they are there, or stays open and says why they are not.
    if (m_secretWrites > 0) {
        m_closeWhenStored = true;
        event->ignore();
        return;
    }
    m_closeWhenStored = false;
    saveState();
    QMainWindow::closeEvent(event);
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
