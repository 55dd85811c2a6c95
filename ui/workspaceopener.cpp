#include "workspaceopener.h"

#include "banner.h"
#include "collection/historymodel.h"
#include "collection/secretvariables.h"
#include "collection/secretvault.h"
#include "collection/workspace.h"
#include "collection/workspacelocation.h"
#include "demoworkspace.h"
#include "sandbox/sandbox.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace Keyway {

namespace {

constexpr int MaxRecentWorkspaces = 10;
constexpr int MaxProblemsShown = 5;
const QString RecentKey = QStringLiteral("workspaces/recent");

} // namespace

WorkspaceOpener::WorkspaceOpener(QWidget *window, Banner *banner, SecretVault *vault, Settle settle)
    : QObject(window),
      m_window(window),
      m_banner(banner),
      m_vault(vault),
      m_settle(std::move(settle))
{
}

QString WorkspaceOpener::problemsText(const WorkspaceSaveResult &result)
{
    QStringList problems;
    for (const WorkspaceProblem &problem : result.problems)
        problems << problem.toString();
    return problems.join(QStringLiteral("; "));
}

void WorkspaceOpener::openStart(Sandbox *demoSandbox, const QString &startWorkspace,
                                const QString &profile)
{
    QString startError;
    if (!startWorkspace.isEmpty()) {
        if (Workspace *opened = load(startWorkspace, &startError)) {
            adopt(opened);
            return;
        }
    }
    // The demo opens the workspace folder "demo" (written from demoWorkspace() on first run,
    // read from disk after that); without a sandbox the "default" one, or a scratch workspace
    // whose requests go with the window's profile until it is saved.
    QString error;
    auto location = WorkspaceLocation::resolve(
        demoSandbox ? QStringLiteral("demo") : WorkspaceLocation::DefaultName, &error);
    if (!location) {
        emit message(error);
        location = WorkspaceLocation::resolve(
            WorkspaceLocation::workspacesRoot() + QStringLiteral("/scratch"), &error);
    }
    const bool existed = location && location->exists();
    auto *workspace = new Workspace(location ? location->folder() : QString(), this);
    if (existed && workspace->load()) {
        if (demoSandbox) {
            // The sandbox listens on a new port each run: the environment follows it.
            for (Environment &environment : workspace->editData().environments) {
                for (Variable &variable : environment.variables) {
                    if (variable.name == QLatin1String("baseUrl"))
                        variable.value = demoSandbox->baseUrl().toString();
                }
            }
        }
    } else {
        WorkspaceData initial;
        if (demoSandbox) {
            initial = demoWorkspace(*demoSandbox, profile);
        } else {
            initial.name = tr("Scratch");
            initial.auth.mode = RequestAuth::Mode::Profile;
            initial.auth.profile = profile;
        }
        workspace->setData(initial);
        if (location && demoSandbox) {
            // The store writes workspace.json with a new id; a minimal one written before
            // (WorkspaceLocation::ensureExists) would be a file this store never read, which it
            // keeps as it is: the demo's auth and variables would never reach the disk.
            const WorkspaceSaveResult saved = workspace->save();
            if (!saved.ok())
                emit message(tr("Could not write the demo workspace in %1: %2")
                                 .arg(location->folder(), problemsText(saved)));
        }
    }
    adopt(workspace);
    if (!startError.isEmpty())
        m_banner->showError(tr("Could not open the workspace '%1': %2 This window shows the "
                               "workspace '%3' instead.")
                                .arg(startWorkspace, startError, workspace->data().name));
}

Workspace *WorkspaceOpener::load(const QString &nameOrPath, QString *error)
{
    // The CLI's `--workspace NAME|PATH` rules: a bare name lives under the workspaces folder.
    const auto location = WorkspaceLocation::resolve(nameOrPath, error);
    if (!location)
        return nullptr;
    const QString folder = QDir::toNativeSeparators(location->folder());
    if (!location->exists()) {
        *error = QFileInfo(location->folder()).isDir()
            ? tr("%1 is not a Keyway workspace: it has no workspace.json. Choose the folder that "
                 "holds one, or start one there (File > New Workspace…).")
                  .arg(folder)
            : tr("%1 does not exist. Choose a workspace folder, or start one (File > New "
                 "Workspace…).")
                  .arg(folder);
        return nullptr;
    }
    auto *workspace = new Workspace(location->folder(), this);
    if (!workspace->load()) {
        delete workspace;
        *error = tr("%1 could not be read as a folder: check its permissions.").arg(folder);
        return nullptr;
    }
    return workspace;
}

void WorkspaceOpener::adopt(Workspace *workspace)
{
    Workspace *previous = m_workspace;
    HistoryModel *previousHistory = m_history;
    m_workspace = workspace;
    // Another program (a `git pull`) changed the folder: say so instead of losing either side.
    connect(workspace, &Workspace::conflictDetected, this, [this, workspace] {
        emit message(tr("%1 changed on disk while this window has unsaved edits; nothing was "
                        "replaced. Save (Ctrl+S) keeps your edits over the files.")
                         .arg(workspace->folder()));
    });
    connect(workspace, &Workspace::reloaded, this, [this, workspace] {
        emit message(tr("Read %1 again: it changed on disk").arg(workspace->folder()));
    });
    connect(workspace, &Workspace::problemsChanged, this, &WorkspaceOpener::showProblems);
    // Machine-local and per workspace; a workspace without an id keeps it in memory only.
    const QString id = workspace->data().id;
    m_history = new HistoryModel(id.isEmpty() ? QString() : HistoryModel::defaultFile(id),
                                 HistoryModel::DefaultLimit, this);
    connect(m_history, &HistoryModel::fileErrorOccurred, this, &WorkspaceOpener::message);
    emit opened(workspace, m_history);
    // Nothing shows the previous ones any more (the window let go of them first).
    delete previous;
    delete previousHistory;

    m_banner->hide();
    showProblems();
    fillSecrets();
    if (QFileInfo::exists(workspace->folder() + QLatin1Char('/')
                          + WorkspaceStore::WorkspaceFileName))
        rememberRecent(workspace->folder());
}

void WorkspaceOpener::showProblems()
{
    const QList<WorkspaceProblem> &problems = m_workspace->problems();
    if (problems.isEmpty())
        return;
    QStringList lines;
    for (const WorkspaceProblem &problem : problems.mid(0, MaxProblemsShown))
        lines << QStringLiteral("• ") + QDir::toNativeSeparators(problem.path)
                + QStringLiteral(": ") + problem.message;
    if (problems.size() > MaxProblemsShown)
        lines << tr("• and %n more", nullptr, int(problems.size() - MaxProblemsShown));
    m_banner->showError(
        tr("Some files of workspace '%1' could not be read. They are left as they are and "
           "nothing of them is overwritten; fix or remove them, then open the workspace again "
           "(File > Open Recent).\n%2")
            .arg(m_workspace->data().name, lines.join(QLatin1Char('\n'))));
}

void WorkspaceOpener::fillSecrets()
{
    Workspace *workspace = m_workspace;
    // Without an id nothing of it was ever stored in the keychain.
    if (workspace->data().id.isEmpty())
        return;
    m_vault->fill(workspace->data(), workspace,
                  [this, workspace](const WorkspaceData &filled, const QStringList &errors) {
                      // Only into variables still empty: an edit made meanwhile stays.
                      carrySecretValues(filled, workspace->editData());
                      if (errors.isEmpty() || workspace != m_workspace)
                          return;
                      m_banner->showError(
                          tr("The values of the secret variables of workspace '%1' could not be "
                             "read from the keychain; requests that use them say which one is "
                             "missing. Unlock the keyring, then open the workspace again (File > "
                             "Open Recent).\n%2")
                              .arg(workspace->data().name, errors.join(QLatin1Char('\n'))));
                  });
}

QStringList WorkspaceOpener::recentWorkspaces()
{
    return QSettings().value(RecentKey).toStringList();
}

void WorkspaceOpener::rememberRecent(const QString &folder)
{
    // Folder paths only: what is in a workspace stays in its files and the keychain.
    QStringList recent = recentWorkspaces();
    recent.removeAll(folder);
    recent.prepend(folder);
    QSettings().setValue(RecentKey, recent.mid(0, MaxRecentWorkspaces));
}

void WorkspaceOpener::attachRecentMenu(QMenu *menu)
{
    m_recentMenu = menu;
    connect(menu, &QMenu::aboutToShow, this, &WorkspaceOpener::fillRecentMenu);
}

void WorkspaceOpener::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = recentWorkspaces();
    for (const QString &folder : recent) {
        QString text = QDir::toNativeSeparators(folder);
        text.replace(QLatin1Char('&'), QStringLiteral("&&"));
        m_recentMenu->addAction(text, this, [this, folder] { openAt(folder); });
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No recent workspaces"))->setEnabled(false);
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("&Clear List"), this, [] { QSettings().remove(RecentKey); })
        ->setEnabled(!recent.isEmpty());
}

bool WorkspaceOpener::openAt(const QString &nameOrPath)
{
    QString error;
    Workspace *workspace = load(nameOrPath, &error);
    if (!workspace) {
        m_banner->showError(tr("Could not open the workspace '%1': %2").arg(nameOrPath, error));
        return false;
    }
    if (!m_settle()) {
        delete workspace;
        return false;
    }
    adopt(workspace);
    emit switched();
    emit message(tr("Opened workspace '%1' from %2")
                     .arg(workspace->data().name, QDir::toNativeSeparators(workspace->folder())));
    return true;
}

bool WorkspaceOpener::newAt(const QString &folder)
{
    const QString absolute = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    QString error;
    auto location = WorkspaceLocation::resolve(absolute, &error);
    const auto refuse = [this, &absolute](const QString &why) {
        m_banner->showError(
            tr("No new workspace in %1: %2").arg(QDir::toNativeSeparators(absolute), why));
        return false;
    };
    if (!location)
        return refuse(error);
    if (location->exists())
        return refuse(tr("it already holds one: open it (File > Open Workspace…)."));
    // Hidden entries (.git) are fine; anything else could be taken for a request or overwritten.
    if (!QDir(absolute).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty())
        return refuse(tr("the folder is not empty. Choose an empty or a new folder."));
    if (!m_settle())
        return false;
    const QString problem = location->ensureExists();
    Workspace *workspace = problem.isEmpty() ? load(absolute, &error) : nullptr;
    if (!workspace)
        return refuse(problem.isEmpty() ? error : problem);
    adopt(workspace);
    emit switched();
    emit message(tr("Created workspace '%1' in %2")
                     .arg(workspace->data().name, QDir::toNativeSeparators(absolute)));
    return true;
}

void WorkspaceOpener::choose()
{
    QFileDialog dialog(m_window, tr("Open Workspace"), QFileInfo(m_workspace->folder()).path());
    dialog.setObjectName(QStringLiteral("openWorkspaceDialog"));
    dialog.setFileMode(QFileDialog::Directory);
    dialog.setOption(QFileDialog::ShowDirsOnly);
    if (dialog.exec() == QDialog::Accepted && !dialog.selectedFiles().isEmpty())
        openAt(dialog.selectedFiles().constFirst());
}

void WorkspaceOpener::chooseNew()
{
    const QString root = WorkspaceLocation::workspacesRoot();
    QDir().mkpath(root);
    QFileDialog dialog(m_window, tr("New Workspace: choose or create an empty folder"), root);
    dialog.setObjectName(QStringLiteral("newWorkspaceDialog"));
    dialog.setFileMode(QFileDialog::Directory);
    dialog.setOption(QFileDialog::ShowDirsOnly);
    if (dialog.exec() == QDialog::Accepted && !dialog.selectedFiles().isEmpty())
        newAt(dialog.selectedFiles().constFirst());
}

} // namespace Keyway
