// A process saving a workspace is killed with SIGKILL in the middle of its saves, many times: every
// file in the folder is then either the old or the new version, never a torn one, and the folder
// loads without a problem.
#include "collection/workspacestore.h"
#include "workspacefixture.h"

#include <QDirIterator>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Keyway;

namespace {

QMap<QString, QByteArray> snapshot(const QString &dir)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly))
            files.insert(QDir(dir).relativeFilePath(file.fileName()), file.readAll());
    }
    return files;
}

QMap<QString, QByteArray> saved(bool b)
{
    QTemporaryDir dir;
    dir.setAutoRemove(true);
    WorkspaceStore store(dir.path());
    WorkspaceData data = Fixture::twoVersions(b);
    store.save(data);
    return snapshot(dir.path());
}

} // namespace

class tst_WorkspaceCrash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killedMidSave_leavesEveryFileOldOrNew()
    {
        const QString saver =
            QString::fromLocal8Bit(qgetenv("KEYWAY_BIN_DIR")) + QStringLiteral("/workspace_saver");
        QVERIFY2(QFile::exists(saver), qPrintable(saver));
        const auto a = saved(false);
        const auto b = saved(true);
        QCOMPARE(a.keys(), b.keys());
        QVERIFY(a.size() > 200);

        QTemporaryDir dir;
        constexpr int Kills = 15;
        int mixed = 0; // rounds that ended with some files old and some new: killed mid-save
        for (int round = 0; round < Kills; ++round) {
            QProcess process;
            process.setProgram(saver);
            process.setArguments({dir.path()});
            process.start();
            QVERIFY2(process.waitForStarted(), qPrintable(process.errorString()));
            // Wait until it has saved at least once, then kill it at a random point after.
            QByteArray out;
            while (!out.contains("saved ")) {
                QVERIFY2(process.waitForReadyRead(30000),
                         process.readAllStandardError().constData());
                out += process.readAllStandardOutput();
            }
            QTest::qWait(int(QRandomGenerator::global()->bounded(5, 60)));
            ::kill(pid_t(process.processId()), SIGKILL);
            QVERIFY(process.waitForFinished(30000));
            QCOMPARE(process.exitStatus(), QProcess::CrashExit);

            auto now = snapshot(dir.path());
            // SIGKILL gives QSaveFile no chance to remove its temporary file (<name>.XXXXXX
            // beside the file it was writing). Such a leftover is not a workspace file and the
            // loader below must ignore it; every real file must still be whole.
            for (auto it = now.begin(); it != now.end();) {
                const bool leftover = it.key().size() > 7 && !a.contains(it.key())
                    && a.contains(it.key().chopped(7))
                    && it.key().at(it.key().size() - 7) == u'.';
                it = leftover ? now.erase(it) : std::next(it);
            }
            QCOMPARE(now.keys(), a.keys()); // no torn file, none missing
            int fromA = 0, fromB = 0;
            for (auto it = now.cbegin(); it != now.cend(); ++it) {
                const bool isA = it.value() == a.value(it.key());
                const bool isB = it.value() == b.value(it.key());
                QVERIFY2(isA || isB,
                         qPrintable(QStringLiteral("round %1: %2 is neither version")
                                        .arg(round)
                                        .arg(it.key())));
                fromA += isA && !isB;
                fromB += isB && !isA;
            }
            mixed += fromA > 0 && fromB > 0;
            WorkspaceStore reader(dir.path());
            const auto loaded = reader.load();
            QVERIFY(loaded.problems.isEmpty());
            QCOMPARE(loaded.data.collections[1].requests.size(), 200);
        }
        // The kills land inside saves, not only between them (a save writes ~220 files).
        qInfo("%d of %d kills interrupted a save", mixed, Kills);
        QVERIFY(mixed > 0);
    }
};

QTEST_GUILESS_MAIN(tst_WorkspaceCrash)
#include "tst_workspacecrash.moc"
