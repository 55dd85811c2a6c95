// The live log's model: columns and roles, a bound that drops the oldest rows first, and a clean
// bill from QAbstractItemModelTester throughout.
#include "auth/clock.h"
#include "log/eventlog.h"
#include "log/eventlogmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Keyway;

namespace {

Event makeEvent(EventType type, quint64 callId = 0, const QString &message = {})
{
    Event event;
    event.type = type;
    event.profile = QStringLiteral("test");
    event.callId = callId;
    event.attempt = callId ? 1 : 0;
    event.message = message;
    return event;
}

} // namespace

class tst_EventLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendedEvent_showsInEveryColumnAndRole()
    {
        EventLogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        Event event = makeEvent(EventType::RefreshSucceeded, 12, QStringLiteral("refreshed"));
        event.attempt = 2;
        event.flightId = 3;
        event.generation = 7;
        event.atMs = 1700000000123;
        event.details.insert(QStringLiteral("access_token"), QStringLiteral("abcdef012345"));
        model.append(event);

        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.columnCount(), int(EventLogModel::ColumnCount));
        const auto cell = [&](int column, int role = Qt::DisplayRole) {
            return model.index(0, column).data(role);
        };
        QVERIFY(cell(EventLogModel::TimeColumn).toString().endsWith(QLatin1String(".123")));
        QCOMPARE(cell(EventLogModel::EventColumn).toString(), QStringLiteral("refresh.succeeded"));
        QCOMPARE(cell(EventLogModel::CallColumn).toString(), QStringLiteral("12/2"));
        QCOMPARE(cell(EventLogModel::FlightColumn).toString(), QStringLiteral("#3"));
        QCOMPARE(cell(EventLogModel::GenerationColumn).toString(), QStringLiteral("7"));
        QCOMPARE(cell(EventLogModel::MessageColumn).toString(), QStringLiteral("refreshed"));
        QCOMPARE(cell(0, EventLogModel::TypeRole).toInt(), int(EventType::RefreshSucceeded));
        QCOMPARE(cell(0, EventLogModel::KindRole).toInt(), int(EventKind::Refresh));
        QCOMPARE(cell(0, EventLogModel::IsAuthRole).toBool(), true);
        QCOMPARE(cell(0, EventLogModel::TimestampRole).toLongLong(), event.atMs);
        QCOMPARE(cell(0, EventLogModel::CallIdRole).toULongLong(), 12u);
        QCOMPARE(cell(0, EventLogModel::FlightIdRole).toULongLong(), 3u);
        QCOMPARE(cell(0, EventLogModel::GenerationRole).toULongLong(), 7u);
        QCOMPARE(cell(0, EventLogModel::LogLineRole).toString(), event.toLogLine());
        QCOMPARE(cell(0, Qt::ToolTipRole).toString(), event.toLogLine());
        QCOMPARE(cell(0, EventLogModel::EventRole).value<Event>().flightId, 3u);
        QCOMPARE(model.headerData(EventLogModel::MessageColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Message"));
    }

    void eventWithoutMessage_showsItsDetails()
    {
        EventLogModel model;
        Event event = makeEvent(EventType::TokenAttached, 1);
        event.details.insert(QStringLiteral("access_token"), QStringLiteral("abcdef012345"));
        model.append(event);
        QVERIFY(model.index(0, EventLogModel::MessageColumn)
                    .data()
                    .toString()
                    .contains(QLatin1String("abcdef012345")));
    }

    void finishedRequest_exposesItsStatus()
    {
        EventLogModel model;
        Event event = makeEvent(EventType::RequestFinished, 4, QStringLiteral("404"));
        event.details.insert(QStringLiteral("status"), 404);
        model.append(event);
        model.append(makeEvent(EventType::RequestStarted, 5));
        QCOMPARE(model.index(0, 0).data(EventLogModel::HttpStatusRole).toInt(), 404);
        QCOMPARE(model.index(1, 0).data(EventLogModel::HttpStatusRole).toInt(), 0);
    }

    void eventKinds_separateTrafficFromAuth_data()
    {
        QTest::addColumn<EventType>("type");
        QTest::addColumn<bool>("isAuth");
        QTest::newRow("request.started") << EventType::RequestStarted << false;
        QTest::newRow("request.finished") << EventType::RequestFinished << false;
        QTest::newRow("token.attached") << EventType::TokenAttached << false;
        QTest::newRow("redirect.followed") << EventType::RedirectFollowed << false;
        QTest::newRow("redirect.auth_stripped") << EventType::RedirectAuthStripped << true;
        QTest::newRow("challenge.received") << EventType::ChallengeReceived << true;
        QTest::newRow("refresh.started") << EventType::RefreshStarted << true;
        QTest::newRow("signin.started") << EventType::SignInStarted << true;
        QTest::newRow("request.replayed") << EventType::RequestReplayed << true;
        QTest::newRow("store.updated") << EventType::StoreUpdated << true;
        QTest::newRow("reauth.required") << EventType::ReauthRequired << true;
    }
    void eventKinds_separateTrafficFromAuth()
    {
        QFETCH(EventType, type);
        QFETCH(bool, isAuth);
        QCOMPARE(isAuthEvent(type), isAuth);
    }

    void bound_dropsOldestRowsFirstAndStaysValid()
    {
        EventLogModel model(nullptr, 10);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy aboutToRemove(&model, &QAbstractItemModel::rowsAboutToBeRemoved);
        for (int i = 1; i <= 50; ++i)
            model.append(makeEvent(EventType::RequestStarted, quint64(i)));

        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(aboutToRemove.count(), 40);
        // Every removal announced the oldest row, before it went.
        for (const QList<QVariant> &args : std::as_const(aboutToRemove)) {
            QCOMPARE(args.at(1).toInt(), 0);
            QCOMPARE(args.at(2).toInt(), 0);
        }
        QCOMPARE(model.index(0, 0).data(EventLogModel::CallIdRole).toULongLong(), 41u);
        QCOMPARE(model.index(9, 0).data(EventLogModel::CallIdRole).toULongLong(), 50u);
    }

    void defaultBound_isFiveThousandRows()
    {
        EventLogModel model;
        QCOMPARE(model.maxRows(), 5000);
        for (int i = 1; i <= 5100; ++i)
            model.append(makeEvent(EventType::RequestStarted, quint64(i)));
        QCOMPARE(model.rowCount(), 5000);
        QCOMPARE(model.index(0, 0).data(EventLogModel::CallIdRole).toULongLong(), 101u);
    }

    void lowerBound_dropsTheOverflowAtOnce()
    {
        EventLogModel model(nullptr, 100);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 1; i <= 30; ++i)
            model.append(makeEvent(EventType::RequestStarted, quint64(i)));
        model.setMaxRows(5);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.index(0, 0).data(EventLogModel::CallIdRole).toULongLong(), 26u);
    }

    void clear_emptiesTheModel()
    {
        EventLogModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.append(makeEvent(EventType::RequestStarted, 1));
        model.append(makeEvent(EventType::RequestFinished, 1));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        model.append(makeEvent(EventType::RequestStarted, 2));
        QCOMPARE(model.rowCount(), 1);
    }

    void followsEventLog_untilEitherIsGone()
    {
        auto log = std::make_unique<EventLog>(SystemClock::instance());
        EventLogModel model(log.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        log->post(makeEvent(EventType::RefreshStarted, 0, QStringLiteral("asked for")));
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(model.index(0, 0).data(EventLogModel::TimestampRole).toLongLong() > 0);
        log.reset();
        QCOMPARE(model.rowCount(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_EventLogModel)
#include "tst_eventlogmodel.moc"
