#include "screenshottour.h"

#include "log/calllogmodel.h"
#include "logfiltermodel.h"
#include "logpanel.h"
#include "mainwindow.h"
#include "profiledialog.h"
#include "requestcomposer.h"
#include "requesttab.h"
#include "sandbox/sandbox.h"
#include "signinpanel.h"
#include "tlseditor.h"
#include "tokeninspector.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QLineEdit>
#include <QTabWidget>
#include <QTimer>
#include <QTreeView>

#include <cstdio>

namespace Keyway {

ScreenshotTour::ScreenshotTour(MainWindow *window, Sandbox *sandbox, QString dir, QObject *parent)
    : QObject(parent), m_window(window), m_sandbox(sandbox), m_dir(std::move(dir))
{
}

void ScreenshotTour::save(QWidget *widget, const QString &name)
{
    const QString path = QDir(m_dir).filePath(name);
    if (!widget->grab().save(path))
        std::fprintf(stderr, "keyway: could not write %s\n", qPrintable(path));
    else
        std::printf("%s\n", qPrintable(path));
}

void ScreenshotTour::showRefreshChain()
{
    // Expand the calls that were replayed after the refresh, and select the first of them.
    LogPanel *panel = m_window->logPanel();
    QTreeView *view = panel->view();
    LogFilterModel *filter = panel->filterModel();
    QModelIndex first;
    for (int row = 0; row < filter->rowCount(); ++row) {
        const QModelIndex index = filter->index(row, 0);
        const bool flight =
            index.data(CallLogModel::RowTypeRole).toInt() == int(CallLogModel::RowType::Flight);
        const bool replayed = index.siblingAtColumn(CallLogModel::SummaryColumn)
                                  .data()
                                  .toString()
                                  .contains(QStringLiteral("replayed"));
        if (replayed && !first.isValid()) {
            first = index;
            view->expand(index);
        }
        if (flight)
            view->expand(index);
    }
    if (first.isValid()) {
        view->setCurrentIndex(first);
        view->scrollTo(first, QAbstractItemView::PositionAtTop);
    }
}

void ScreenshotTour::start()
{
    QDir().mkpath(m_dir);
    m_window->resize(1440, 900);
    // 1: a JSON request and its pretty, coloured answer.
    QTimer::singleShot(1500, this, [this] {
        m_window->openItem({0, 2}); // Sandbox API / Echo JSON
        m_window->send();
    });
    // 2: the token expires at the server; a burst meets it.
    QTimer::singleShot(3000, this, [this] {
        m_window->findChild<QAction *>(QStringLiteral("expireTokensAction"))->trigger();
        m_window->findChild<QAction *>(QStringLiteral("concurrentAction"))->trigger();
    });
    // 3: once more with the tab's own request, so that its answer shows the chain too.
    QTimer::singleShot(5500, this, [this] {
        m_window->findChild<QAction *>(QStringLiteral("expireTokensAction"))->trigger();
        m_window->openItem({0, 2});
        m_window->send();
        // No selected URL text in the picture.
        m_window->currentTab()->composer()->urlEdit()->deselect();
        m_window->logPanel()->view()->setFocus();
    });
    QTimer::singleShot(7500, this, [this] {
        m_window->logModel()->flush();
        showRefreshChain();
        QApplication::processEvents();
        save(m_window, QStringLiteral("main-window.png"));
        save(m_window->findChild<QDockWidget *>(QStringLiteral("logDock")),
             QStringLiteral("live-log.png"));
        save(m_window->findChild<QDockWidget *>(QStringLiteral("inspectorDock")),
             QStringLiteral("token-inspector.png"));
        save(m_window->centralWidget(), QStringLiteral("composer-response.png"));
        showProfileDialog();
    });
}

void ScreenshotTour::showProfileDialog()
{
    ProfileDialog *dialog = m_window->openProfileDialog();
    dialog->findChild<QLineEdit *>(QStringLiteral("profileIssuer"))->setText(m_sandbox->issuer());
    dialog->discover();
    auto *deviceUrl = dialog->findChild<QLineEdit *>(QStringLiteral("profileDeviceUrl"));
    when([deviceUrl] { return !deviceUrl->text().isEmpty(); },
         [this, dialog] {
             save(dialog, QStringLiteral("profile-dialog.png"));
             // Its TLS page, as a profile that needs none of it has it.
             auto *pages = dialog->findChild<QTabWidget *>(QStringLiteral("profilePages"));
             pages->setCurrentWidget(dialog->tlsEditor());
             save(dialog, QStringLiteral("profile-tls.png"));
             pages->setCurrentIndex(0);
             // The device code sign-in as a person sees it: the code, the link, the countdown.
             auto *grant = dialog->findChild<QComboBox *>(QStringLiteral("profileGrant"));
             grant->setCurrentIndex(grant->findData(QStringLiteral("device_code")));
             dialog->signIn();
             when([dialog] { return !dialog->signInPanel()->userCode().isEmpty(); },
                  [this, dialog] {
                      save(dialog, QStringLiteral("profile-device-code.png"));
                      QCoreApplication::quit();
                  });
         });
}

void ScreenshotTour::when(std::function<bool()> ready, std::function<void()> then, int tries)
{
    if (ready() || tries <= 0) {
        then();
        return;
    }
    QTimer::singleShot(200, this, [this, ready, then, tries] { when(ready, then, tries - 1); });
}

} // namespace Keyway
