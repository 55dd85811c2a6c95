#include "collection/workspace.h"
#include "collection/workspacetreemodel.h"
#include "workspacefixture.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Fixture;

class tst_WorkspaceTreeModel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<WorkspaceTreeModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    QModelIndex byPath(const QString &path) const
    {
        const auto found = findItem(m_workspace->data(), path);
        return found ? m_model->indexOf(*found) : QModelIndex();
    }

private Q_SLOTS:
    void init()
    {
        m_workspace = std::make_unique<Workspace>(m_dir.filePath(QStringLiteral("ws")));
        m_workspace->setData(richWorkspace());
        m_model = std::make_unique<WorkspaceTreeModel>(m_workspace.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }
    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
        m_workspace.reset();
    }

    void tree_showsFoldersThenRequestsWithRoles()
    {
        QCOMPARE(m_model->rowCount(), 4); // Users, Empty, Zeta top, Alpha top
        const QModelIndex users = m_model->index(0, 0);
        QCOMPARE(users.data().toString(), QStringLiteral("Users"));
        QCOMPARE(users.data(WorkspaceTreeModel::KindRole).toInt(),
                 int(WorkspaceTreeModel::Kind::Collection));
        QCOMPARE(m_model->rowCount(users), 6);
        const QModelIndex inner = m_model->index(1, 0, users);
        QCOMPARE(inner.data(WorkspaceTreeModel::KindRole).toInt(),
                 int(WorkspaceTreeModel::Kind::Folder));
        const QModelIndex upload = m_model->index(4, 0, users);
        QCOMPARE(upload.data(WorkspaceTreeModel::NameRole).toString(),
                 QStringLiteral("Upload 画像"));
        QCOMPARE(upload.data(WorkspaceTreeModel::MethodRole).toString(), QStringLiteral("PUT"));
        QCOMPARE(upload.data(WorkspaceTreeModel::KindRole).toInt(),
                 int(WorkspaceTreeModel::Kind::Request));
        QCOMPARE(upload.data(WorkspaceTreeModel::PathRole).toString(),
                 QStringLiteral("Users/Upload 画像"));
        QCOMPARE(upload.data(WorkspaceTreeModel::ItemPathRole).value<ItemPath>(),
                 (ItemPath {0, 4}));
        QCOMPARE(m_model->rowCount(upload), 0);
        QCOMPARE(m_model->indexOf({0, 1, 0, 0}).data().toString(), QStringLiteral("Ping"));
        QCOMPARE(m_model->roleNames().value(WorkspaceTreeModel::MethodRole), QByteArray("method"));
    }

    void edits_changeTheWorkspaceAndSurviveASave()
    {
        QSignalSpy modified(m_workspace.get(), &Workspace::modifiedChanged);
        QVERIFY(m_workspace->save().ok());
        QCOMPARE(m_workspace->isModified(), false);

        const QModelIndex users = m_model->index(0, 0);
        FolderItem admin;
        admin.name = QStringLiteral("Admin ñ");
        const QModelIndex added = m_model->addFolder(users, admin);
        QCOMPARE(added.row(), 2); // after the existing folders, before the requests
        QVERIFY(m_workspace->isModified());
        const QModelIndex req = m_model->addRequest(
            added, request(QStringLiteral("List"), QStringLiteral("GET"), QStringLiteral("/l")));
        QCOMPARE(req.parent(), added);
        QVERIFY(m_model
                    ->addRequest(
                        QModelIndex(),
                        request(QStringLiteral("Top"), QStringLiteral("GET"), QStringLiteral("/t")))
                    .isValid());
        QVERIFY(!m_model->addRequest(req, RequestItem()).isValid()); // not into a request

        QVERIFY(m_model->rename(byPath(QStringLiteral("Users/Put blob")),
                                QStringLiteral("Put blob v2")));
        QVERIFY(
            m_model->setData(byPath(QStringLiteral("Zeta top")), QStringLiteral("Zeta renamed")));
        QVERIFY(!m_model->rename(byPath(QStringLiteral("Alpha top")), QStringLiteral("  ")));

        // Move "List" out of Admin to the front of Users' requests, and Admin to the root.
        QVERIFY(m_model->move(byPath(QStringLiteral("Users/Admin ñ/List")), users, 0));
        QCOMPARE(m_model->index(3, 0, users).data().toString(), QStringLiteral("List"));
        QVERIFY(m_model->move(byPath(QStringLiteral("Users/Admin ñ")), QModelIndex(), 0));
        QCOMPARE(m_model->index(0, 0).data().toString(), QStringLiteral("Admin ñ"));
        // A folder does not go into its own subtree; a request keeps among requests.
        const QModelIndex usersNow = byPath(QStringLiteral("Users"));
        QVERIFY(!m_model->move(usersNow, m_model->index(0, 0, usersNow), 0));
        QVERIFY(!m_model->move(byPath(QStringLiteral("Users/List")), usersNow, 99));
        // Reorder within one parent, downwards.
        QVERIFY(m_model->move(byPath(QStringLiteral("Users/List")), usersNow, 3));
        QCOMPARE(m_workspace->data().collections[1].requests[2].name, QStringLiteral("List"));

        QVERIFY(m_model->remove(byPath(QStringLiteral("Empty"))));
        QVERIFY(m_model->remove(byPath(QStringLiteral("Users/Ünïcødé ✓ inner/Ping"))));

        RequestItem changed = *requestAt(
            m_workspace->editData(), *findItem(m_workspace->data(), QStringLiteral("Alpha top")));
        changed.url = QStringLiteral("/changed");
        QVERIFY(m_model->updateRequest(byPath(QStringLiteral("Alpha top")), changed));
        QCOMPARE(byPath(QStringLiteral("Alpha top")).data(WorkspaceTreeModel::UrlRole).toString(),
                 QStringLiteral("/changed"));

        const WorkspaceData edited = m_workspace->data();
        QVERIFY(m_workspace->save().ok());
        QVERIFY(!m_workspace->isModified());
        Workspace reopened(m_workspace->folder());
        QVERIFY(reopened.load());
        QCOMPARE(reopened.data(), edited);
        QVERIFY(modified.count() >= 3);
    }

    void reset_whenTheWorkspaceIsReplaced()
    {
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        WorkspaceData other;
        other.name = QStringLiteral("other");
        other.requests = {
            request(QStringLiteral("Only"), QStringLiteral("GET"), QStringLiteral("/"))};
        m_workspace->setData(other);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(m_model->rowCount(), 1);
        QCOMPARE(m_model->index(0, 0).data().toString(), QStringLiteral("Only"));
    }
};

QTEST_GUILESS_MAIN(tst_WorkspaceTreeModel)
#include "tst_workspacetreemodel.moc"
