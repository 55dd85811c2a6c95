// The main window as a user drives it: real widgets on the offscreen platform, the real core,
// and an in-process sandbox on loopback.
#include "auth/clock.h"
#include "auth/tokenmanager.h"
#include "autheditor.h"
#include "banner.h"
#include "collection/historymodel.h"
#include "collection/workspace.h"
#include "collection/workspacelocation.h"
#include "collection/workspacestore.h"
#include "collection/workspacetreemodel.h"
#include "demoactions.h"
#include "environmenteditor.h"
#include "http/authorizedclient.h"
#include "keyvaluetable.h"
#include "log/calllogmodel.h"
#include "log/eventlog.h"
#include "log/exchangelog.h"
#include "log/fingerprint.h"
#include "logdetailview.h"
#include "logfiltermodel.h"
#include "logpanel.h"
#include "mainwindow.h"
#include "modalanswer.h"
#include "namedchild.h"
#include "profiledialog.h"
#include "requestcomposer.h"
#include "requesttab.h"
#include "responseview.h"
#include "sandbox/sandbox.h"
#include "store/memorytokenstore.h"
#include "testhome.h"
#include "tokeninspector.h"
#include "tokenstatuswidget.h"
#include "windowcore.h"
#include "workspacedock.h"
#include <QTabWidget>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>

using namespace Keyway;
using namespace Keyway::Test;
using Keyway::Test::answerNextMessageBox;

namespace {

using Test::TestHome;
using Test::WindowCore;

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<WindowCore> m_core;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_filterTester;
    QTemporaryDir m_tmp;
    TestHome m_home;

    // The tree's row named `name` under `parent` (proxy indexes, as the view shows them).
    QModelIndex treeRow(const QString &name, const QModelIndex &parent = {}) const
    {
        QAbstractItemModel *model = m_window->workspaceDock()->tree()->model();
        for (int row = 0; row < model->rowCount(parent); ++row) {
            const QModelIndex index = model->index(row, 0, parent);
            if (index.data().toString() == name)
                return index;
        }
        return {};
    }

    template<typename T> T *child(const char *name) const
    {
        return namedChild<T>(m_window.get(), name);
    }
    QLabel *status() const { return child<QLabel>("responseStatus"); }
    // The status and body of the current tab (status() and body() are the first tab's).
    QLabel *tabStatus() const
    {
        return m_window->currentTab()->response()->findChild<QLabel *>(
            QStringLiteral("responseStatus"));
    }
    QPlainTextEdit *tabBody() const
    {
        return m_window->currentTab()->response()->findChild<QPlainTextEdit *>(
            QStringLiteral("responseBody"));
    }
    QLabel *badge() const { return child<QLabel>("replayBadge"); }
    QPlainTextEdit *body() const { return child<QPlainTextEdit>("responseBody"); }
    QLineEdit *url() const { return child<QLineEdit>("url"); }
    CallLogModel *log() const { return m_window->logModel(); }
    LogPanel *panel() const { return m_window->logPanel(); }

    void typeUrl(const QString &path)
    {
        url()->clear();
        QTest::keyClicks(url(), m_sandbox->apiUrl(path).toString());
    }

    // Events the log holds, in arrival order, from the `from`th on (batches flushed first).
    QList<Event> eventsSince(int from = 0) const
    {
        log()->flush();
        return log()->allEvents().mid(from);
    }
    int mark() const { return int(eventsSince().size()); }
    int rowsOf(EventType type, int from = 0) const
    {
        const QList<Event> events = eventsSince(from);
        return int(std::count_if(events.begin(), events.end(),
                                 [type](const Event &e) { return e.type == type; }));
    }
    // The top-level row of a call, or an invalid index.
    QModelIndex callRow(quint64 callId) const
    {
        for (int row = 0; row < log()->rowCount(); ++row) {
            const QModelIndex index = log()->index(row, 0);
            if (index.data(CallLogModel::RowTypeRole).toInt() == int(CallLogModel::RowType::Call)
                && index.data(CallLogModel::CallIdRole).toULongLong() == callId)
                return index;
        }
        return {};
    }
    QStringList childKinds(const QModelIndex &group) const
    {
        QStringList kinds;
        for (int row = 0; row < log()->rowCount(group); ++row)
            kinds << log()->index(row, CallLogModel::KindColumn, group).data().toString();
        return kinds;
    }
    void burstAfterExpiry()
    {
        child<QAction>("expireTokensAction")->trigger();
        child<QAction>("concurrentAction")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().startsWith(
                                     QLatin1String("20 concurrent requests")),
                                 20000);
        log()->flush();
    }
    // Every text of every row, children included, in the roles a user or an export can see.
    QStringList allTexts() const
    {
        QStringList texts;
        const std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
            for (int row = 0; row < log()->rowCount(parent); ++row) {
                for (int column = 0; column < log()->columnCount(parent); ++column) {
                    const QModelIndex index = log()->index(row, column, parent);
                    for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole),
                                     int(CallLogModel::SearchTextRole)})
                        texts << index.data(role).toString();
                }
                walk(log()->index(row, 0, parent));
            }
        };
        walk({});
        return texts;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // The window keeps its layout and open requests in QSettings, the demo workspace folder
        // and the history under GenericDataLocation: a throwaway home keeps a developer's own
        // out, and each test's to itself (cleanup() clears the settings and removes the rest).
        QString error;
        QVERIFY2(m_home.enter(&error), qPrintable(error));
        QSettings().clear();
        QVERIFY(WorkspaceLocation::workspacesRoot().startsWith(m_home.path()));
    }

    void init()
    {
        m_sandbox = std::make_unique<Sandbox>();
        QString error;
        QVERIFY2(m_sandbox->start(&error), qPrintable(error));
        m_core = std::make_unique<WindowCore>(m_sandbox.get());
        m_window = std::make_unique<MainWindow>(&m_core->profiles, m_sandbox.get());
        using Mode = QAbstractItemModelTester::FailureReportingMode;
        m_modelTester = std::make_unique<QAbstractItemModelTester>(log(), Mode::QtTest);
        m_filterTester = std::make_unique<QAbstractItemModelTester>(
            m_window->findChild<LogPanel *>()->filterModel(), Mode::QtTest);
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        // The window signs the demo profile in by itself.
        QTRY_COMPARE(m_core->tokens().state(), TokenManager::State::Fresh);
        QVERIFY(m_tmp.isValid());
    }

    void cleanup()
    {
        QSettings().clear();
        QDir(WorkspaceLocation::workspacesRoot()).removeRecursively();
        QDir(WorkspaceLocation::localRoot()).removeRecursively();
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
        child<QComboBox>("bodyMode")->setCurrentIndex(1); // raw
        child<QComboBox>("bodyContentType")->setCurrentText(QStringLiteral("text/plain"));
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
        child<QTableWidget>("requestHeaders")->setFocus();
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

    void expiredToken_oneSend_showsTheCallWithItsChainAndOneRefresh()
    {
        const int from = mark();
        const int refreshesBefore = m_sandbox->counters().refreshes;
        m_sandbox->expireAllTokens();
        typeUrl(QStringLiteral("/api/items"));
        QTest::keyClick(url(), Qt::Key_Return, Qt::ControlModifier);

        QTRY_VERIFY(status()->text().startsWith(QLatin1String("200")));
        QVERIFY(badge()->isVisible());
        QCOMPARE(m_sandbox->counters().refreshes - refreshesBefore, 1);
        QTRY_COMPARE(rowsOf(EventType::RequestFinished, from), 1);
        QCOMPARE(rowsOf(EventType::ChallengeReceived, from), 1);
        QCOMPARE(rowsOf(EventType::RefreshStarted, from), 1);
        QCOMPARE(rowsOf(EventType::RefreshSucceeded, from), 1);
        QCOMPARE(rowsOf(EventType::RequestReplayed, from), 1);

        const quint64 callId = eventsSince(from).first().callId;
        const QModelIndex call = callRow(callId);
        QVERIFY(call.isValid());
        const QStringList kinds = childKinds(call);
        QVERIFY2(kinds.indexOf(QStringLiteral("challenge.received"))
                         < kinds.indexOf(QStringLiteral("refresh.started"))
                     && kinds.indexOf(QStringLiteral("refresh.started"))
                         < kinds.indexOf(QStringLiteral("request.replayed"))
                     && kinds.last() == QStringLiteral("request.finished"),
                 qPrintable(kinds.join(QLatin1Char(','))));
        const QString chain = call.siblingAtColumn(CallLogModel::SummaryColumn).data().toString();
        QVERIFY2(chain.startsWith(QStringLiteral("401 → refresh #"))
                     && chain.endsWith(QStringLiteral("→ replayed → 200")),
                 qPrintable(chain));
        QCOMPARE(call.siblingAtColumn(CallLogModel::MethodColumn).data().toString(),
                 QStringLiteral("GET"));
        QCOMPARE(call.siblingAtColumn(CallLogModel::StatusColumn).data().toString(),
                 QStringLiteral("200"));
    }

    void expireShortcut_worksWhileTheUrlHasFocus()
    {
        url()->setFocus();
        QTest::keyClick(url(), Qt::Key_X, Qt::ControlModifier | Qt::ShiftModifier);
        QTest::keyClick(url(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(status()->text().startsWith(QLatin1String("200")));
        QVERIFY(badge()->isVisible());
    }

    void burstAfterExpiry_oneRefreshEvent_andEveryCallHasItsReplayGroupedUnderIt()
    {
        const int from = mark();
        const int refreshesBefore = m_sandbox->counters().refreshes;
        burstAfterExpiry();
        QVERIFY2(m_window->statusBar()->currentMessage().contains(QLatin1String("20 OK")),
                 qPrintable(m_window->statusBar()->currentMessage()));
        QCOMPARE(m_sandbox->counters().refreshes - refreshesBefore, 1);
        QTRY_COMPARE(rowsOf(EventType::RequestFinished, from), 20);
        QCOMPARE(rowsOf(EventType::RefreshStarted, from), 1);
        QCOMPARE(rowsOf(EventType::RequestReplayed, from), 20);

        QSet<quint64> calls;
        for (const Event &e : eventsSince(from)) {
            if (e.type == EventType::RequestStarted)
                calls.insert(e.callId);
        }
        QCOMPARE(calls.size(), 20);
        int starters = 0;
        QSet<quint64> flights;
        for (quint64 id : std::as_const(calls)) {
            const QModelIndex call = callRow(id);
            QVERIFY(call.isValid());
            const QStringList kinds = childKinds(call);
            QCOMPARE(kinds.count(QStringLiteral("request.replayed")), 1);
            QCOMPARE(kinds.count(QStringLiteral("challenge.received")), 1);
            starters += int(kinds.count(QStringLiteral("refresh.started")));
            // Started or joined the refresh, or was rejected only after it had ended and is
            // replayed with the new token without another one.
            QCOMPARE(kinds.count(QStringLiteral("refresh.started"))
                         + kinds.count(QStringLiteral("refresh.joined"))
                         + kinds.count(QStringLiteral("refresh.skipped")),
                     1);
            QCOMPARE(call.siblingAtColumn(CallLogModel::StatusColumn).data().toString(),
                     QStringLiteral("200"));
            if (const quint64 flight = call.data(CallLogModel::FlightIdRole).toULongLong())
                flights.insert(flight);
        }
        QCOMPARE(starters, 1);
        QCOMPARE(flights.size(), 1); // all twenty waited on the same refresh
        const FlightSummary *flight =
            log()->flightSummary(QStringLiteral("sandbox"), *flights.begin());
        QVERIFY(flight);
        QVERIFY(flight->ok);
        QVERIFY(status()->text().startsWith(QLatin1String("200")));
    }

    void noTokenValue_inTheLogModelTheDetailPaneOrTheExports()
    {
        burstAfterExpiry();
        const quint64 generation = m_core->tokens().tokens().generation;
        child<QWidget>("tokenStatus")->findChild<QToolButton *>()->click();
        QTRY_VERIFY(m_core->tokens().tokens().generation > generation);
        QTRY_COMPARE(m_core->tokens().state(), TokenManager::State::Fresh);
        log()->flush();

        const QStringList secrets = m_sandbox->issuedSecrets();
        QVERIFY(secrets.size() >= 3);
        const auto leaks = [&secrets](const QString &text) {
            return std::any_of(secrets.begin(), secrets.end(),
                               [&text](const QString &s) { return text.contains(s); });
        };
        QVERIFY(log()->eventCount() > 50);
        const QStringList texts = allTexts();
        for (const QString &text : texts)
            QVERIFY2(!leaks(text), qPrintable(text));

        // The detail pane, with "reveal" on too: the profile's token is not the user's to reveal.
        LogDetailView *detail = panel()->detail();
        detail->setRevealed(true);
        for (int row = 0; row < log()->rowCount(); ++row) {
            detail->showIndex(log()->index(row, 0));
            QVERIFY2(!leaks(detail->text()), qPrintable(detail->text()));
            QVERIFY(!leaks(detail->curlLine()));
        }
        QString error;
        const QString har = m_tmp.filePath(QStringLiteral("log.har"));
        const QString jsonl = m_tmp.filePath(QStringLiteral("log.jsonl"));
        QVERIFY2(panel()->exportHar(har, &error), qPrintable(error));
        QVERIFY2(panel()->exportJsonLines(jsonl, &error), qPrintable(error));
        for (const QString &path : {har, jsonl}) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY(!leaks(QString::fromUtf8(file.readAll())));
        }

        QStringList statusTexts {m_window->statusBar()->currentMessage(), m_window->windowTitle()};
        for (const QLabel *label : m_window->statusBar()->findChildren<QLabel *>())
            statusTexts << label->text() << label->toolTip();
        for (const QString &text : std::as_const(statusTexts))
            QVERIFY2(!leaks(text), qPrintable(text));
        const QString shown = m_window->findChild<TokenStatusWidget *>()->text();
        QVERIFY2(shown.contains(fingerprint(m_core->tokens().tokens().accessToken)),
                 qPrintable(shown));
    }

    void harExport_isHar12_anEntryPerAttempt_withTheAuthorizationRedacted()
    {
        m_sandbox->expireAllTokens();
        typeUrl(QStringLiteral("/api/items"));
        QTest::keyClick(url(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(status()->text().startsWith(QLatin1String("200")));
        child<QComboBox>("method")->setCurrentText(QStringLiteral("POST"));
        typeUrl(QStringLiteral("/api/echo?api_key=k3y&page=2"));
        auto *headers = child<QTableWidget>("requestHeaders");
        QTest::mouseClick(child<QToolButton>("addHeader"), Qt::LeftButton);
        headers->item(0, 0)->setText(QStringLiteral("X-Api-Key"));
        headers->item(0, 1)->setText(QStringLiteral("my-own-secret"));
        child<QComboBox>("bodyMode")->setCurrentIndex(1); // raw, application/json
        child<QPlainTextEdit>("requestBody")
            ->setPlainText(QStringLiteral("{\"password\": \"hunter2\", \"n\": 1}"));
        QTest::keyClick(url(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(m_window->exchangeLog()->count(), 2);
        QTRY_VERIFY(m_window->exchangeLog()->exchanges().last().finished);

        QString error;
        const QString path = m_tmp.filePath(QStringLiteral("calls.har"));
        QVERIFY2(panel()->exportHar(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
        QVERIFY2(parseError.error == QJsonParseError::NoError,
                 qPrintable(parseError.errorString()));
        const QJsonObject harLog = document.object().value(QStringLiteral("log")).toObject();
        QCOMPARE(harLog.value(QStringLiteral("version")).toString(), QStringLiteral("1.2"));
        QCOMPARE(harLog.value(QStringLiteral("creator"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
                 QStringLiteral("Keyway"));
        const QJsonArray entries = harLog.value(QStringLiteral("entries")).toArray();
        // The first call's 401 and its replay are entries of their own, then the POST.
        QCOMPARE(entries.size(), 3);
        const QList<int> statuses {401, 200, 200};
        for (qsizetype i = 0; i < entries.size(); ++i) {
            const QJsonValue value = entries.at(i);
            const QJsonObject entry = value.toObject();
            for (const char *field :
                 {"startedDateTime", "time", "request", "response", "cache", "timings"})
                QVERIFY2(entry.contains(QLatin1String(field)), field);
            const QJsonObject request = entry.value(QStringLiteral("request")).toObject();
            for (const char *field : {"method", "url", "httpVersion", "cookies", "headers",
                                      "queryString", "headersSize", "bodySize"})
                QVERIFY2(request.contains(QLatin1String(field)), field);
            const QJsonObject response = entry.value(QStringLiteral("response")).toObject();
            for (const char *field : {"status", "statusText", "httpVersion", "cookies", "headers",
                                      "content", "redirectURL", "headersSize", "bodySize"})
                QVERIFY2(response.contains(QLatin1String(field)), field);
            QCOMPARE(response.value(QStringLiteral("status")).toInt(), statuses.at(i));
            QString authorization;
            for (const QJsonValue &header : request.value(QStringLiteral("headers")).toArray()) {
                if (header[QStringLiteral("name")].toString().compare(
                        QLatin1String("Authorization"), Qt::CaseInsensitive)
                    == 0)
                    authorization = header[QStringLiteral("value")].toString();
            }
            QCOMPARE(authorization, QStringLiteral("Bearer ***"));
        }
        const QJsonObject rejected =
            entries.at(0).toObject().value(QStringLiteral("_keyway")).toObject();
        const QJsonObject replay =
            entries.at(1).toObject().value(QStringLiteral("_keyway")).toObject();
        QVERIFY(
            rejected.value(QStringLiteral("chain")).toString().contains(QLatin1String("replayed")));
        QCOMPARE(rejected.value(QStringLiteral("call")), replay.value(QStringLiteral("call")));
        QCOMPARE(rejected.value(QStringLiteral("outcome")).toString(), QStringLiteral("rejected"));
        QCOMPARE(rejected.value(QStringLiteral("replayedBy")).toInt(),
                 replay.value(QStringLiteral("attempt")).toInt());
        QCOMPARE(replay.value(QStringLiteral("follows")).toInt(),
                 rejected.value(QStringLiteral("attempt")).toInt());
        QVERIFY(rejected.value(QStringLiteral("access_token_sha256"))
                != replay.value(QStringLiteral("access_token_sha256")));
        const QJsonObject second =
            entries.at(2).toObject().value(QStringLiteral("request")).toObject();
        QVERIFY(
            second.value(QStringLiteral("url")).toString().contains(QLatin1String("api_key=***")));
        QVERIFY2(second.value(QStringLiteral("postData"))
                     .toObject()
                     .value(QStringLiteral("text"))
                     .toString()
                     .contains(QLatin1String("\"password\": \"***\"")),
                 QJsonDocument(second).toJson().constData());
        for (const QByteArray &secret : {QByteArrayLiteral("my-own-secret"),
                                         QByteArrayLiteral("hunter2"), QByteArrayLiteral("k3y")})
            QVERIFY2(!bytes.contains(secret), secret.constData());
        for (const QString &secret : m_sandbox->issuedSecrets())
            QVERIFY(!bytes.contains(secret.toUtf8()));

        // The detail pane reveals the user's own header on request; the curl copy never does.
        // The log model takes events in batches: under load the call's row comes a little later.
        QModelIndex call;
        QTRY_VERIFY((call = callRow(m_window->exchangeLog()->exchanges().last().callId)).isValid());
        panel()->detail()->showIndex(call);
        QVERIFY(!panel()->detail()->text().contains(QLatin1String("my-own-secret")));
        panel()->detail()->setRevealed(true);
        QVERIFY(panel()->detail()->text().contains(QLatin1String("my-own-secret")));
        const QString curl = panel()->detail()->curlLine();
        QVERIFY2(curl.startsWith(QLatin1String("curl -X POST"))
                     && curl.contains(QLatin1String("$ACCESS_TOKEN")),
                 qPrintable(curl));
        QVERIFY(!curl.contains(QLatin1String("my-own-secret")));
    }

    void cancel_abortsTheCallAtOnceAndTheHistoryRecordsIt()
    {
        HistoryModel *history = m_window->history();
        const int before = history->rowCount();
        const int hits = m_sandbox->counters().apiHits;
        const int events = int(eventsSince(0).size());
        typeUrl(QStringLiteral("/api/slow?ms=60000"));
        QTest::keyClick(url(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(m_sandbox->counters().apiHits, hits + 1); // at the server, waiting
        QCOMPARE(history->rowCount(), before);
        m_window->cancel();
        // The call ended there and then, not when the server would have answered.
        QCOMPARE(history->rowCount(), before + 1);
        const HistoryEntry &entry = history->entry(history->rowCount() - 1);
        QCOMPARE(entry.status, 0);
        QVERIFY2(entry.error.contains(QLatin1String("cancelled")), qPrintable(entry.error));
        QCOMPARE(status()->text(), QStringLiteral("Cancelled"));
        QVERIFY(!m_window->currentTab()->call());
        QTRY_COMPARE(rowsOf(EventType::RequestCancelled, events), 1);
        QCOMPARE(rowsOf(EventType::RequestFinished, events), 1);
        QCOMPARE(m_sandbox->counters().apiHits, hits + 1);
    }

    void boundedLog_staysWithinItsBoundThroughTheFilterDuringABurst()
    {
        // The testers attached in init() check every removal and insertion on the way.
        log()->setMaxEvents(25);
        QVERIFY(log()->eventCount() <= 25);
        for (const char *name : {"logKindRequests", "logKindStore"})
            QTest::mouseClick(child<QToolButton>(name), Qt::LeftButton);
        burstAfterExpiry();
        QVERIFY(log()->eventCount() <= 25);
        QVERIFY(log()->eventCount() > 0);
        LogFilterModel *filter = panel()->filterModel();
        for (int row = 0; row < filter->rowCount(); ++row) {
            const QModelIndex group = filter->index(row, 0);
            for (int child = 0; child < filter->rowCount(group); ++child) {
                const auto categories = CallLogModel::Categories(
                    filter->index(child, 0, group).data(CallLogModel::CategoriesRole).toInt());
                QVERIFY(categories & (CallLogModel::Auth | CallLogModel::Errors));
            }
        }
    }

    void logFilter_textAndKindsNarrowTheRows()
    {
        m_sandbox->expireAllTokens();
        typeUrl(QStringLiteral("/api/items"));
        QTest::keyClick(url(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(status()->text().startsWith(QLatin1String("200")));
        log()->flush();

        LogFilterModel *filter = panel()->filterModel();
        QCOMPARE(filter->rowCount(), log()->rowCount());

        QTest::keyClicks(child<QLineEdit>("logFilter"), QStringLiteral("REPLAYED"));
        QCOMPARE(filter->rowCount(), 1); // the one call that was replayed, with its events
        QCOMPARE(filter->index(0, 0).data(CallLogModel::RowTypeRole).toInt(),
                 int(CallLogModel::RowType::Call));
        QVERIFY(filter->rowCount(filter->index(0, 0)) >= 5);

        child<QLineEdit>("logFilter")->clear();
        QCOMPARE(filter->rowCount(), log()->rowCount());
        QTest::mouseClick(child<QToolButton>("logKindRequests"), Qt::LeftButton);
        QTest::mouseClick(child<QToolButton>("logKindStore"), Qt::LeftButton);
        const QModelIndex call = filter->index(filter->rowCount() - 2, 0);
        int shownChildren = 0;
        for (int row = 0; row < filter->rowCount(); ++row) {
            const QModelIndex group = filter->index(row, 0);
            for (int child = 0; child < filter->rowCount(group); ++child) {
                ++shownChildren;
                const QString kind =
                    filter->index(child, CallLogModel::KindColumn, group).data().toString();
                QVERIFY2(!kind.startsWith(QLatin1String("request.started"))
                             && !kind.startsWith(QLatin1String("token.")),
                         qPrintable(kind));
            }
        }
        Q_UNUSED(call)
        QVERIFY(shownChildren >= 3); // challenge, refresh, replay
    }

    void pause_holdsEventsBackUntilResumed()
    {
        panel()->setPaused(true);
        const int before = log()->eventCount();
        typeUrl(QStringLiteral("/api/items"));
        QTest::keyClick(url(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(status()->text().startsWith(QLatin1String("200")));
        QTest::qWait(3 * CallLogModel::BatchIntervalMs);
        QCOMPARE(log()->eventCount(), before);
        QVERIFY(log()->pendingCount() >= 3);
        panel()->setPaused(false);
        QVERIFY(log()->eventCount() >= before + 3);
    }

    void savedRequestWithVariables_resolvesFromTheEnvironmentAndTheWorkspace()
    {
        // Sandbox API / List items: {{baseUrl}} from the "sandbox" environment, {{page}} from
        // the workspace.
        auto *tree = child<QTreeView>("workspaceTree");
        const QModelIndex collection = tree->model()->index(0, 0);
        QCOMPARE(collection.data().toString(), QStringLiteral("Sandbox API"));
        const QModelIndex list = tree->model()->index(1, 0, collection); // after "Edge cases"
        QCOMPARE(list.data().toString(), QStringLiteral("List items"));
        QCOMPARE(list.data(WorkspaceTreeModel::MethodRole).toString(), QStringLiteral("GET"));
        emit tree->activated(list);
        RequestTab *tab = m_window->currentTab();
        QCOMPARE(tab->composer()->urlEdit()->text(),
                 QStringLiteral("{{baseUrl}}/api/items?page={{page}}"));
        // The query parameter shows in the table, variables and all.
        const KeyValueList params = tab->composer()->paramsTable()->rows();
        QCOMPARE(params.size(), 1);
        QCOMPARE(params.first().name, QStringLiteral("page"));
        m_window->send();
        QTRY_VERIFY(tab->response()
                        ->findChild<QLabel *>(QStringLiteral("responseStatus"))
                        ->text()
                        .startsWith(QLatin1String("200")));
        QTRY_VERIFY(m_window->exchangeLog()->count() > 0);
        QCOMPARE(m_window->exchangeLog()->exchanges().last().url,
                 m_sandbox->apiUrl(QStringLiteral("/api/items?page=1")));
    }

    void workspaceTree_showsTheCoreModelOfTheDemoWorkspaceFolder_andSearchKeepsParents()
    {
        // The demo workspace is a folder on disk, written on first run; the dock's tree is the
        // core model over the window's Workspace.
        Workspace *workspace = m_window->openWorkspace();
        QCOMPARE(workspace->folder(),
                 WorkspaceLocation::workspacesRoot() + QStringLiteral("/demo"));
        QVERIFY(QFile::exists(workspace->folder() + QStringLiteral("/workspace.json")));
        QCOMPARE(m_window->workspaceDock()->treeModel()->rowCount(),
                 int(workspace->data().collections.size() + workspace->data().requests.size()));
        QVERIFY(treeRow(QStringLiteral("Sandbox API")).isValid());
        auto *search = child<QLineEdit>("workspaceFilter");
        QTest::keyClicks(search, QStringLiteral("slow"));
        const QModelIndex api = treeRow(QStringLiteral("Sandbox API"));
        QVERIFY(api.isValid());
        QAbstractItemModel *model = m_window->workspaceDock()->tree()->model();
        QCOMPARE(model->rowCount(api), 1); // only the "Edge cases" folder leads to a match
        const QModelIndex edge = treeRow(QStringLiteral("Edge cases"), api);
        QCOMPARE(model->rowCount(edge), 1);
        QCOMPARE(model->index(0, 0, edge).data().toString(), QStringLiteral("Slow answer"));
        search->clear();
        QCOMPARE(model->rowCount(treeRow(QStringLiteral("Sandbox API"))), 4);
    }

    void openingATreeItem_opensItsTab_andSendingRecordsAHistoryRow()
    {
        const QModelIndex list =
            treeRow(QStringLiteral("List items"), treeRow(QStringLiteral("Sandbox API")));
        QVERIFY(list.isValid());
        const int tabs = m_window->tabs()->count();
        emit m_window->workspaceDock()->tree()->activated(list);
        QCOMPARE(m_window->tabs()->count(), tabs + 1);
        QCOMPARE(m_window->currentTab()->composer()->item().name, QStringLiteral("List items"));
        emit m_window->workspaceDock()->tree()->activated(list); // the open tab, not a second
        QCOMPARE(m_window->tabs()->count(), tabs + 1);

        HistoryModel *history = m_window->history();
        const int before = history->rowCount();
        m_window->send();
        QTRY_COMPARE_WITH_TIMEOUT(history->rowCount(), before + 1, 20000);
        const HistoryEntry &entry = history->entry(history->rowCount() - 1);
        QCOMPARE(entry.method, QStringLiteral("GET"));
        QCOMPARE(entry.status, 200);
        QCOMPARE(entry.requestPath, QStringLiteral("Sandbox API/List items"));
        QCOMPARE(entry.url, m_sandbox->apiUrl(QStringLiteral("/api/items?page=1")).toString());
        // The History tab shows it, newest first.
        QAbstractItemModel *shown = m_window->workspaceDock()->historyView()->model();
        QCOMPARE(shown->rowCount(), history->rowCount());
        QVERIFY(shown->index(0, 0).data().toString().startsWith(QLatin1String("GET ")));
        QCOMPARE(shown->index(0, 1).data().toString(), QStringLiteral("200"));
    }

    void ctrlS_writesTheOpenRequestIntoTheWorkspaceFolder()
    {
        const QModelIndex list =
            treeRow(QStringLiteral("List items"), treeRow(QStringLiteral("Sandbox API")));
        emit m_window->workspaceDock()->tree()->activated(list);
        QLineEdit *edit = m_window->currentTab()->composer()->urlEdit();
        edit->setFocus();
        edit->end(false);
        QTest::keyClicks(edit, QStringLiteral("&size=9"));
        QTest::keySequence(edit, QKeySequence::Save);
        QVERIFY(!m_window->openWorkspace()->isModified());
        // Read back from disk by a second Workspace on the same folder.
        Workspace reread(m_window->openWorkspace()->folder());
        QVERIFY(reread.load());
        const auto path = findItem(reread.data(), QStringLiteral("Sandbox API/List items"));
        QVERIFY(path);
        QCOMPARE(lookupItem(reread.data(), *path).request->url,
                 QStringLiteral("{{baseUrl}}/api/items?page={{page}}&size=9"));

        // A new request is saved at the workspace's top level.
        QTest::keySequence(m_window.get(), QKeySequence::New);
        QLineEdit *newUrl = m_window->currentTab()->composer()->urlEdit();
        QTest::keyClicks(newUrl, m_sandbox->apiUrl(QStringLiteral("/api/echo")).toString());
        QTest::keySequence(newUrl, QKeySequence::Save);
        QVERIFY(reread.load());
        QCOMPARE(reread.data().requests.size(), 1);
        QCOMPARE(reread.data().requests.first().url,
                 m_sandbox->apiUrl(QStringLiteral("/api/echo")).toString());
    }

    void followRedirectsOff_showsThe302_andTheComposerKeepsWhatItDoesNotEdit()
    {
        RequestItem item;
        item.name = QStringLiteral("Redirect kept");
        item.url = QStringLiteral("{{baseUrl}}/api/redirect?origin=same");
        item.settings.followRedirects = false;
        Assertion expect302;
        expect302.low = expect302.high = 302;
        item.assertions << expect302;
        RequestTab *tab = m_window->newTab(item);
        auto *follow = tab->findChild<QCheckBox *>(QStringLiteral("followRedirects"));
        QVERIFY(follow);
        QVERIFY(!follow->isChecked());
        // What the composer has no editor for (the runner's assertions) survives an edit.
        QCOMPARE(tab->composer()->item().assertions, item.assertions);
        QCOMPARE(tab->composer()->item().settings.followRedirects, false);

        m_window->send();
        QTRY_VERIFY2(tabStatus()->text().startsWith(QLatin1String("302")),
                     qPrintable(tabStatus()->text()));

        follow->setChecked(true);
        QCOMPARE(tab->composer()->item().settings.followRedirects, true);
        m_window->send();
        QTRY_VERIFY2(tabStatus()->text().startsWith(QLatin1String("200")),
                     qPrintable(tabStatus()->text()));
        QCOMPARE(tab->composer()->item().assertions, item.assertions);
    }

    void paramsTable_andUrl_stayInStep()
    {
        RequestComposer *composer = m_window->currentTab()->composer();
        composer->urlEdit()->setText(QStringLiteral("http://h/p?a=1&b=2"));
        QCOMPARE(composer->paramsTable()->rows().size(), 2);
        // Switching a parameter off keeps it in the table and takes it out of the URL.
        composer->paramsTable()->table()->item(0, 0)->setCheckState(Qt::Unchecked);
        QCOMPARE(composer->urlEdit()->text(), QStringLiteral("http://h/p?b=2"));
        QCOMPARE(composer->paramsTable()->rows().size(), 2);
        QCOMPARE(composer->item().disabledQuery.size(), 1);
        composer->paramsTable()->addRow(QStringLiteral("c"), QStringLiteral("{{page}}"));
        composer->paramsTable()->table()->item(2, 1)->setText(QStringLiteral("{{page}}"));
        QCOMPARE(composer->urlEdit()->text(), QStringLiteral("http://h/p?b=2&c={{page}}"));
    }

    void undefinedVariable_showsABannerAndKeepsWhatWasTyped()
    {
        RequestTab *tab = m_window->currentTab();
        const int before = rowsOf(EventType::RequestStarted);
        tab->composer()->urlEdit()->setText(QStringLiteral("{{nowhere}}/api/items"));
        QTest::keyClick(url(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(tab->banner()->isVisibleTo(tab));
        QVERIFY2(tab->banner()->text().contains(QLatin1String("nowhere")),
                 qPrintable(tab->banner()->text()));
        QCOMPARE(tab->composer()->urlEdit()->text(), QStringLiteral("{{nowhere}}/api/items"));
        QTest::qWait(3 * CallLogModel::BatchIntervalMs);
        QCOMPARE(rowsOf(EventType::RequestStarted), before);
    }

    void responseChain_showsTheRefreshTheCallWaitedFor()
    {
        m_sandbox->expireAllTokens();
        typeUrl(QStringLiteral("/api/items"));
        QTest::keyClick(url(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(status()->text().startsWith(QLatin1String("200")));
        const QString chain = child<QLabel>("responseChain")->text();
        QVERIFY2(chain.contains(QStringLiteral("401 → refresh #"))
                     && chain.endsWith(QStringLiteral("replayed → 200")),
                 qPrintable(chain));
    }

    void tabs_newAndCloseByShortcut()
    {
        const int tabs = m_window->tabs()->count();
        QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
        QCOMPARE(m_window->tabs()->count(), tabs + 1);
        QCOMPARE(m_window->currentTab()->composer()->urlEdit()->text(), QString());
        QTest::keyClick(m_window.get(), Qt::Key_W, Qt::ControlModifier);
        QCOMPARE(m_window->tabs()->count(), tabs);
    }

    void tokenInspector_showsStateAndClaims_neverATokenValue()
    {
        TokenInspector *inspector = m_window->tokenInspector();
        QTRY_VERIFY(
            inspector->stateText().contains(fingerprint(m_core->tokens().tokens().accessToken)));
        QVERIFY2(inspector->stateText().startsWith(QLatin1String("fresh")),
                 qPrintable(inspector->stateText()));
        for (const QString &secret : m_sandbox->issuedSecrets()) {
            QVERIFY(!inspector->stateText().contains(secret));
            QVERIFY(!inspector->claimsText().contains(secret));
        }
        // One button: Refresh now while there are tokens, Sign in once signed out.
        auto *action = inspector->findChild<QPushButton *>(QStringLiteral("inspectorRefreshNow"));
        QVERIFY(action);
        QCOMPARE(action->text(), QStringLiteral("Refresh now"));
        const quint64 generation = m_core->tokens().tokens().generation;
        action->click();
        QTRY_COMPARE(m_core->tokens().tokens().generation, generation + 1);

        inspector->findChild<QPushButton *>(QStringLiteral("inspectorSignOut"))->click();
        QTRY_VERIFY(!m_core->tokens().tokens().isValid());
        QTRY_COMPARE(action->text(), QStringLiteral("Sign in"));
        QVERIFY(action->isEnabled());
        action->click();
        QTRY_VERIFY(m_core->tokens().tokens().isValid());
        QTRY_COMPARE(action->text(), QStringLiteral("Refresh now"));
        QVERIFY2(inspector->stateText().startsWith(QLatin1String("fresh")),
                 qPrintable(inspector->stateText()));
    }

    void profileDialog_discoversEndpoints_keepsWhatWasTypedOnError_andHoldsNoSecret()
    {
        child<QAction>("profileAction")->trigger();
        ProfileDialog *dialog = m_window->findChild<ProfileDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        auto field = [dialog](const char *name) {
            QLineEdit *edit = dialog->findChild<QLineEdit *>(QLatin1String(name));
            if (!edit)
                qFatal("no field %s", name);
            return edit;
        };
        QCOMPARE(field("profileName")->text(), QStringLiteral("sandbox"));
        QCOMPARE(field("profileTokenUrl")->text(), m_sandbox->tokenUrl().toString());
        QVERIFY(field("profileClientSecret")->text().isEmpty()); // set, but never shown
        QVERIFY(field("profilePassword")->text().isEmpty());
        // The demo workspace is a real folder: Save writes the profile there.
        QVERIFY(dialog->findChild<QPushButton *>(QStringLiteral("profileSave"))->isEnabled());

        field("profileIssuer")->setText(QStringLiteral("http://127.0.0.1:1"));
        field("profileTokenUrl")->setText(QStringLiteral("http://typed.example/token"));
        dialog->discover();
        QTRY_VERIFY_WITH_TIMEOUT(
            dialog->banner()->text().startsWith(QLatin1String("Discovery failed")), 20000);
        QCOMPARE(field("profileIssuer")->text(), QStringLiteral("http://127.0.0.1:1"));
        QCOMPARE(field("profileTokenUrl")->text(), QStringLiteral("http://typed.example/token"));

        field("profileIssuer")->setText(m_sandbox->issuer());
        dialog->discover();
        QTRY_COMPARE(field("profileTokenUrl")->text(), m_sandbox->tokenUrl().toString());
        QCOMPARE(field("profileRevocationUrl")->text(), m_sandbox->revocationUrl().toString());
        QCOMPARE(field("profileDeviceUrl")->text(), m_sandbox->deviceAuthorizationUrl().toString());

        const QByteArray json =
            QJsonDocument(ProfileFile::toJson(dialog->storedProfile())).toJson();
        QVERIFY(!json.contains(m_sandbox->config().clientSecret.toUtf8()));
        QVERIFY(!json.contains(m_sandbox->config().password.toUtf8()));
        QVERIFY(json.contains("keychain"));
    }

    void demoTour_showsA401OneRefreshAndTheReplays_withoutAClick()
    {
        const int from = mark();
        const int refreshesBefore = m_sandbox->counters().refreshes;
        m_window->demo()->startTour(0, 5);
        QTRY_COMPARE_WITH_TIMEOUT(rowsOf(EventType::RequestFinished, from), 5, 20000);
        QCOMPARE(m_sandbox->counters().refreshes - refreshesBefore, 1);
        QCOMPARE(rowsOf(EventType::RefreshStarted, from), 1);
        QCOMPARE(rowsOf(EventType::ChallengeReceived, from), 5);
        QCOMPARE(rowsOf(EventType::RequestReplayed, from), 5);
    }

    void closedWindow_reopensItsRequests_andQSettingsHoldNoSecret()
    {
        RequestTab *tab = m_window->newTab();
        tab->composer()->urlEdit()->setText(
            m_sandbox->apiUrl(QStringLiteral("/api/echo?access_token=abc123&page=2")).toString());
        tab->composer()->headersTable()->addRow(QStringLiteral("X-Api-Key"),
                                                QStringLiteral("my-own-secret"));
        const int tabs = m_window->tabs()->count();
        m_filterTester.reset(); // they watch the first window's models
        m_modelTester.reset();
        QString asked;
        answerNextBox(QMessageBox::Discard, &asked);
        QVERIFY(m_window->close());
        QVERIFY2(asked.contains(QLatin1String("before the window closes")), qPrintable(asked));
        m_window = std::make_unique<MainWindow>(&m_core->profiles, m_sandbox.get());
        QCOMPARE(m_window->tabs()->count(), tabs);
        const QString reopened = static_cast<RequestTab *>(m_window->tabs()->widget(tabs - 1))
                                     ->composer()
                                     ->urlEdit()
                                     ->text();
        QVERIFY2(reopened.contains(QLatin1String("/api/echo?access_token=***&page=2")),
                 qPrintable(reopened));
        QSettings settings;
        for (const QString &key : settings.allKeys()) {
            const QString value = settings.value(key).toString()
                + settings.value(key).toStringList().join(QLatin1Char(' '));
            QVERIFY2(!value.contains(QLatin1String("abc123"))
                         && !value.contains(QLatin1String("my-own-secret")),
                     qPrintable(key));
            for (const QString &secret : m_sandbox->issuedSecrets())
                QVERIFY(!value.contains(secret));
        }
    }

    void environmentEditor_editsVariables_andNeverShowsASecretValue()
    {
        Environment dev;
        dev.name = QStringLiteral("dev");
        dev.variables << Variable {QStringLiteral("baseUrl"), QStringLiteral("http://dev"), true,
                                   false}
                      << Variable {QStringLiteral("apiKey"), QStringLiteral("s3cr3t"), true, true};
        EnvironmentEditor editor({dev});
        auto *table = editor.findChild<QTableWidget *>(QStringLiteral("environmentVariables"));
        QCOMPARE(table->rowCount(), 2);
        for (int row = 0; row < table->rowCount(); ++row) {
            for (int column = 0; column < table->columnCount(); ++column)
                QVERIFY(!table->item(row, column)->text().contains(QLatin1String("s3cr3t")));
        }
        table->item(0, 1)->setText(QStringLiteral("http://staging"));
        const QList<Environment> edited = editor.environments();
        QCOMPARE(edited.first().variables.at(0).value, QStringLiteral("http://staging"));
        QCOMPARE(edited.first().variables.at(1).value, QStringLiteral("s3cr3t")); // kept, unseen
        QVERIFY(edited.first().variables.at(1).secret);
    }

    void logView_followsTheNewestRowUnlessScrolledUp()
    {
        auto *view = child<QTreeView>("logView");
        QScrollBar *scroll = view->verticalScrollBar();
        child<QAction>("concurrentAction")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().startsWith(
                                     QLatin1String("20 concurrent requests")),
                                 20000);
        QTRY_VERIFY(scroll->maximum() > 0);
        QTRY_COMPARE(scroll->value(), scroll->maximum());

        scroll->setValue(0);
        const int rows = log()->eventCount();
        typeUrl(QStringLiteral("/api/items"));
        QTest::keyClick(url(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(log()->eventCount() > rows + 2);
        QTest::qWait(50);
        QCOMPARE(scroll->value(), 0);

        scroll->setValue(scroll->maximum());
        const int more = log()->eventCount();
        QTest::keyClick(url(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(log()->eventCount() > more + 2);
        QTRY_COMPARE(scroll->value(), scroll->maximum());
    }

    // ---- per-request auth: none, a fixed Bearer, Basic -----------------------------------

    void authOfTheRequest_sentAsItIsWithoutTheProfilesToken_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("username");
        QTest::addColumn<QString>("password");
        QTest::addColumn<int>("expectedStatus");
        QTest::addColumn<QByteArray>("received");
        const auto basic = [](const char *credentials) {
            return "Basic " + QByteArray(credentials).toBase64();
        };
        // The sandbox's API wants a Bearer token it issued: without one it answers 401, and the
        // client without a TokenManager neither attaches the profile's token nor refreshes.
        QTest::newRow("none") << int(RequestAuth::Mode::None) << QString() << QString() << QString()
                              << 401 << QByteArray();
        QTest::newRow("bearer") << int(RequestAuth::Mode::Bearer)
                                << QStringLiteral("{{fixed}}-token") << QString() << QString()
                                << 401 << QByteArray("Bearer my-fixed-token");
        QTest::newRow("basic") << int(RequestAuth::Mode::Basic) << QString()
                               << QStringLiteral("{{user}}") << QStringLiteral("pä ss:1") << 401
                               << basic("ada:p\xc3\xa4 ss:1");
    }
    void authOfTheRequest_sentAsItIsWithoutTheProfilesToken()
    {
        QFETCH(int, mode);
        QFETCH(QString, token);
        QFETCH(QString, username);
        QFETCH(QString, password);
        QFETCH(int, expectedStatus);
        QFETCH(QByteArray, received);

        RequestItem item;
        item.method = QStringLiteral("POST");
        item.url = QStringLiteral("{{baseUrl}}/api/echo");
        item.variables << Variable {QStringLiteral("fixed"), QStringLiteral("my-fixed"), true,
                                    false}
                       << Variable {QStringLiteral("user"), QStringLiteral("ada"), true, false};
        RequestTab *tab = m_window->newTab(item);
        // Chosen and typed on the Auth tab, as a user does.
        auto *modeBox = tab->findChild<QComboBox *>(QStringLiteral("authMode"));
        QVERIFY(modeBox);
        QStringList offered;
        for (int i = 0; i < modeBox->count(); ++i)
            offered << modeBox->itemText(i);
        QCOMPARE(offered.mid(1),
                 QStringList({QStringLiteral("No auth"), QStringLiteral("OAuth profile"),
                              QStringLiteral("Bearer token"), QStringLiteral("Basic auth")}));
        // A new request sits at the workspace's top level: it inherits the workspace's profile.
        QCOMPARE(offered.first(), QStringLiteral("Inherit (sandbox)"));
        QVERIFY2(tab->findChild<QLabel *>(QStringLiteral("authNote"))
                     ->text()
                     .contains(QLatin1String("from the workspace 'Demo'")),
                 qPrintable(tab->findChild<QLabel *>(QStringLiteral("authNote"))->text()));
        tab->findChild<QTabWidget *>(QStringLiteral("requestTabs"))
            ->setCurrentWidget(tab->composer()->authEditor());
        modeBox->setCurrentIndex(modeBox->findData(mode));
        const auto type = [tab](const char *name, const QString &text) {
            auto *edit = tab->findChild<QLineEdit *>(QLatin1String(name));
            QVERIFY(edit);
            QCOMPARE(edit->isVisibleTo(tab), !text.isEmpty());
            edit->setFocus();
            edit->insert(text); // QTest::keyClicks takes ASCII only
        };
        type("authToken", token);
        type("authUsername", username);
        type("authPassword", password);
        QCOMPARE(int(tab->composer()->item().auth.mode), mode);

        const int from = mark();
        const int refreshes = m_sandbox->counters().refreshes;
        const int exchanges = m_window->exchangeLog()->count();
        HistoryModel *history = m_window->history();
        const int historyRows = history->rowCount();
        m_window->send();
        QTRY_VERIFY(tabStatus()->text().startsWith(QString::number(expectedStatus)));
        QVERIFY2(!tab->banner()->isVisibleTo(tab), qPrintable(tab->banner()->text()));
        QCOMPARE(m_sandbox->lastRequestHeader("authorization"), received);
        QCOMPARE(m_sandbox->counters().refreshes, refreshes);

        // The live log has the call, under no profile, and nothing of the token machinery.
        QTRY_COMPARE(rowsOf(EventType::RequestFinished, from), 1);
        QCOMPARE(rowsOf(EventType::ChallengeReceived, from), 0);
        QCOMPARE(rowsOf(EventType::RefreshStarted, from), 0);
        QCOMPARE(rowsOf(EventType::TokenAttached, from), 0);
        const Event finished = eventsSince(from).last();
        QCOMPARE(finished.profile, QString());
        const QModelIndex call = callRow(finished.callId);
        QVERIFY(call.isValid());
        QCOMPARE(call.siblingAtColumn(CallLogModel::StatusColumn).data().toString(),
                 QString::number(expectedStatus));
        QCOMPARE(m_window->exchangeLog()->count(), exchanges + 1);
        QTRY_COMPARE(history->rowCount(), historyRows + 1);
        QCOMPARE(history->entry(history->rowCount() - 1).profile, QString());
        QCOMPARE(history->entry(history->rowCount() - 1).status, expectedStatus);
        // What was sent is kept redacted: no credential in the history or an export.
        QString error;
        const QString har = m_tmp.filePath(QStringLiteral("auth.har"));
        QVERIFY2(panel()->exportHar(har, &error), qPrintable(error));
        QFile file(har);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray exported = file.readAll();
        QVERIFY(!exported.contains("my-fixed-token"));
        QVERIFY(received.isEmpty() || !exported.contains(received.mid(6)));
    }

    void fixedBearerOfAValidToken_answers200_andTheEchoShowsTheResolvedHeaders()
    {
        RequestItem item;
        item.method = QStringLiteral("POST");
        item.url = QStringLiteral("{{baseUrl}}/api/echo");
        item.auth.mode = RequestAuth::Mode::Bearer;
        item.auth.token = QStringLiteral("{{issued}}");
        item.headers << KeyValue {QStringLiteral("X-Page"), QStringLiteral("{{page}}"), true, {}};
        item.variables << Variable {QStringLiteral("issued"), m_core->tokens().tokens().accessToken,
                                    true, true};
        m_window->newTab(item);
        m_window->send();
        QTRY_VERIFY(tabStatus()->text().startsWith(QLatin1String("200")));
        QCOMPARE(m_sandbox->lastRequestHeader("authorization"),
                 "Bearer " + m_core->tokens().tokens().accessToken.toUtf8());
        QVERIFY2(tabBody()->toPlainText().contains(QLatin1String("\"x-page\": \"1\"")),
                 qPrintable(tabBody()->toPlainText()));
    }

    // ---- workspaces ------------------------------------------------------------------------

    // A workspace folder as core writes it: one collection with one request.
    QString writeWorkspace(const QString &folder, const QString &name)
    {
        WorkspaceData data;
        data.name = name;
        data.auth.mode = RequestAuth::Mode::Profile;
        data.auth.profile = QStringLiteral("sandbox");
        Environment env;
        env.name = QStringLiteral("local");
        env.variables << Variable {QStringLiteral("baseUrl"), m_sandbox->baseUrl().toString(), true,
                                   false};
        data.environments << env;
        FolderItem orders;
        orders.name = QStringLiteral("Orders");
        RequestItem list;
        list.name = QStringLiteral("List orders");
        list.url = QStringLiteral("{{baseUrl}}/api/items");
        orders.requests << list;
        data.collections << orders;
        WorkspaceStore store(folder);
        const WorkspaceSaveResult saved = store.save(data);
        if (!saved.ok())
            qFatal("could not write the workspace: %s",
                   qPrintable(saved.problems.first().toString()));
        return folder;
    }

    // Answers the next QMessageBox with `button` (and keeps its text).
    QTimer *answerNextBox(QMessageBox::StandardButton button, QString *text)
    {
        return answerNextMessageBox(this, button, text);
    }

    QString fileText(const QString &path) const
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

    void openWorkspace_showsItsRequests_andCtrlSWritesTheEditToItsFiles()
    {
        const QString folder =
            writeWorkspace(m_tmp.filePath(QStringLiteral("shop")), QStringLiteral("Shop"));
        const QString demoFolder = m_window->openWorkspace()->folder();
        const QString demoFile =
            demoFolder + QStringLiteral("/Sandbox API/List items.request.json");
        const QString demoText = fileText(demoFile);
        QVERIFY(!demoText.isEmpty());

        QVERIFY(m_window->openWorkspaceAt(folder));
        QCOMPARE(m_window->openWorkspace()->folder(), folder);
        QCOMPARE(m_window->workspace().name, QStringLiteral("Shop"));
        QVERIFY(!m_window->workspaceBanner()->isVisibleTo(m_window.get()));
        QVERIFY(!treeRow(QStringLiteral("Sandbox API")).isValid());
        const QModelIndex list =
            treeRow(QStringLiteral("List orders"), treeRow(QStringLiteral("Orders")));
        QVERIFY(list.isValid());
        // The old workspace's tabs are closed; one empty tab is left.
        QCOMPARE(m_window->tabs()->count(), 1);
        QCOMPARE(m_window->currentTab()->composer()->item().url, QString());
        QCOMPARE(child<QComboBox>("environment")->currentText(), QStringLiteral("local"));
        QCOMPARE(MainWindow::recentWorkspaces().value(0), folder);
        QCOMPARE(MainWindow::recentWorkspaces().value(1), demoFolder);

        emit m_window->workspaceDock()->tree()->activated(list);
        QLineEdit *edit = m_window->currentTab()->composer()->urlEdit();
        edit->setFocus();
        edit->end(false);
        QTest::keyClicks(edit, QStringLiteral("?page=2"));
        m_window->send();
        QTRY_VERIFY(tabStatus()->text().startsWith(QLatin1String("200")));
        QTest::keySequence(edit, QKeySequence::Save);
        QVERIFY(!m_window->openWorkspace()->isModified());
        const QString file = folder + QStringLiteral("/Orders/List orders.request.json");
        QVERIFY2(fileText(file).contains(QLatin1String("{{baseUrl}}/api/items?page=2")),
                 qPrintable(fileText(file)));
        WorkspaceStore reread(folder);
        const WorkspaceLoadResult loaded = reread.load();
        QVERIFY(loaded.problems.isEmpty());
        QCOMPARE(loaded.data.collections.first().requests.first().url,
                 QStringLiteral("{{baseUrl}}/api/items?page=2"));
        // The demo workspace's files were left alone, and the history is this workspace's.
        QCOMPARE(fileText(demoFile), demoText);
        QCOMPARE(m_window->history()->rowCount(), 1);
        QCOMPARE(m_window->history()->entry(0).requestPath, QStringLiteral("Orders/List orders"));
    }

    void ctrlO_opensTheFolderChosenInTheDialog_andOpenRecentOpensItAgain()
    {
        const QString folder =
            writeWorkspace(m_tmp.filePath(QStringLiteral("chosen")), QStringLiteral("Chosen"));
        const QString demoFolder = m_window->openWorkspace()->folder();
        bool seen = false;
        auto *timer = new QTimer(this);
        timer->setInterval(20);
        connect(timer, &QTimer::timeout, this, [timer, folder, &seen] {
            auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            seen = dialog->objectName() == QLatin1String("openWorkspaceDialog")
                && dialog->fileMode() == QFileDialog::Directory;
            timer->deleteLater();
            // With nothing typed, a directory dialog accepts the folder it shows.
            dialog->setDirectory(folder);
            static_cast<QDialog *>(dialog)->accept(); // protected in QFileDialog
        });
        timer->start();
        QTest::keyClick(m_window.get(), Qt::Key_O, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(seen, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->openWorkspace()->folder(), folder, 20000);

        // File > Open Recent lists both, newest first, and takes the user back.
        auto *recent = child<QMenu>("recentWorkspacesMenu");
        emit recent->aboutToShow();
        QStringList texts;
        QAction *demo = nullptr;
        for (QAction *action : recent->actions()) {
            texts << action->text();
            if (action->text() == demoFolder)
                demo = action;
        }
        QVERIFY2(texts.size() >= 2 && texts.at(0) == folder && texts.at(1) == demoFolder,
                 qPrintable(texts.join(QLatin1Char('|'))));
        demo->trigger();
        QCOMPARE(m_window->openWorkspace()->folder(), demoFolder);
        QVERIFY(treeRow(QStringLiteral("Sandbox API")).isValid());
        // QSettings keep the paths and nothing else of them.
        QSettings settings;
        QCOMPARE(settings.value(QStringLiteral("workspaces/recent")).toStringList(),
                 QStringList({demoFolder, folder}));
    }

    void openWorkspace_thatIsNone_orBroken_saysWhatToDoInABanner_andChangesNothing()
    {
        const QString demoFolder = m_window->openWorkspace()->folder();
        Banner *banner = m_window->workspaceBanner();

        const QString plain = m_tmp.filePath(QStringLiteral("plain"));
        QVERIFY(QDir().mkpath(plain));
        QVERIFY(!m_window->openWorkspaceAt(plain));
        QVERIFY(banner->isVisibleTo(m_window.get()));
        QVERIFY2(banner->text().contains(plain)
                     && banner->text().contains(QLatin1String("no workspace.json"))
                     && banner->text().contains(QLatin1String("New Workspace")),
                 qPrintable(banner->text()));
        QCOMPARE(m_window->openWorkspace()->folder(), demoFolder);
        QVERIFY(!QFile::exists(plain + QStringLiteral("/workspace.json")));

        const QString broken = m_tmp.filePath(QStringLiteral("broken"));
        QVERIFY(QDir().mkpath(broken));
        QFile json(broken + QStringLiteral("/workspace.json"));
        QVERIFY(json.open(QIODevice::WriteOnly));
        json.write("{\"format\": 1, \"name\": ");
        json.close();
        QVERIFY(!m_window->openWorkspaceAt(broken));
        QVERIFY2(banner->text().contains(json.fileName())
                     && banner->text().contains(QLatin1String("fix it")),
                 qPrintable(banner->text()));
        QCOMPARE(fileText(json.fileName()), QStringLiteral("{\"format\": 1, \"name\": "));
        QCOMPARE(m_window->openWorkspace()->folder(), demoFolder);
        QVERIFY(!MainWindow::recentWorkspaces().contains(broken));

        // A broken request file: the rest opens, the banner names the file, a save keeps it.
        const QString partly =
            writeWorkspace(m_tmp.filePath(QStringLiteral("partly")), QStringLiteral("Partly"));
        QFile bad(partly + QStringLiteral("/Orders/Broken.request.json"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{ not json");
        bad.close();
        QVERIFY(m_window->openWorkspaceAt(partly));
        QVERIFY(banner->isVisibleTo(m_window.get()));
        QVERIFY2(banner->text().contains(bad.fileName())
                     && banner->text().contains(QLatin1String("nothing of them is overwritten")),
                 qPrintable(banner->text()));
        QVERIFY(
            treeRow(QStringLiteral("List orders"), treeRow(QStringLiteral("Orders"))).isValid());
        m_window->currentTab()->composer()->urlEdit()->setText(QStringLiteral("http://h/new"));
        QTest::keySequence(m_window.get(), QKeySequence::Save);
        QVERIFY(!m_window->openWorkspace()->isModified());
        QCOMPARE(fileText(bad.fileName()), QStringLiteral("{ not json"));
    }

    void openWorkspace_withUnsavedEdits_asksFirst_cancelKeepsAll_saveWritesThem()
    {
        const QString demoFolder = m_window->openWorkspace()->folder();
        const QString other =
            writeWorkspace(m_tmp.filePath(QStringLiteral("other")), QStringLiteral("Other"));
        const QModelIndex list =
            treeRow(QStringLiteral("List items"), treeRow(QStringLiteral("Sandbox API")));
        emit m_window->workspaceDock()->tree()->activated(list);
        RequestTab *edited = m_window->currentTab();
        QVERIFY(!edited->isModified());
        edited->composer()->urlEdit()->setText(QStringLiteral("{{baseUrl}}/api/items?edited=1"));
        QVERIFY(edited->isModified());
        const int tabs = m_window->tabs()->count();

        QString asked;
        answerNextBox(QMessageBox::Cancel, &asked);
        QVERIFY(!m_window->openWorkspaceAt(other));
        QVERIFY2(asked.contains(QLatin1String("List items")), qPrintable(asked));
        QCOMPARE(m_window->openWorkspace()->folder(), demoFolder);
        QCOMPARE(m_window->tabs()->count(), tabs);
        QCOMPARE(edited->composer()->item().url, QStringLiteral("{{baseUrl}}/api/items?edited=1"));

        answerNextBox(QMessageBox::Save, &asked);
        QVERIFY(m_window->openWorkspaceAt(other));
        QCOMPARE(m_window->openWorkspace()->folder(), other);
        QCOMPARE(m_window->tabs()->count(), 1);
        QVERIFY(fileText(demoFolder + QStringLiteral("/Sandbox API/List items.request.json"))
                    .contains(QLatin1String("edited=1")));
    }

    void scratchWorkspace_historyInMemoryUntilSaved_thenKeptWithWhatWasSent()
    {
        // Without the demo and with no default workspace yet: a scratch one, not on disk.
        auto scratch = std::make_unique<MainWindow>(&m_core->profiles);
        QVERIFY(scratch->workspace().id.isEmpty());
        QVERIFY(scratch->history()->isInMemoryOnly());
        // The History tab says so until the first save.
        auto *hint = scratch->findChild<QLabel *>(QStringLiteral("historyInMemoryHint"));
        QVERIFY(hint);
        QVERIFY(!hint->isHidden());
        const auto sendFrom = [&scratch, this](const QString &path, int historyRows) {
            RequestItem item;
            item.url = m_sandbox->apiUrl(path).toString();
            scratch->newTab(item);
            scratch->send();
            QTRY_COMPARE_WITH_TIMEOUT(scratch->history()->rowCount(), historyRows, 20000);
        };
        sendFrom(QStringLiteral("/api/items"), 1);

        scratch->findChild<QAction *>(QStringLiteral("saveAction"))->trigger();
        const QString id = scratch->workspace().id;
        QVERIFY(!id.isEmpty());
        QVERIFY(!scratch->history()->isInMemoryOnly());
        QVERIFY(hint->isHidden());
        const QString historyFile = HistoryModel::defaultFile(id);
        QCOMPARE(fileText(historyFile).count(QLatin1Char('\n')), 1);
        sendFrom(QStringLiteral("/api/items/1"), 2);
        QCOMPARE(fileText(historyFile).count(QLatin1Char('\n')), 2);

        // The next start opens the saved default workspace with both.
        const QString folder = scratch->openWorkspace()->folder();
        scratch = std::make_unique<MainWindow>(&m_core->profiles);
        QCOMPARE(scratch->openWorkspace()->folder(), folder);
        QCOMPARE(scratch->workspace().id, id);
        QCOMPARE(scratch->history()->rowCount(), 2);
        QVERIFY(scratch->history()->entry(1).url.contains(QLatin1String("/api/items/1")));
    }

    void closingTheWindow_asksOnlyAboutUnsavedEdits_cancelKeepsIt_discardAndSaveClose()
    {
        // Nothing edited: it closes without a question (one would be cancelled, and noticed).
        QString asked;
        QPointer<QTimer> guard = answerNextBox(QMessageBox::Cancel, &asked);
        QVERIFY(m_window->close());
        QVERIFY(!m_window->isVisible());
        QVERIFY2(asked.isEmpty(), qPrintable(asked));
        delete guard;

        m_window->show();
        const QString file = m_window->openWorkspace()->folder()
            + QStringLiteral("/Sandbox API/List items.request.json");
        const QString before = fileText(file);
        emit m_window->workspaceDock()->tree()->activated(
            treeRow(QStringLiteral("List items"), treeRow(QStringLiteral("Sandbox API"))));
        RequestTab *edited = m_window->currentTab();
        const QString url = QStringLiteral("{{baseUrl}}/api/items?closing=1");
        edited->composer()->urlEdit()->setText(url);
        const int tabs = m_window->tabs()->count();

        answerNextBox(QMessageBox::Cancel, &asked);
        QVERIFY(!m_window->close());
        QVERIFY2(asked.contains(QLatin1String("List items"))
                     && asked.contains(QLatin1String("before the window closes")),
                 qPrintable(asked));
        QVERIFY(m_window->isVisible());
        QCOMPARE(m_window->tabs()->count(), tabs);
        QCOMPARE(m_window->currentTab(), edited);
        QCOMPARE(edited->composer()->item().url, url);
        QVERIFY(edited->isModified());

        asked.clear();
        answerNextBox(QMessageBox::Discard, &asked);
        QVERIFY(m_window->close());
        QVERIFY(!asked.isEmpty());
        QVERIFY(!m_window->isVisible());
        QCOMPARE(fileText(file), before);

        m_window->show();
        QVERIFY(edited->isModified());
        asked.clear();
        answerNextBox(QMessageBox::Save, &asked);
        QVERIFY(m_window->close());
        QVERIFY(!asked.isEmpty());
        QVERIFY(!m_window->isVisible());
        QVERIFY2(fileText(file).contains(QLatin1String("closing=1")), qPrintable(fileText(file)));
        QVERIFY(!edited->isModified());
        QVERIFY(!m_window->openWorkspace()->isModified());
    }

    void newWorkspace_isCreatedByTheCore_savesItsFirstRequest_andRefusesAFullFolder()
    {
        const QString fresh = m_tmp.filePath(QStringLiteral("fresh"));
        QVERIFY(m_window->newWorkspaceAt(fresh));
        QCOMPARE(m_window->openWorkspace()->folder(), fresh);
        QString error;
        const auto location = WorkspaceLocation::resolve(fresh, &error);
        QVERIFY(location && location->exists());
        QCOMPARE(location->name(), QStringLiteral("fresh"));
        QVERIFY(!location->id().isEmpty());
        QCOMPARE(m_window->workspace().id, location->id());
        QCOMPARE(m_window->workspaceDock()->treeModel()->rowCount(), 0);

        QLineEdit *edit = m_window->currentTab()->composer()->urlEdit();
        QTest::keyClicks(edit, m_sandbox->apiUrl(QStringLiteral("/api/items")).toString());
        QTest::keySequence(edit, QKeySequence::Save);
        WorkspaceStore reread(fresh);
        const WorkspaceLoadResult loaded = reread.load();
        QCOMPARE(loaded.data.requests.size(), 1);
        QCOMPARE(loaded.data.requests.first().url,
                 m_sandbox->apiUrl(QStringLiteral("/api/items")).toString());

        Banner *banner = m_window->workspaceBanner();
        QVERIFY(!m_window->newWorkspaceAt(fresh));
        QVERIFY2(banner->text().contains(QLatin1String("already holds one")),
                 qPrintable(banner->text()));
        const QString full = m_tmp.filePath(QStringLiteral("full"));
        QVERIFY(QDir().mkpath(full));
        QFile mine(full + QStringLiteral("/notes.txt"));
        QVERIFY(mine.open(QIODevice::WriteOnly));
        mine.write("mine");
        mine.close();
        QVERIFY(!m_window->newWorkspaceAt(full));
        QVERIFY2(banner->text().contains(QLatin1String("not empty")), qPrintable(banner->text()));
        QVERIFY(!QFile::exists(full + QStringLiteral("/workspace.json")));
        QCOMPARE(m_window->openWorkspace()->folder(), fresh);
    }

    void startWorkspace_opensTheOneGiven_orSaysWhyNotAndOpensTheDemo()
    {
        const QString folder =
            writeWorkspace(m_tmp.filePath(QStringLiteral("start")), QStringLiteral("Start"));
        m_filterTester.reset();
        m_modelTester.reset();
        m_window = std::make_unique<MainWindow>(&m_core->profiles, m_sandbox.get(), folder);
        QCOMPARE(m_window->openWorkspace()->folder(), folder);
        QVERIFY(treeRow(QStringLiteral("Orders")).isValid());

        // A bare name is a folder under the workspaces folder, as keyway-cli reads it.
        m_window = std::make_unique<MainWindow>(&m_core->profiles, m_sandbox.get(),
                                                QStringLiteral("nowhere"));
        QCOMPARE(m_window->openWorkspace()->folder(),
                 WorkspaceLocation::workspacesRoot() + QStringLiteral("/demo"));
        const QString text = m_window->workspaceBanner()->text();
        QVERIFY2(text.contains(WorkspaceLocation::workspacesRoot() + QStringLiteral("/nowhere"))
                     && text.contains(QLatin1String("does not exist")),
                 qPrintable(text));
    }

    void demoWorkspace_readBackFromItsFolder_keepsItsAuthAndVariables()
    {
        // The next start reads the demo from disk: its requests still go with the profile.
        m_filterTester.reset();
        m_modelTester.reset();
        m_window = std::make_unique<MainWindow>(&m_core->profiles, m_sandbox.get());
        QVERIFY(!m_window->openWorkspace()->isModified());
        QCOMPARE(m_window->workspace().name, QStringLiteral("Demo"));
        QCOMPARE(m_window->workspace().auth.mode, RequestAuth::Mode::Profile);
        QCOMPARE(m_window->workspace().auth.profile, QStringLiteral("sandbox"));
        QCOMPARE(m_window->workspace().variables.value(0).name, QStringLiteral("page"));
        m_window->openItem(
            *findItem(m_window->workspace(), QStringLiteral("Sandbox API/List items")));
        m_window->send();
        QTRY_VERIFY(tabStatus()->text().startsWith(QLatin1String("200")));
        QCOMPARE(m_sandbox->lastRequestHeader("authorization"),
                 "Bearer " + m_core->tokens().tokens().accessToken.toUtf8());
    }

    void scratchWorkspace_withoutTheDemo_isSavedIntoTheDefaultFolder()
    {
        m_filterTester.reset();
        m_modelTester.reset();
        m_window = std::make_unique<MainWindow>(&m_core->profiles);
        const QString folder =
            WorkspaceLocation::workspacesRoot() + QLatin1Char('/') + WorkspaceLocation::DefaultName;
        QCOMPARE(m_window->openWorkspace()->folder(), folder);
        QVERIFY(!QFile::exists(folder + QStringLiteral("/workspace.json")));
        QLineEdit *edit = m_window->currentTab()->composer()->urlEdit();
        edit->setText(m_sandbox->apiUrl(QStringLiteral("/api/items")).toString());
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keySequence(m_window.get(), QKeySequence::Save);
        QVERIFY(!m_window->openWorkspace()->isModified());
        WorkspaceStore reread(folder);
        const WorkspaceLoadResult loaded = reread.load();
        QVERIFY(loaded.found);
        QCOMPARE(loaded.data.name, QStringLiteral("Scratch"));
        QVERIFY(!loaded.data.id.isEmpty());
        QCOMPARE(loaded.data.auth.profile, QStringLiteral("sandbox"));
        QCOMPARE(loaded.data.requests.size(), 1);
        QCOMPARE(loaded.data.requests.first().url,
                 m_sandbox->apiUrl(QStringLiteral("/api/items")).toString());
        QCOMPARE(MainWindow::recentWorkspaces().value(0), folder);
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
