#include "collection/workspace.h"
#include "collection/workspacetreemodel.h"
#include "workspacefixture.h"

#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Fixture;

namespace {

void replaceFile(const QString &path, const QByteArray &text)
{
    // As git writes a checkout: a new file renamed over the old one.
    QSaveFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
    QVERIFY(file.commit());
}

void overwriteInPlace(const QString &path, const QByteArray &text)
{
    // As an editor that saves over the file.
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
}

} // namespace

class tst_Workspace : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_workspace;

    QString path(const QString &rel) const
    {
        return m_workspace->folder() + QLatin1Char('/') + rel;
    }

private Q_SLOTS:
    void init()
    {
        QTemporaryDir *fresh = new QTemporaryDir;
        m_dir.swap(*fresh);
        delete fresh;
        {
            Workspace writer(m_dir.path());
            writer.setData(richWorkspace());
            QVERIFY(writer.save().ok());
        }
        m_workspace = std::make_unique<Workspace>(m_dir.path());
        QVERIFY(m_workspace->load());
        QCOMPARE(m_workspace->data(), richWorkspace());
    }
    void cleanup() { m_workspace.reset(); }

    void changeOnDisk_isReloadedAndReported_data()
    {
        QTest::addColumn<bool>("inPlace");
        QTest::newRow("renamed into place") << false;
        QTest::newRow("written in place") << true;
    }
    void changeOnDisk_isReloadedAndReported()
    {
        QFETCH(bool, inPlace);
        WorkspaceTreeModel model(m_workspace.get());
        QSignalSpy reloaded(m_workspace.get(), &Workspace::reloaded);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        const QByteArray text("{\n  \"name\": \"Put blob\",\n  \"method\": \"PUT\",\n"
                              "  \"url\": \"/pulled\"\n}\n");
        if (inPlace)
            overwriteInPlace(path(QStringLiteral("Users/Put blob.request.json")), text);
        else
            replaceFile(path(QStringLiteral("Users/Put blob.request.json")), text);
        QTRY_COMPARE_WITH_TIMEOUT(reloaded.count(), 1, 20000);
        const auto changes = reloaded.at(0).at(0).value<WorkspaceChanges>();
        QCOMPARE(changes.changed, QStringList {QStringLiteral("Users/Put blob")});
        QVERIFY(changes.added.isEmpty());
        QVERIFY(changes.removed.isEmpty());
        QCOMPARE(m_workspace->data().collections[0].requests[3].url, QStringLiteral("/pulled"));
        QCOMPARE(reset.count(), 1);
        QVERIFY(!m_workspace->isModified());
    }

    void reload_keepsTheSecretValuesTheKeychainGave()
    {
        Variable secret = var(QStringLiteral("apiKey"), QString());
        secret.secret = true;
        m_workspace->editData().environments[0].variables.append(secret);
        QVERIFY(m_workspace->save().ok());
        // As SecretVault::fill would: the value in memory only.
        m_workspace->editData().environments[0].variables.last().value = QStringLiteral("k-1");
        QSignalSpy reloaded(m_workspace.get(), &Workspace::reloaded);
        replaceFile(path(QStringLiteral("Zeta top.request.json")),
                    "{\"name\": \"Zeta top\", \"url\": \"/pulled\"}\n");
        QTRY_COMPARE_WITH_TIMEOUT(reloaded.count(), 1, 20000);
        QCOMPARE(m_workspace->data().requests[0].url, QStringLiteral("/pulled"));
        QCOMPARE(m_workspace->data().environments[0].variables.last().value, QStringLiteral("k-1"));
    }

    void pullOfManyFiles_isReadAgainFewerTimesThanFilesChanged()
    {
        QSignalSpy reloaded(m_workspace.get(), &Workspace::reloaded);
        constexpr int Files = 40;
        for (int i = 0; i < Files; ++i) {
            replaceFile(path(QStringLiteral("Users/Pulled %1.request.json").arg(i)),
                        QStringLiteral("{\"url\": \"/p/%1\"}").arg(i).toUtf8());
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_workspace->data().collections[0].requests.size(), 4 + Files,
                                  20000);
        QVERIFY(reloaded.count() >= 1);
        QVERIFY2(reloaded.count() < Files / 4, qPrintable(QString::number(reloaded.count())));
        QStringList added;
        for (const auto &args : std::as_const(reloaded))
            added += args.at(0).value<WorkspaceChanges>().added;
        QCOMPARE(added.size(), Files);
        QVERIFY(added.contains(QStringLiteral("Users/Pulled 7")));
    }

    void ownSave_isNoChangeFromOutside()
    {
        QSignalSpy reloaded(m_workspace.get(), &Workspace::reloaded);
        QSignalSpy conflict(m_workspace.get(), &Workspace::conflictDetected);
        m_workspace->editData().collections[0].requests[0].url = QStringLiteral("/mine");
        m_workspace->markModified();
        QVERIFY(m_workspace->save().ok());
        // Give the watcher every chance to fire, then ask the disk directly as well.
        QTest::qWait(3 * Workspace::SettleMs);
        m_workspace->checkDisk();
        QCOMPARE(reloaded.count(), 0);
        QCOMPARE(conflict.count(), 0);
        QCOMPARE(m_workspace->data().collections[0].requests[0].url, QStringLiteral("/mine"));
    }

    void changeOnDiskWithUnsavedEdits_isAConflictAndKeepsTheEdits()
    {
        QSignalSpy reloaded(m_workspace.get(), &Workspace::reloaded);
        QSignalSpy conflict(m_workspace.get(), &Workspace::conflictDetected);
        m_workspace->editData().collections[0].requests[0].url = QStringLiteral("/unsaved");
        m_workspace->markModified();
        QFile::remove(path(QStringLiteral("Zeta top.request.json")));
        QTRY_COMPARE_WITH_TIMEOUT(conflict.count(), 1, 20000);
        const auto onDisk = conflict.at(0).at(0).value<WorkspaceChanges>();
        QCOMPARE(onDisk.removed, QStringList {QStringLiteral("Zeta top")});
        QVERIFY(onDisk.changed.isEmpty()); // the local edit is not a change on disk
        QCOMPARE(reloaded.count(), 0);
        QVERIFY(m_workspace->isModified());
        QCOMPARE(m_workspace->data().collections[0].requests[0].url, QStringLiteral("/unsaved"));
        QCOMPARE(m_workspace->data().requests.size(), 2);
        // The user decides: reload() takes the disk's state and drops the edit.
        QVERIFY(m_workspace->load());
        QCOMPARE(m_workspace->data().requests.size(), 1);
        QVERIFY(!m_workspace->isModified());
    }

    void brokenFileOnDisk_isReportedAsAProblem()
    {
        QSignalSpy problems(m_workspace.get(), &Workspace::problemsChanged);
        replaceFile(path(QStringLiteral("Users/Put blob.request.json")), "{\"url\": ");
        QTRY_COMPARE_WITH_TIMEOUT(problems.count(), 1, 20000);
        QCOMPARE(m_workspace->problems().size(), 1);
        QCOMPARE(m_workspace->problems()[0].path,
                 path(QStringLiteral("Users/Put blob.request.json")));
        QCOMPARE(m_workspace->data().collections[0].requests.size(), 3);
    }
};

QTEST_GUILESS_MAIN(tst_Workspace)
#include "tst_workspace.moc"
