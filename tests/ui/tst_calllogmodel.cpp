// The live log's tree model: events grouped under their call and their refresh flight, the
// replay chain of each call, a bound that drops the oldest groups first, pause, and a clean bill
// from QAbstractItemModelTester throughout.
#include "auth/clock.h"
#include "log/calllogmodel.h"
#include "log/eventlog.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Keyway;

namespace {

Event makeEvent(EventType type, quint64 callId, quint64 flightId = 0, const QString &message = {},
                QJsonObject details = {})
{
    Event e;
    e.type = type;
    e.profile = QStringLiteral("demo");
    e.callId = callId;
    e.attempt = callId ? 1 : 0;
    e.flightId = flightId;
    e.generation = 1;
    e.message = message;
    e.details = std::move(details);
    e.atMs = 1700000000000;
    return e;
}

// Two calls that meet an expired token: the first starts refresh #1, the second joins it; both
// are replayed and answered 200. Interleaved as the core posts them.
QList<Event> refreshStory()
{
    const QJsonObject challenge {{QStringLiteral("status"), 401}};
    const auto finished = [](quint64 call) {
        return makeEvent(EventType::RequestFinished, call, 0, QStringLiteral("200"),
                         {{QStringLiteral("status"), 200},
                          {QStringLiteral("attempts"), 2},
                          {QStringLiteral("replays"), 1},
                          {QStringLiteral("ms"), 40}});
    };
    Event succeeded = makeEvent(EventType::RefreshSucceeded, 0, 1, QStringLiteral("refreshed"),
                                {{QStringLiteral("ms"), 12}, {QStringLiteral("waiters"), 2}});
    succeeded.generation = 2;
    return {
        makeEvent(EventType::RequestStarted, 1, 0,
                  QStringLiteral("GET http://127.0.0.1/api/items")),
        makeEvent(EventType::TokenAttached, 1, 0, {},
                  {{QStringLiteral("access_token"), QStringLiteral("abc123abc123")}}),
        makeEvent(EventType::RequestStarted, 2, 0,
                  QStringLiteral("POST http://127.0.0.1/api/echo")),
        makeEvent(EventType::TokenAttached, 2),
        makeEvent(EventType::ChallengeReceived, 1, 0, QStringLiteral("401 for generation 1"),
                  challenge),
        makeEvent(EventType::RefreshStarted, 1, 1, QStringLiteral("challenge")),
        makeEvent(EventType::ChallengeReceived, 2, 0, QStringLiteral("401 for generation 1"),
                  challenge),
        makeEvent(EventType::RefreshJoined, 2, 1),
        makeEvent(EventType::StoreUpdated, 0, 1),
        succeeded,
        makeEvent(EventType::RequestReplayed, 1, 0, QStringLiteral("with generation 2")),
        makeEvent(EventType::RequestReplayed, 2, 0, QStringLiteral("with generation 2")),
        finished(1),
        finished(2),
    };
}

QString cell(const QAbstractItemModel &model, int row, int column, const QModelIndex &parent = {})
{
    return model.index(row, column, parent).data().toString();
}

} // namespace

class tst_CallLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eventsOfOneCall_areGroupedUnderIt_andTheRefreshHasItsOwnRow()
    {
        CallLogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (const Event &e : refreshStory())
            model.append(e); // one at a time: every intermediate state is checked too

        QCOMPARE(model.rowCount(), 3); // call 1, call 2, refresh #1: in the order they began
        QCOMPARE(model.index(0, 0).data(CallLogModel::RowTypeRole).toInt(),
                 int(CallLogModel::RowType::Call));
        QCOMPARE(model.index(1, 0).data(CallLogModel::RowTypeRole).toInt(),
                 int(CallLogModel::RowType::Call));
        QCOMPARE(model.index(2, 0).data(CallLogModel::RowTypeRole).toInt(),
                 int(CallLogModel::RowType::Flight));
        QCOMPARE(model.eventCount(), 14);

        const QModelIndex call1 = model.index(0, 0);
        QCOMPARE(model.rowCount(call1), 6);
        QCOMPARE(cell(model, 0, CallLogModel::MethodColumn), QStringLiteral("GET"));
        QCOMPARE(cell(model, 0, CallLogModel::UrlColumn),
                 QStringLiteral("http://127.0.0.1/api/items"));
        QCOMPARE(cell(model, 0, CallLogModel::StatusColumn), QStringLiteral("200"));
        QCOMPARE(cell(model, 0, CallLogModel::DurationColumn), QStringLiteral("40 ms"));
        QCOMPARE(
            cell(model, 0, CallLogModel::SummaryColumn),
            QStringLiteral("401 → refresh #1 (2 calls, 12 ms, generation 2) → replayed → 200"));
        QCOMPARE(cell(model, 3, CallLogModel::KindColumn, call1),
                 QStringLiteral("refresh.started"));
        QCOMPARE(cell(model, 3, CallLogModel::KindColumn, model.index(1, 0)),
                 QStringLiteral("refresh.joined"));

        const QModelIndex flight = model.index(2, 0);
        QCOMPARE(model.rowCount(flight), 2); // store.updated, refresh.succeeded
        QCOMPARE(
            cell(model, 2, CallLogModel::SummaryColumn),
            QStringLiteral("refresh #1 · started by call 1 · 1 joined · 12 ms · generation 2"));
        QCOMPARE(cell(model, 2, CallLogModel::StatusColumn), QStringLiteral("ok"));

        const CallSummary *summary = model.callSummary(QStringLiteral("demo"), 2);
        QVERIFY(summary);
        QCOMPARE(summary->flightId, quint64(1));
        QCOMPARE(summary->startedFlight, false);
        QCOMPARE(summary->replays, 1);
    }

    void batch_insertsTheSameTreeAsSingleAppends()
    {
        CallLogModel one;
        CallLogModel batched;
        QAbstractItemModelTester tester(&batched,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QList<Event> story = refreshStory();
        for (const Event &e : story)
            one.append(e);
        batched.appendBatch(story.mid(0, 5));
        batched.appendBatch(story.mid(5));
        QCOMPARE(batched.rowCount(), one.rowCount());
        for (int row = 0; row < one.rowCount(); ++row) {
            QCOMPARE(batched.rowCount(batched.index(row, 0)), one.rowCount(one.index(row, 0)));
            for (int column = 0; column < CallLogModel::ColumnCount; ++column)
                QCOMPARE(cell(batched, row, column), cell(one, row, column));
        }
        QCOMPARE(batched.allEvents().size(), story.size());
        QCOMPARE(batched.allEvents().at(4).type, EventType::ChallengeReceived); // arrival order
    }

    void categories_separateRequestsAuthStoreAndErrors()
    {
        using C = CallLogModel;
        QCOMPARE(C::categoriesOf(makeEvent(EventType::RequestStarted, 1)),
                 C::Categories(C::Requests));
        QCOMPARE(C::categoriesOf(makeEvent(EventType::RefreshJoined, 1, 1)),
                 C::Categories(C::Auth));
        QCOMPARE(C::categoriesOf(makeEvent(EventType::StoreUpdated, 0, 1)),
                 C::Categories(C::Store));
        QCOMPARE(C::categoriesOf(makeEvent(EventType::StoreDegraded, 0)), C::Store | C::Errors);
        QCOMPARE(C::categoriesOf(makeEvent(EventType::RefreshFailed, 0, 1)), C::Auth | C::Errors);
        QCOMPARE(C::categoriesOf(makeEvent(EventType::RequestFinished, 1, 0, {},
                                           {{QStringLiteral("status"), 500}})),
                 C::Requests | C::Errors);
        QCOMPARE(C::categoriesOf(makeEvent(EventType::RequestFinished, 1, 0, {},
                                           {{QStringLiteral("status"), 204}})),
                 C::Categories(C::Requests));
    }

    void flood_keepsTheBound_dropsOldestGroupsFirst_andStaysValid()
    {
        CallLogModel model(nullptr, 1000);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsAboutToBeRemoved);
        quint64 call = 0;
        for (int batch = 0; batch < 50; ++batch) {
            QList<Event> events;
            for (int i = 0; i < 100; ++i) {
                ++call;
                events << makeEvent(EventType::RequestStarted, call, 0,
                                    QStringLiteral("GET http://h/%1").arg(call))
                       << makeEvent(EventType::RequestFinished, call, 0, QStringLiteral("200"),
                                    {{QStringLiteral("status"), 200}});
            }
            model.appendBatch(events);
            QVERIFY(model.eventCount() <= 1000);
        }
        QCOMPARE(model.eventCount(), 1000);
        QCOMPARE(model.rowCount(), 500);
        QVERIFY(removed.count() > 0);
        // The newest 500 calls are left, oldest first.
        QCOMPARE(model.index(0, 0).data(CallLogModel::CallIdRole).toULongLong(), call - 499);
        QCOMPARE(model.index(499, 0).data(CallLogModel::CallIdRole).toULongLong(), call);
        QVERIFY(!model.callSummary(QStringLiteral("demo"), 1));
        QVERIFY(model.callSummary(QStringLiteral("demo"), call));
    }

    void lateEventOfADroppedCall_startsANewGroup()
    {
        CallLogModel model(nullptr, 2);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.append(makeEvent(EventType::RequestStarted, 1, 0, QStringLiteral("GET http://h/1")));
        model.append(makeEvent(EventType::RequestStarted, 2, 0, QStringLiteral("GET http://h/2")));
        model.append(makeEvent(EventType::RequestStarted, 3, 0, QStringLiteral("GET http://h/3")));
        QCOMPARE(model.rowCount(), 2);
        model.append(
            makeEvent(EventType::RequestFinished, 1, 0, {}, {{QStringLiteral("status"), 200}}));
        QCOMPARE(model.eventCount(), 2);
        QCOMPARE(model.index(1, 0).data(CallLogModel::CallIdRole).toULongLong(), quint64(1));
    }

    void followsTheEventLogInBatches_andPauseHoldsEventsBack()
    {
        EventLog log(SystemClock::instance());
        CallLogModel model(&log, 100);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        log.post(makeEvent(EventType::RequestStarted, 1, 0, QStringLiteral("GET http://h/1")));
        QTRY_COMPARE(model.eventCount(), 1);

        model.setPaused(true);
        log.post(
            makeEvent(EventType::RequestFinished, 1, 0, {}, {{QStringLiteral("status"), 200}}));
        log.post(makeEvent(EventType::SignedIn, 0, 0));
        QTest::qWait(3 * CallLogModel::BatchIntervalMs);
        QCOMPARE(model.eventCount(), 1);
        QCOMPARE(model.pendingCount(), 2);
        model.setPaused(false);
        QCOMPARE(model.eventCount(), 3);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(cell(model, 0, CallLogModel::StatusColumn), QStringLiteral("200"));
    }

    void clear_emptiesTheModelAndItsSummaries()
    {
        CallLogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (const Event &e : refreshStory())
            model.append(e);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.eventCount(), 0);
        QVERIFY(!model.callSummary(QStringLiteral("demo"), 1));
        model.append(makeEvent(EventType::RequestStarted, 7, 0, QStringLiteral("GET http://h/7")));
        QCOMPARE(model.rowCount(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_CallLogModel)
#include "tst_calllogmodel.moc"
