// A process saving a workspace is killed with SIGKILL in the middle of its saves, many times: every
// file in the folder is then either the old or the new version, never a torn one, the folder
// loads without a problem, and that load (in a process started after the kill, as the app's next
// start would be) removes the temporary file the killed save left (and only that: each leftover
// is checked to have Keyway's name).
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

// A leftover is removed once it is older than the loading process by this much (the store's
// margin, stalesavefiles.cpp), so the test lets that pass before loading.
constexpr int StaleMarginMs = 1100;

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
        int sweptTotal = 0;
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

            // SIGKILL gives the save no chance to remove its temporary file
            // (<name>.keyway-save-XXXXXX beside the file it was writing). The next load removes it
            // once it is older than the loading process (by the store's margin), and nothing else.
            QStringList leftovers;
            const auto before = snapshot(dir.path());
            for (auto it = before.cbegin(); it != before.cend(); ++it) {
                if (!a.contains(it.key())) {
                    QVERIFY2(it.key().contains(QLatin1String(".keyway-save-")),
                             qPrintable(it.key()));
                    leftovers.append(it.key());
                }
            }
            leftovers.sort();
            if (!leftovers.isEmpty())
                QTest::qWait(StaleMarginMs);
            QProcess loader;
            loader.start(saver, {QStringLiteral("--load"), dir.path()});
            QVERIFY(loader.waitForFinished(30000));
            const QByteArray loaderOut = loader.readAllStandardOutput();
            QVERIFY2(loader.exitStatus() == QProcess::NormalExit && loader.exitCode() == 0,
                     loaderOut.constData());
            QStringList swept;
            for (const QByteArray &line : loaderOut.split('\n')) {
                if (line.startsWith("swept "))
                    swept.append(QString::fromUtf8(line.mid(6)));
            }
            QCOMPARE(swept, leftovers);
            sweptTotal += int(swept.size());

            auto now = snapshot(dir.path());
            QCOMPARE(now.keys(), a.keys()); // no torn file, none missing, no leftover
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
        qInfo("%d of %d kills interrupted a save, %d leftovers swept", mixed, Kills, sweptTotal);
        QVERIFY(mixed > 0);
    }
};

QTEST_GUILESS_MAIN(tst_WorkspaceCrash)
#include "tst_workspacecrash.moc"
