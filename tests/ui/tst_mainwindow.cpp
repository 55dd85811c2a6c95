// The main window as a user drives it: real widgets on the offscreen platform, the real core,
// and an in-process sandbox on loopback.
#include "auth/clock.h"
#include "auth/tokenmanager.h"
#include "http/authorizedclient.h"
#include "log/eventlog.h"
#include "log/eventlogmodel.h"
#include "log/fingerprint.h"
#include "logfiltermodel.h"
#include "logpanel.h"
#include "mainwindow.h"
#include "sandbox/sandbox.h"
#include "store/memorytokenstore.h"
#include "tokenstatuswidget.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

using namespace Keyway;

namespace {

// The core wired as app/gui/main.cpp wires it, for the sandbox's demo profile.
struct Core
{
    explicit Core(const Sandbox &sandbox)
        : events(SystemClock::instance()),
          tokens(profileFor(sandbox), &store, &events, SystemClock::instance()),
          client(&network, &tokens, &events, SystemClock::instance())
    {
    }

    static Profile profileFor(const Sandbox &sandbox)
    {
        Profile profile;
        profile.name = QStringLiteral("sandbox");
        profile.tokenUrl = sandbox.tokenUrl();
        profile.clientId = sandbox.config().clientId;
        profile.clientSecret = sandbox.config().clientSecret;
        profile.grant = GrantType::Password;
        profile.username = sandbox.config().username;
        profile.password = sandbox.config().password;
        return profile;
    }

    QNetworkAccessManager network;
    EventLog events;
    MemoryTokenStore store;
    TokenManager tokens;
    AuthorizedClient client;
};

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<Core> m_core;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_filterTester;

    template<typename T> T *child(const char *name) const
    {
        T *found = m_window->findChild<T *>(QLatin1String(name));
        if (!found)
            qFatal("no child %s", name);
        return found;
    }
    QLabel *status() const { return child<QLabel>("responseStatus"); }
    QLabel *badge() const { return child<QLabel>("replayBadge"); }
    QPlainTextEdit *body() const { return child<QPlainTextEdit>("responseBody"); }
    QLineEdit *url() const { return child<QLineEdit>("url"); }
    EventLogModel *log() const { return m_window->logModel(); }

    void typeUrl(const QString &path)
    {
        url()->clear();
        QTest::keyClicks(url(), m_sandbox->apiUrl(path).toString());
    }

    // Rows of `type` from row `from` on.
    int rowsOf(EventType type, int from = 0) const
    {
        int count = 0;
        for (int row = from; row < log()->rowCount(); ++row)
            count += log()->eventAt(row).type == type ? 1 : 0;
        return count;
    }

private Q_SLOTS:
    void init()
    {
        m_sandbox = std::make_unique<Sandbox>();
        QString error;
        QVERIFY2(m_sandbox->start(&error), qPrintable(error));
        m_core = std::make_unique<Core>(*m_sandbox);
        m_window = std::make_unique<MainWindow>(&m_core->client, &m_core->events,
                                                SystemClock::instance(), m_sandbox.get());
        using Mode = QAbstractItemModelTester::FailureReportingMode;
        m_modelTester = std::make_unique<QAbstractItemModelTester>(log(), Mode::QtTest);
        m_filterTester = std::make_unique<QAbstractItemModelTester>(
            m_window->findChild<LogPanel *>()->filterModel(), Mode::QtTest);
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        // The window signs the demo profile in by itself.
        QTRY_COMPARE(m_core->tokens.state(), TokenManager::State::Fresh);
    }

    void cleanup()
    {
        m_filterTester.reset();
        m_modelTester.reset();
        m_window.reset();
        m_core.reset();
        m_sandbox.reset();
    }

    void demo_prefillsTheSandboxUrlAndShowsIt()
    {
        QCOMPARE(url()->text(), m_sandbox->apiUrl(QStringLiteral("/api/items")).toString());
        const QString base = m_sandbox->baseUrl().toString();
        QVERIFY(m_window->windowTitle().contains(base));
        QVERIFY(child<QLabel>("sandboxUrl")->text().contains(base));
        QVERIFY(rowsOf(EventType::SignedIn) >= 1);
    }

    void typedUrlAndCtrlReturn_sendsAndShowsStatusAndBody()
    {
        typeUrl(QStringLiteral("/api/items"));
        QTest::keyClick(url(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(status()->text().startsWith(QLatin1String("200")));
        QCOMPARE(status()->text(), QStringLiteral("200 OK"));
        // Pretty-printed JSON: one member per line.
        QVERIFY(body()->toPlainText().contains(QLatin1String("\"name\": \"alpha\"")));
        QVERIFY(!badge()->isVisible());
        QVERIFY(child<QLabel>("responseTime")->text().endsWith(QLatin1String("ms")));
        QVERIFY(child<QTableWidget>("responseHeaders")->rowCount() > 0);
    }

    void ctrlReturnInBodyEditor_sendsMethodHeadersAndBody()
    {
        child<QComboBox>("method")->setCurrentText(QStringLiteral("post"));
        typeUrl(QStringLiteral("/api/echo"));
        auto *headers = child<QTableWidget>("requestHeaders");
        QTest::mouseClick(child<QToolButton>("addHeader"), Qt::LeftButton);
        headers->item(0, 0)->setText(QStringLiteral("X-Demo"));
        headers->item(0, 1)->setText(QStringLiteral("from-the-table"));
        auto *requestBody = child<QPlainTextEdit>("requestBody");
        requestBody->setFocus();
        QTest::keyClicks(requestBody, QStringLiteral("hello"));
        QTest::keyClick(requestBody, Qt::Key_Return, Qt::ControlModifier);

        QTRY_VERIFY(status()->text().startsWith(QLatin1String("200")));
        // Ctrl+Return sent; it did not type a newline into the body.
        QCOMPARE(requestBody->toPlainText(), QStringLiteral("hello"));
        const QString echoed = body()->toPlainText();
        QVERIFY2(echoed.contains(QLatin1String("\"method\": \"POST\"")), qPrintable(echoed));
        QVERIFY2(echoed.contains(QLatin1String("from-the-table")), qPrintable(echoed));
        QVERIFY2(echoed.contains(QLatin1String("\"length\": 5")), qPrintable(echoed));
    }

    void ctrlL_focusesTheUrl()
    {
        child<QPlainTextEdit>("requestBody")->setFocus();
        QTest::keyClick(m_window.get(), Qt::Key_L, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::focusWidget(), url());
        QCOMPARE(url()->selectedText(), url()->text());
    }

    void emptyUrl_saysSoAndSendsNothing()
    {
        const int before = rowsOf(EventType::RequestStarted);
        url()->clear();
        QTest::keyClick(url(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(!m_window->statusBar()->currentMessage().isEmpty());
        QTest::qWait(50);
        QCOMPARE(rowsOf(EventType::RequestStarted), before);
    }

    void expiredTokens_sendStillShows200WithReplayBadgeAndRefreshRows()
    {
        const int mark = log()->rowCount();
        const int refreshesBefore = m_sandbox->counters().refreshes;
        m_sandbox->expireAllTokens();
        typeUrl(QStringLiteral("/api/items"));
        QTest::keyClick(url(), Qt::Key_Return, Qt::ControlModifier);

        QTRY_VERIFY(status()->text().startsWith(QLatin1String("200")));
        QVERIFY(badge()->isVisible());
        QCOMPARE(m_sandbox->counters().refreshes - refreshesBefore, 1);
        QCOMPARE(rowsOf(EventType::ChallengeReceived, mark), 1);
        QCOMPARE(rowsOf(EventType::RefreshStarted, mark), 1);
        QCOMPARE(rowsOf(EventType::RefreshSucceeded, mark), 1);
        QCOMPARE(rowsOf(EventType::RequestReplayed, mark), 1);
        // The rows read as the event names a user filters by.
        QStringList names;
        for (int row = mark; row < log()->rowCount(); ++row)
            names << log()->index(row, EventLogModel::EventColumn).data().toString();
        QVERIFY(names.contains(QStringLiteral("refresh.started")));
        QVERIFY(names.contains(QStringLiteral("refresh.succeeded")));
        QVERIFY(names.contains(QStringLiteral("request.replayed")));
    }

    void expireShortcut_worksWhileTheUrlHasFocus()
    {
        url()->setFocus();
        QTest::keyClick(url(), Qt::Key_X, Qt::ControlModifier | Qt::ShiftModifier);
        QTest::keyClick(url(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(status()->text().startsWith(QLatin1String("200")));
        QVERIFY(badge()->isVisible());
    }

    void demoBurstAfterExpiry_oneRefreshAndEveryRequestReplayed()
    {
        const int mark = log()->rowCount();
        const int refreshesBefore = m_sandbox->counters().refreshes;
        child<QAction>("expireTokensAction")->trigger();
        child<QAction>("concurrentAction")->trigger();

        QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().startsWith(
                                     QLatin1String("20 concurrent requests")),
                                 20000);
        QVERIFY2(m_window->statusBar()->currentMessage().contains(QLatin1String("20 OK")),
                 qPrintable(m_window->statusBar()->currentMessage()));
        QCOMPARE(m_sandbox->counters().refreshes - refreshesBefore, 1);
        QCOMPARE(rowsOf(EventType::RefreshStarted, mark), 1);
        QCOMPARE(rowsOf(EventType::RequestReplayed, mark), 20);
        QCOMPARE(rowsOf(EventType::RequestFinished, mark), 20);
        QVERIFY(status()->text().startsWith(QLatin1String("200")));
        QVERIFY(badge()->isVisible());
    }

    void noTokenValue_inAnyLogCellOrStatusBarText()
    {
        // Sign-in, a refresh after expiry, a burst, an explicit refresh: tokens of several
        // generations have been issued and used.
        child<QAction>("expireTokensAction")->trigger();
        child<QAction>("concurrentAction")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().startsWith(
                                     QLatin1String("20 concurrent requests")),
                                 20000);
        const quint64 generation = m_core->tokens.tokens().generation;
        child<QWidget>("tokenStatus")->findChild<QToolButton *>()->click();
        QTRY_VERIFY(m_core->tokens.tokens().generation > generation);
        QTRY_COMPARE(m_core->tokens.state(), TokenManager::State::Fresh);

        const QStringList secrets = m_sandbox->issuedSecrets();
        QVERIFY(secrets.size() >= 3);
        const auto leaks = [&secrets](const QString &text) {
            return std::any_of(secrets.begin(), secrets.end(),
                               [&text](const QString &s) { return text.contains(s); });
        };

        QVERIFY(log()->rowCount() > 50);
        for (int row = 0; row < log()->rowCount(); ++row) {
            for (int column = 0; column < log()->columnCount(); ++column) {
                const QModelIndex index = log()->index(row, column);
                for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole),
                                 int(EventLogModel::LogLineRole)}) {
                    const QString text = index.data(role).toString();
                    QVERIFY2(!leaks(text),
                             qPrintable(QStringLiteral("row %1: %2").arg(row).arg(text)));
                }
            }
        }

        QStringList statusTexts {m_window->statusBar()->currentMessage(), m_window->windowTitle()};
        for (const QLabel *label : m_window->statusBar()->findChildren<QLabel *>())
            statusTexts << label->text() << label->toolTip();
        for (const QString &text : std::as_const(statusTexts))
            QVERIFY2(!leaks(text), qPrintable(text));

        // What the indicator shows instead: the current token's fingerprint.
        const QString shown = m_window->findChild<TokenStatusWidget *>()->text();
        QVERIFY2(shown.contains(fingerprint(m_core->tokens.tokens().accessToken)),
                 qPrintable(shown));
        QVERIFY(shown.contains(QStringLiteral("gen %1").arg(m_core->tokens.tokens().generation)));
    }

    void boundedLog_staysConsistentThroughTheFilterDuringABurst()
    {
        // The testers attached in init() check every removal and insertion on the way.
        log()->setMaxRows(25);
        QVERIFY(log()->rowCount() <= 25);
        QTest::mouseClick(child<QCheckBox>("authOnly"), Qt::LeftButton);
        child<QAction>("expireTokensAction")->trigger();
        child<QAction>("concurrentAction")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().startsWith(
                                     QLatin1String("20 concurrent requests")),
                                 20000);
        QCOMPARE(log()->rowCount(), 25);
        // The newest event is the last row, in the model and through the filter.
        QCOMPARE(log()->eventAt(24).type, EventType::RequestFinished);
        LogFilterModel *filter = m_window->findChild<LogPanel *>()->filterModel();
        QVERIFY(filter->rowCount() <= 25);
        for (int row = 0; row < filter->rowCount(); ++row)
            QVERIFY(filter->index(row, 0).data(EventLogModel::IsAuthRole).toBool());
    }

    void logFilter_textAndAuthOnlyNarrowTheRows()
    {
        m_sandbox->expireAllTokens();
        typeUrl(QStringLiteral("/api/items"));
        QTest::keyClick(url(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(status()->text().startsWith(QLatin1String("200")));

        LogFilterModel *filter = m_window->findChild<LogPanel *>()->filterModel();
        QCOMPARE(filter->rowCount(), log()->rowCount());

        QTest::keyClicks(child<QLineEdit>("logFilter"), QStringLiteral("REPLAYED"));
        QCOMPARE(filter->rowCount(), 1);
        QCOMPARE(filter->index(0, EventLogModel::EventColumn).data().toString(),
                 QStringLiteral("request.replayed"));

        child<QLineEdit>("logFilter")->clear();
        QTest::mouseClick(child<QCheckBox>("authOnly"), Qt::LeftButton);
        QVERIFY(filter->rowCount() > 0);
        QVERIFY(filter->rowCount() < log()->rowCount());
        for (int row = 0; row < filter->rowCount(); ++row)
            QVERIFY(filter->index(row, 0).data(EventLogModel::IsAuthRole).toBool());
    }

    void logView_followsTheNewestRowUnlessScrolledUp()
    {
        auto *view = child<QTableView>("logView");
        QScrollBar *scroll = view->verticalScrollBar();
        child<QAction>("concurrentAction")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().startsWith(
                                     QLatin1String("20 concurrent requests")),
                                 20000);
        QTRY_VERIFY(scroll->maximum() > 0);
        QTRY_COMPARE(scroll->value(), scroll->maximum());

        scroll->setValue(0);
        const int rows = log()->rowCount();
        typeUrl(QStringLiteral("/api/items"));
        QTest::keyClick(url(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(log()->rowCount() > rows + 2);
        QTest::qWait(50);
        QCOMPARE(scroll->value(), 0);

        scroll->setValue(scroll->maximum());
        const int more = log()->rowCount();
        QTest::keyClick(url(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(log()->rowCount() > more + 2);
        QTRY_COMPARE(scroll->value(), scroll->maximum());
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
