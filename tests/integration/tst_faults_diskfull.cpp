// The disk fills up while Keyway saves (issue 11): a workspace save, a history append and a token
// store write each report the file and the cause, leave every file on disk whole in its old
// version, keep what was in memory, and succeed once there is room again. The disk is a small
// tmpfs of its own, really full (fulldisk.h; a file size limit where no tmpfs can be mounted).
#include "collection/historymodel.h"
#include "collection/workspace.h"
#include "fulldisk.h"
#include "keyringsession.h"
#include "store/generationsidecar.h"
#include "store/keychaintokenstore.h"
#include "store/profilelock.h"
#include "workspacefixture.h"

#include <QDirIterator>
#include <QFile>
#include <QStandardPaths>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

QMap<QString, QByteArray> snapshot(const QString &dir)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly))
            files.insert(QDir(dir).relativeFilePath(file.fileName()), file.readAll());
    }
    return files;
}

HistoryEntry entry(int n)
{
    HistoryEntry e;
    e.sentAtMs = 1700000000000 + n;
    e.method = QStringLiteral("GET");
    e.url =
        QStringLiteral("https://api.example/items/%1?padding=%2").arg(n).arg(QString(200, u'p'));
    e.status = 200;
    return e;
}

TokenSet tokensAt(quint64 generation)
{
    TokenSet tokens;
    tokens.accessToken = QStringLiteral("at-%1-diskfull").arg(generation);
    tokens.refreshToken = QStringLiteral("rt-%1-diskfull").arg(generation);
    tokens.obtainedAtMs = 1700000000000;
    tokens.expiresAtMs = 1700003600000;
    tokens.generation = generation;
    return tokens;
}

template<typename Start> std::optional<StoreResult> await(Start start)
{
    std::optional<StoreResult> result;
    QObject context;
    start(&context, [&result](const StoreResult &r) { result = r; });
    (void)QTest::qWaitFor([&result] { return result.has_value(); }, 15000);
    return result;
}

} // namespace

class tst_FaultsDiskFull : public QObject
{
    Q_OBJECT

    KeyringSession m_keyring;
    std::unique_ptr<FullDisk> m_disk;

    QString onDisk(const QString &name) const { return QDir(m_disk->path()).filePath(name); }

    void fill()
    {
        QString error;
        QVERIFY2(m_disk->fill(&error), qPrintable(error));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QString error;
        // Before anything touches D-Bus: the token store test needs a real keyring.
        QVERIFY2(m_keyring.start(&error), qPrintable(error));
    }

    void init()
    {
        m_disk = std::make_unique<FullDisk>();
        QString error;
        QVERIFY2(m_disk->start(&error), qPrintable(error));
        if (!m_disk->fallbackReason().isEmpty())
            qInfo("%s", qPrintable(m_disk->fallbackReason()));
    }

    void cleanup() { m_disk.reset(); }

    void workspaceSave_reportsTheFileAndCause_keepsOldFilesAndTheEdits()
    {
        const QString folder = onDisk(QStringLiteral("ws"));
        {
            WorkspaceData data = Fixture::richWorkspace();
            WorkspaceStore store(folder);
            QVERIFY(store.save(data).ok());
        }
        const QMap<QString, QByteArray> before = snapshot(folder);
        Workspace workspace(folder);
        QVERIFY(workspace.load());
        workspace.setWatching(false);

        // A changed request, a renamed one (a new file, the old one to go), a new one and a
        // changed workspace.json.
        WorkspaceData &edited = workspace.editData();
        QVERIFY(edited.collections.size() >= 1 && edited.collections[0].requests.size() >= 2);
        edited.collections[0].requests[0].url += QStringLiteral("?edited=1");
        const QString renamedFrom = edited.collections[0].requests[1].name;
        edited.collections[0].requests[1].name += QStringLiteral(" renamed");
        edited.collections[0].requests.append(Fixture::request(
            QStringLiteral("Added while full"), QStringLiteral("GET"), QStringLiteral("/new")));
        edited.description += QStringLiteral(" (edited)");
        workspace.markModified();
        const WorkspaceData wanted = workspace.data();

        fill();
        const WorkspaceSaveResult full = workspace.save();
        QVERIFY(!full.ok());
        QVERIFY(full.written.isEmpty());
        // Every file the save needed is named, with the system's reason.
        QStringList named;
        for (const WorkspaceProblem &problem : full.problems) {
            QVERIFY2(problem.message.contains(m_disk->cause()), qPrintable(problem.toString()));
            QVERIFY2(problem.message.contains(QLatin1String("unchanged")),
                     qPrintable(problem.toString()));
            named.append(QDir(folder).relativeFilePath(problem.path));
        }
        named.sort();
        QVERIFY2(named.contains(WorkspaceStore::WorkspaceFileName), qPrintable(named.join(u',')));
        QVERIFY2(named.size() >= 4, qPrintable(named.join(u',')));
        // Every file is the old version, whole; the renamed request's old file is not removed
        // while its new one could not be written; no temporary file is left.
        QCOMPARE(snapshot(folder), before);
        QVERIFY(full.removed.isEmpty());
        // The edits are still there, and still unsaved.
        QVERIFY(workspace.isModified());
        QCOMPARE(workspace.data(), wanted);

        m_disk->release();
        const WorkspaceSaveResult saved = workspace.save();
        QVERIFY2(saved.ok(), qPrintable(saved.problems.value(0).toString()));
        QCOMPARE(saved.written, named);
        QCOMPARE(saved.removed.size(), 1);
        QVERIFY(saved.removed.first().contains(renamedFrom));
        QVERIFY(!workspace.isModified());
        WorkspaceStore reader(folder);
        const WorkspaceLoadResult loaded = reader.load();
        QVERIFY(loaded.problems.isEmpty());
        QCOMPARE(loaded.data, wanted);
    }

    void historyAppend_reportsTheCause_noTornLine_missedEntriesWrittenLater()
    {
        const QString file = onDisk(QStringLiteral("history/history.jsonl"));
        HistoryModel history(file, 1000);
        for (int i = 0; i < 3; ++i)
            history.append(entry(i));
        QVERIFY(history.fileError().isEmpty());

        fill();
        // Appends fill the room left in the file's last page first; one of them runs out.
        int n = 3;
        while (history.fileError().isEmpty() && n < 200)
            history.append(entry(n++));
        QVERIFY2(!history.fileError().isEmpty(), "the full disk never failed a write");
        QVERIFY2(history.fileError().contains(file), qPrintable(history.fileError()));
        // The history's lock file is the first write that needs room; a full disk is told as
        // such, but a file size limit (the fallback) is no full disk its failure can be traced to.
        if (m_disk->fallbackReason().isEmpty())
            QVERIFY2(history.fileError().contains(m_disk->cause()),
                     qPrintable(history.fileError()));
        QCOMPARE(history.rowCount(), n); // nothing dropped from memory
        {
            // What is on disk is whole lines only.
            HistoryModel reread(file, 1000);
            QCOMPARE(reread.skippedLines(), 0);
            QCOMPARE(reread.rowCount(), n - 1);
        }

        m_disk->release();
        history.append(entry(n++));
        QVERIFY2(history.fileError().isEmpty(), qPrintable(history.fileError()));
        HistoryModel reread(file, 1000);
        QCOMPARE(reread.skippedLines(), 0);
        QCOMPARE(reread.rowCount(), n); // the entry the disk missed is in the file again
        for (int i = 0; i < n; ++i)
            QCOMPARE(reread.entry(i).url, entry(i).url);
    }

    void tokenStoreWrite_failsClearly_storedTokensStayTheOldGenerationWhole()
    {
        const QString dataDir = onDisk(QStringLiteral("data"));
        const QString profile =
            QStringLiteral("diskfull-%1").arg(QDateTime::currentMSecsSinceEpoch());
        KeychainTokenStore store(QStringLiteral("keyway-test"), dataDir);
        const auto swap = [&](quint64 expected, const TokenSet &next) {
            return await([&](QObject *context, TokenStore::Callback callback) {
                store.compareAndSwap(profile, expected, next, context, std::move(callback));
            });
        };
        const auto load = [&] {
            return await([&](QObject *context, TokenStore::Callback callback) {
                store.load(profile, context, std::move(callback));
            });
        };
        const auto first = swap(0, tokensAt(1));
        QVERIFY(first && first->ok());
        GenerationSidecar reader(dataDir);
        QCOMPARE(reader.read(profile), std::optional<quint64>(1));
        const QMap<QString, QByteArray> before = snapshot(dataDir);

        fill();
        const auto full = swap(1, tokensAt(2));
        QVERIFY(full.has_value());
        QVERIFY(!full->ok());
        const QString lockFile = QDir::toNativeSeparators(
            QDir(dataDir).filePath(ProfileLock::fileStem(profile) + QStringLiteral(".lock")));
        QVERIFY2(full->message.contains(lockFile), qPrintable(full->message));
        if (m_disk->fallbackReason().isEmpty())
            QVERIFY2(full->message.contains(m_disk->cause(), Qt::CaseInsensitive),
                     qPrintable(full->message));
        // The generation file, written by itself, says which file and why.
        QString error;
        QVERIFY(!reader.write(profile, 2, &error));
        QVERIFY2(error.contains(QDir::toNativeSeparators(dataDir))
                     && error.contains(m_disk->cause()),
                 qPrintable(error));
        // Nothing changed: the old generation, whole, in the keychain and beside it.
        const auto stored = load();
        QVERIFY(stored && stored->ok() && stored->tokens);
        QCOMPARE(stored->tokens->generation, quint64(1));
        QCOMPARE(stored->tokens->accessToken, tokensAt(1).accessToken);
        QCOMPARE(stored->tokens->refreshToken, tokensAt(1).refreshToken);
        QCOMPARE(snapshot(dataDir), before);

        m_disk->release();
        const auto later = swap(1, tokensAt(2));
        QVERIFY2(later && later->ok(), later ? qPrintable(later->message) : "no answer");
        const auto now = load();
        QVERIFY(now && now->tokens);
        QCOMPARE(now->tokens->generation, quint64(2));
        QCOMPARE(now->tokens->refreshToken, tokensAt(2).refreshToken);
        QCOMPARE(reader.read(profile), std::optional<quint64>(2));
        const auto cleared = await([&](QObject *context, TokenStore::Callback callback) {
            store.clear(profile, context, std::move(callback));
        });
        QVERIFY(cleared && cleared->ok());
    }
};

QTEST_GUILESS_MAIN(tst_FaultsDiskFull)
#include "tst_faults_diskfull.moc"
