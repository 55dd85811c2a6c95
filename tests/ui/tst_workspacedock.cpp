// The workspace dock over the core's models: the history's column proxy under
// QAbstractItemModelTester while rows arrive, the bound drops the oldest, a search narrows them
// and another workspace's history replaces them.
#include "collection/historymodel.h"
#include "collection/workspace.h"
#include "collection/workspacetreemodel.h"
#include "screenshots.h"
#include "workspacedock.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

HistoryEntry sent(const QString &method, const QString &url, int status, qint64 ms)
{
    HistoryEntry entry;
    entry.sentAtMs = 1'700'000'000'000 + ms;
    entry.method = method;
    entry.url = url;
    entry.status = status;
    entry.durationMs = ms;
    return entry;
}

WorkspaceData oneRequest(const QString &collection, const QString &request)
{
    WorkspaceData data;
    data.name = collection;
    FolderItem folder;
    folder.name = collection;
    RequestItem item;
    item.name = request;
    item.url = QStringLiteral("http://127.0.0.1:1/") + request;
    folder.requests << item;
    data.collections << folder;
    return data;
}

} // namespace

class tst_WorkspaceDock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void historyColumns_passTheModelTester_throughAppendsTheBoundSearchAndASwap()
    {
        QTemporaryDir dir;
        Workspace workspace(dir.filePath(QStringLiteral("a")));
        workspace.setData(oneRequest(QStringLiteral("Users"), QStringLiteral("List")));
        HistoryModel history(QString(), 3);
        WorkspaceDock dock(&workspace, &history);
        QAbstractItemModel *columns = dock.historyView()->model();
        QAbstractItemModelTester tester(columns,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester treeTester(dock.tree()->model(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);

        QCOMPARE(columns->columnCount(), 3);
        QCOMPARE(columns->headerData(1, Qt::Horizontal).toString(), QStringLiteral("Status"));
        history.append(sent(QStringLiteral("GET"), QStringLiteral("http://h/users"), 200, 12));
        history.append(sent(QStringLiteral("POST"), QStringLiteral("http://h/orders"), 0, 30));
        QCOMPARE(columns->rowCount(), 2);
        // Newest first: the failed POST, then the GET.
        QCOMPARE(columns->index(0, 0).data().toString(), QStringLiteral("POST http://h/orders"));
        QCOMPARE(columns->index(0, 1).data().toString(), QStringLiteral("failed"));
        QCOMPARE(columns->index(1, 1).data().toString(), QStringLiteral("200"));
        QCOMPARE(columns->index(1, 2).data().toString(), QStringLiteral("12 ms"));
        QCOMPARE(columns->index(1, 2).data(HistoryModel::MethodRole).toString(),
                 QStringLiteral("GET"));
        QVERIFY(!columns->index(0, 3).isValid());
        QVERIFY(!columns->index(0, 0, columns->index(0, 0)).isValid());
        QCOMPARE(columns->rowCount(columns->index(0, 1)), 0);

        // Past the bound of three the oldest goes (removal under the tester).
        history.append(sent(QStringLiteral("PUT"), QStringLiteral("http://h/users/1"), 204, 5));
        history.append(sent(QStringLiteral("DELETE"), QStringLiteral("http://h/users/1"), 404, 7));
        QCOMPARE(history.rowCount(), 3);
        QCOMPARE(columns->rowCount(), 3);
        QCOMPARE(columns->index(2, 0).data().toString(), QStringLiteral("POST http://h/orders"));

        // One search box narrows the tree and the history.
        auto *search = dock.findChild<QLineEdit *>(QStringLiteral("workspaceFilter"));
        QTest::keyClicks(search, QStringLiteral("users/1"));
        QCOMPARE(columns->rowCount(), 2);
        QCOMPARE(dock.tree()->model()->rowCount(), 0);
        search->clear();
        QCOMPARE(columns->rowCount(), 3);
        QCOMPARE(dock.tree()->model()->rowCount(), 1);

        // Another workspace and its history take their place.
        Workspace other(dir.filePath(QStringLiteral("b")));
        other.setData(oneRequest(QStringLiteral("Orders"), QStringLiteral("Create")));
        HistoryModel otherHistory(QString(), 3);
        otherHistory.append(sent(QStringLiteral("GET"), QStringLiteral("http://h/b"), 200, 1));
        dock.setWorkspace(&other, &otherHistory);
        QCOMPARE(columns->rowCount(), 1);
        QCOMPARE(columns->index(0, 0).data().toString(), QStringLiteral("GET http://h/b"));
        QCOMPARE(dock.tree()->model()->index(0, 0).data().toString(), QStringLiteral("Orders"));
        history.append(sent(QStringLiteral("GET"), QStringLiteral("http://h/old"), 200, 1));
        QCOMPARE(columns->rowCount(), 1);
        otherHistory.clear();
        QCOMPARE(columns->rowCount(), 0);
    }

    void historyTab_saysWhileTheHistoryIsInMemoryOnly_notOnceItHasAFile()
    {
        QTemporaryDir dir;
        Workspace scratch(dir.filePath(QStringLiteral("scratch")));
        HistoryModel inMemory(QString(), 3);
        WorkspaceDock dock(&scratch, &inMemory);
        dock.resize(320, 400);
        dock.show();
        auto *hint = dock.findChild<QLabel *>(QStringLiteral("historyInMemoryHint"));
        QVERIFY(hint);
        QVERIFY(!hint->isHidden());
        QVERIFY2(hint->text().contains(QLatin1String("first saved")), qPrintable(hint->text()));
        dock.findChild<QTabWidget *>()->setCurrentIndex(1);
        saveScreenshot(&dock, "workspacedock-history-hint");

        // The first save gives the history its file: the hint goes.
        inMemory.keepIn(dir.filePath(QStringLiteral("history.jsonl")));
        dock.updateHistoryHint();
        QVERIFY(hint->isHidden());

        // Another scratch workspace says it again; a saved one does not.
        HistoryModel otherInMemory(QString(), 3);
        dock.setWorkspace(&scratch, &otherInMemory);
        QVERIFY(!hint->isHidden());
        HistoryModel kept(dir.filePath(QStringLiteral("kept.jsonl")), 3);
        dock.setWorkspace(&scratch, &kept);
        QVERIFY(hint->isHidden());
    }
};

QTEST_MAIN(tst_WorkspaceDock)
#include "tst_workspacedock.moc"
