// The history of sent requests: real calls to the sandbox recorded with their answers, secrets
// redacted in memory and in the file, bounded, searchable, kept across restarts, and a broken
// line skipped rather than fatal. Several processes keep one history file without losing each
// other's lines.
#include "clientstack.h"
#include "clirun.h"
#include "collection/historyfiltermodel.h"
#include "collection/historymodel.h"
#include "collection/requestresolver.h"
#include "fakeclock.h"
#include "sandbox/sandbox.h"
#include "testfiles.h"
#include "workspacefixture.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Fixture;
using namespace Keyway::Test;

namespace {

HistoryEntry entry(const QString &method, const QString &url, int status)
{
    HistoryEntry e;
    e.sentAtMs = 1700000000000;
    e.method = method;
    e.url = url;
    e.status = status;
    return e;
}

} // namespace

class tst_History : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString file() const { return m_dir.filePath(QStringLiteral("local/ws-1/history.jsonl")); }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QFile::remove(file()); }

    void defaultFile_isMachineLocalDataOfTheWorkspace()
    {
        const QString path = HistoryModel::defaultFile(QStringLiteral("abc-123"));
        QVERIFY(
            path.startsWith(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)));
        QVERIFY(path.endsWith(QStringLiteral("/keyway/local/abc-123/history.jsonl")));
    }

    void sentRequests_areRecordedRedacted()
    {
        Sandbox sandbox;
        QString error;
        QVERIFY2(sandbox.start(&error), qPrintable(error));
        FakeClock clock;
        ClientStack stack(sandbox, &clock);
        QVERIFY2(stack.signIn(&error), qPrintable(error));

        WorkspaceData w;
        w.name = QStringLiteral("h");
        Variable apiKey = var(QStringLiteral("apiKey"), QStringLiteral("hist-secret-key"));
        apiKey.secret = true;
        w.variables = {var(QStringLiteral("base"), sandbox.baseUrl().toString()), apiKey};
        w.auth.mode = RequestAuth::Mode::Profile;
        RequestItem r = request(
            QStringLiteral("Items"), QStringLiteral("GET"),
            QStringLiteral("{{base}}/api/items/{{apiKey}}?access_token=tok-in-query&page=2"));
        r.headers = {kv(QStringLiteral("X-Api-Key"), QStringLiteral("{{apiKey}}")),
                     kv(QStringLiteral("X-Plain"), QStringLiteral("k={{apiKey}}"))};
        RequestItem echo = request(QStringLiteral("Echo"), QStringLiteral("POST"),
                                   QStringLiteral("{{base}}/api/echo"));
        w.collections = {FolderItem {QStringLiteral("Api"), {}, {}, {}, {}, {}, {r, echo}}};

        HistoryModel history(file(), 100);
        QAbstractItemModelTester tester(&history,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (const ItemPath &path : {ItemPath {0, 0}, ItemPath {0, 1}}) {
            const ResolvedRequest resolved = resolveRequest(w, path);
            QVERIFY2(resolved.ok(), qPrintable(resolved.errors.join(QLatin1Char('\n'))));
            ApiCall *call = stack.client->send(resolved.request);
            QVERIFY(ClientStack::waitAll({call}));
            history.append(HistoryEntry::fromCall(*call, resolved.displayName, {}, resolved.profile,
                                                  secretValues(w)));
        }
        QCOMPARE(history.rowCount(), 2);
        const HistoryEntry &first = history.entry(0);
        QCOMPARE(first.requestPath, QStringLiteral("Api/Items"));
        QCOMPARE(first.status, 404); // no such route: a summary of any answer is kept
        QCOMPARE(first.profile, QStringLiteral("default"));
        QCOMPARE(history.entry(1).status, 200);
        QCOMPARE(history.entry(1).method, QStringLiteral("POST"));
        QVERIFY(history.entry(1).responseBytes > 0);
        QVERIFY(history.entry(1).contentType.contains(QStringLiteral("json")));
        QVERIFY(first.url.contains(QStringLiteral("page=2")));

        const QByteArray stored = readFile(file());
        QCOMPARE(stored.count('\n'), 2);
        for (const QByteArray &secret :
             {QByteArray("hist-secret-key"), QByteArray("tok-in-query")}) {
            QVERIFY2(!stored.contains(secret), stored.constData());
            QVERIFY(!first.url.toUtf8().contains(secret));
            for (const auto &[name, value] : first.requestHeaders)
                QVERIFY2(!value.contains(secret), name.constData());
        }
        QVERIFY(stored.contains("k=***"));
    }

    void history_isBoundedDroppingTheOldest()
    {
        HistoryModel history(file(), 10);
        QAbstractItemModelTester tester(&history,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy removed(&history, &QAbstractItemModel::rowsRemoved);
        for (int i = 0; i < 25; ++i)
            history.append(entry(QStringLiteral("GET"), QStringLiteral("http://h/%1").arg(i), 200));
        QCOMPARE(history.rowCount(), 10);
        QCOMPARE(removed.count(), 15);
        QCOMPARE(history.entry(0).url, QStringLiteral("http://h/15"));
        QCOMPARE(history.entry(9).url, QStringLiteral("http://h/24"));
        // The file stays bounded too (at most a quarter over the limit between compactions)...
        QVERIFY(readFile(file()).count('\n') <= 12);
        // ...and a restart sees the same last entries.
        HistoryModel reopened(file(), 10);
        QCOMPARE(reopened.rowCount(), 10);
        QCOMPARE(reopened.entry(0), history.entry(0));
        QCOMPARE(reopened.entry(9), history.entry(9));
    }

    void inMemoryHistory_keptInAFileFromThenOn_withWhatItHeld()
    {
        HistoryModel history(QString(), 10);
        QVERIFY(history.isInMemoryOnly());
        history.append(entry(QStringLiteral("GET"), QStringLiteral("http://h/before"), 200));
        QVERIFY(!QFile::exists(file()));
        history.keepIn(file());
        QVERIFY(!history.isInMemoryOnly());
        QCOMPARE(readFile(file()).count('\n'), 1);
        history.append(entry(QStringLiteral("POST"), QStringLiteral("http://h/after"), 201));
        // A history with a file keeps it.
        history.keepIn(m_dir.filePath(QStringLiteral("elsewhere.jsonl")));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("elsewhere.jsonl"))));
        HistoryModel reopened(file(), 10);
        QCOMPARE(reopened.rowCount(), 2);
        QCOMPARE(reopened.entry(0).url, QStringLiteral("http://h/before"));
        QCOMPARE(reopened.entry(1).url, QStringLiteral("http://h/after"));
    }

    void brokenLines_areSkippedAndCounted()
    {
        {
            HistoryModel history(file(), 10);
            history.append(entry(QStringLiteral("GET"), QStringLiteral("http://a"), 200));
        }
        {
            QFile f(file());
            QVERIFY(f.open(QIODevice::Append));
            f.write("{\"at\": 1, \"method\": \"GET\", \"url\": \n"); // cut short by a crash
            f.write("not json at all\n");
            f.write(QByteArray(3 << 20, 'x') + '\n'); // far too long for an entry
        }
        HistoryModel history(file(), 10);
        QCOMPARE(history.rowCount(), 1);
        QCOMPARE(history.skippedLines(), 3);
        history.append(entry(QStringLiteral("PUT"), QStringLiteral("http://b"), 201));
        HistoryModel again(file(), 10);
        QCOMPARE(again.rowCount(), 2);
    }

    void twoWindowsAndAnotherProcess_keepEveryNewLine_noneTornNoneTwice()
    {
        QString error;
        const QString appender = builtProgram(QStringLiteral("history_appender"), &error);
        QVERIFY2(!appender.isEmpty(), qPrintable(error));
        // Three writers of N lines a round, at most the limit together: none of a round's lines
        // may be missing. The file starts with more old lines than the limit allows, so that
        // every writer compacts at its first append, and again every limit/4 of its own appends.
        constexpr int Limit = 200;
        constexpr int PerRound = 60;
        constexpr int Rounds = 8;
        {
            QByteArray old;
            for (int i = 0; i < Limit + Limit / 4; ++i)
                old += QJsonDocument(entry(QStringLiteral("GET"),
                                           QStringLiteral("http://old/0/%1").arg(i), 200)
                                         .toJson())
                           .toJson(QJsonDocument::Compact)
                    + '\n';
            QVERIFY(writeFile(file(), old));
        }
        QProcess other;
        other.start(
            appender,
            {file(), QString::number(Limit), QStringLiteral("other"), QString::number(PerRound)});
        QVERIFY2(other.waitForStarted(), qPrintable(other.errorString()));
        const auto waitFor = [&other](const QByteArray &line) {
            QByteArray out;
            while (!out.contains(line + '\n')) {
                if (!other.waitForReadyRead(60000))
                    return false;
                out += other.readAllStandardOutput();
            }
            return true;
        };
        QVERIFY2(waitFor("ready"), other.readAllStandardError().constData());
        HistoryModel first(file(), Limit);
        HistoryModel second(file(), Limit);
        QCOMPARE(first.rowCount(), Limit);

        // Every writer's lines, in the order it wrote them: "http://TAG/ROUND/I".
        const auto order = [](const QString &url) {
            const QStringList parts = url.mid(7).split(QLatin1Char('/'));
            return qMakePair(parts.value(0),
                             parts.value(1).toInt() * 100000 + parts.value(2).toInt());
        };
        int interleaved = 0; // rounds where the other process's lines and ours alternate
        for (int round = 1; round <= Rounds; ++round) {
            other.write(QStringLiteral("go %1\n").arg(round).toUtf8());
            QVERIFY(other.waitForBytesWritten(30000)); // now, not when the event loop next runs
            for (int i = 0; i < PerRound; ++i) {
                for (HistoryModel *window : {&first, &second}) {
                    const QString tag =
                        window == &first ? QStringLiteral("first") : QStringLiteral("second");
                    window->append(
                        entry(QStringLiteral("GET"),
                              QStringLiteral("http://%1/%2/%3").arg(tag).arg(round).arg(i), 200));
                    QVERIFY2(window->fileError().isEmpty(), qPrintable(window->fileError()));
                }
            }
            QVERIFY2(waitFor("done " + QByteArray::number(round)),
                     other.readAllStandardError().constData());

            const QList<QByteArray> lines = readFile(file()).split('\n');
            QVERIFY(lines.last().isEmpty()); // ends with a whole line
            QSet<QString> seen;
            QHash<QString, int> last; // each writer's last line so far, by its own order
            QString roundTags; // whose line each of this round's lines is, in file order
            for (qsizetype n = 0; n + 1 < lines.size(); ++n) {
                const auto read =
                    HistoryEntry::fromJson(QJsonDocument::fromJson(lines[n]).object());
                QVERIFY2(read, lines[n].constData()); // none torn
                QVERIFY2(!seen.contains(read->url), qPrintable(read->url)); // none twice
                seen.insert(read->url);
                const auto [tag, at] = order(read->url);
                QVERIFY2(at > last.value(tag, -1), qPrintable(read->url)); // in the writer's order
                last[tag] = at;
                if (read->url.section(QLatin1Char('/'), 3, 3).toInt() == round)
                    roundTags += tag.at(0);
            }
            // Every line of this round is there: the three writers together wrote no more than
            // the limit, so each compaction kept all of them...
            for (const QString &tag :
                 {QStringLiteral("first"), QStringLiteral("second"), QStringLiteral("other")}) {
                for (int i = 0; i < PerRound; ++i) {
                    const QString url =
                        QStringLiteral("http://%1/%2/%3").arg(tag).arg(round).arg(i);
                    QVERIFY2(seen.contains(url), qPrintable(url));
                }
            }
            // ...with at least the limit's worth of the newest lines, and the file stays bounded:
            // each writer compacts after at most a quarter of the limit of its own lines.
            QVERIFY2(seen.size() >= Limit, qPrintable(QString::number(seen.size())));
            QVERIFY2(seen.size() <= Limit + 3 * (Limit / 4),
                     qPrintable(QString::number(seen.size())));
            const qsizetype firstOther = roundTags.indexOf(QLatin1Char('o'));
            const qsizetype lastOther = roundTags.lastIndexOf(QLatin1Char('o'));
            interleaved += roundTags.mid(firstOther, lastOther - firstOther).contains(u'f')
                || roundTags.mid(firstOther, lastOther - firstOther).contains(u's');
        }
        // The old lines are long gone: the compactions kept only the newest.
        QVERIFY(!readFile(file()).contains("http://old/"));
        other.closeWriteChannel();
        QVERIFY(other.waitForFinished(30000));
        QCOMPARE(other.exitCode(), 0);
        qInfo("%d of %d rounds interleaved the other process's appends with this one's",
              interleaved, Rounds);
        QVERIFY(interleaved > 0);
    }

    void clear_emptiesTheFileForEveryProcess()
    {
        HistoryModel first(file(), 10);
        for (int i = 0; i < 11; ++i)
            first.append(entry(QStringLiteral("GET"), QStringLiteral("http://x/%1").arg(i), 200));
        HistoryModel second(file(), 10); // another window, opened with the ten newest
        first.clear();
        QCOMPARE(readFile(file()), QByteArray());
        // The other window's next appends (the second one compacts) do not bring back what the
        // user cleared.
        second.append(entry(QStringLiteral("GET"), QStringLiteral("http://c/0"), 200));
        second.append(entry(QStringLiteral("GET"), QStringLiteral("http://c/1"), 200));
        HistoryModel reopened(file(), 10);
        QCOMPARE(reopened.rowCount(), 2);
        QCOMPARE(reopened.entry(0).url, QStringLiteral("http://c/0"));
        QCOMPARE(reopened.entry(1).url, QStringLiteral("http://c/1"));
    }

    void search_matchesEveryWordAndStatusClasses()
    {
        HistoryModel history(QString(), 100);
        history.append(entry(QStringLiteral("GET"), QStringLiteral("http://api/users/1"), 200));
        history.append(entry(QStringLiteral("POST"), QStringLiteral("http://api/users"), 201));
        history.append(entry(QStringLiteral("GET"), QStringLiteral("http://api/items"), 404));
        HistoryEntry failed =
            entry(QStringLiteral("DELETE"), QStringLiteral("http://api/users/2"), 0);
        failed.error = QStringLiteral("Connection refused");
        history.append(failed);

        HistoryFilterModel search;
        search.setSourceModel(&history);
        QAbstractItemModelTester tester(&search,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(search.rowCount(), 4);
        QCOMPARE(search.index(0, 0).data(HistoryModel::MethodRole).toString(),
                 QStringLiteral("DELETE")); // newest first
        search.setSearchText(QStringLiteral("users get"));
        QCOMPARE(search.rowCount(), 1);
        QCOMPARE(search.index(0, 0).data(HistoryModel::UrlRole).toString(),
                 QStringLiteral("http://api/users/1"));
        search.setSearchText(QStringLiteral("status:4xx"));
        QCOMPARE(search.rowCount(), 1);
        search.setSearchText(QStringLiteral("REFUSED"));
        QCOMPARE(search.rowCount(), 1);
        search.setSearchText(QStringLiteral("status:2xx users"));
        QCOMPARE(search.rowCount(), 2);
        history.append(entry(QStringLiteral("PATCH"), QStringLiteral("http://api/users/3"), 204));
        QCOMPARE(search.rowCount(), 3);
        QCOMPARE(search.index(0, 0).data(HistoryModel::MethodRole).toString(),
                 QStringLiteral("PATCH"));
    }
};

QTEST_GUILESS_MAIN(tst_History)
#include "tst_history.moc"
