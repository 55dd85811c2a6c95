// Two first logins at the same moment (two keyway-cli processes in a workspace that has no
// workspace.json yet) create the workspace once: every process ends with the same id, the one
// in the file, since that id keys the workspace's tokens and history. Real processes, started
// together, over several rounds.
#include "clirun.h"
#include "collection/workspacelocation.h"
#include "testfiles.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Keyway;
using namespace Keyway::Test;

class tst_WorkspaceFirstUse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void simultaneousFirstUses_agreeOnOneId()
    {
        QString error;
        const QString saver = builtProgram(QStringLiteral("workspace_saver"), &error);
        QVERIFY2(!saver.isEmpty(), qPrintable(error));
        constexpr int Rounds = 8;
        constexpr int Processes = 3;
        QTemporaryDir dir;
        for (int round = 0; round < Rounds; ++round) {
            const QString folder = dir.filePath(QStringLiteral("ws-%1").arg(round));
            std::vector<std::unique_ptr<QProcess>> processes;
            for (int i = 0; i < Processes; ++i) {
                auto &process = processes.emplace_back(std::make_unique<QProcess>());
                process->start(saver, {QStringLiteral("--create"), folder});
                QVERIFY2(process->waitForStarted(), qPrintable(process->errorString()));
            }
            // Each has looked for workspace.json and found none before any of them creates it.
            for (auto &process : processes) {
                while (!process->canReadLine())
                    QVERIFY2(process->waitForReadyRead(30000),
                             process->readAllStandardError().constData());
                QCOMPARE(process->readLine(), QByteArray("ready\n"));
            }
            for (auto &process : processes)
                process->write("go\n");
            for (auto &process : processes)
                QVERIFY(process->waitForBytesWritten(30000));
            QStringList ids;
            for (auto &process : processes) {
                QVERIFY(process->waitForFinished(30000));
                QVERIFY2(process->exitStatus() == QProcess::NormalExit && process->exitCode() == 0,
                         process->readAllStandardError().constData());
                const QByteArray out = process->readAllStandardOutput().trimmed();
                QVERIFY2(out.startsWith("id ") && out.size() > 3, out.constData());
                ids.append(QString::fromUtf8(out.mid(3)));
            }
            const QJsonObject file =
                QJsonDocument::fromJson(readFile(folder + QStringLiteral("/workspace.json")))
                    .object();
            const QString stored = file.value(QStringLiteral("id")).toString();
            QVERIFY(!stored.isEmpty());
            for (const QString &id : std::as_const(ids))
                QCOMPARE(id, stored);
            // The losers' temporary files are gone.
            QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden),
                     QStringList {QStringLiteral("workspace.json")});
        }
    }
};

QTEST_GUILESS_MAIN(tst_WorkspaceFirstUse)
#include "tst_workspacefirstuse.moc"
