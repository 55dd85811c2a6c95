// CollectionRunner in process against the sandbox, over the ProfileSessions every front end
// sends with: a profile has one TokenManager for the whole run whatever client options its
// requests need, so one expiry costs one refresh.
#include "clientstack.h"

#include "auth/clock.h"
#include "auth/profilesessions.h"
#include "runner/collectionrunner.h"
#include "sandbox/sandbox.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

RequestItem itemsRequest(const QString &name, const QUrl &url, int timeoutMs)
{
    RequestItem request;
    request.name = name;
    request.url = url.toString();
    request.auth.mode = RequestAuth::Mode::Profile;
    request.auth.profile = QStringLiteral("sandbox");
    request.settings.timeoutMs = timeoutMs;
    return request;
}

} // namespace

class tst_CollectionRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneProfileTwoTimeouts_oneRefreshForBoth()
    {
        Sandbox sandbox;
        QString error;
        QVERIFY2(sandbox.start(&error), qPrintable(error));
        sandbox.setRotation(true);
        sandbox.setReuseDetection(true);
        QNetworkAccessManager network;
        EventLog events(SystemClock::instance());
        ProfileSessions sessions(&network, &events, SystemClock::instance());
        TokenManager *tokens = sessions.add(ClientStack::profileFor(sandbox), {});
        QCOMPARE(tokens->profile().name, QStringLiteral("sandbox"));
        bool signedIn = false;
        tokens->signIn(this, [&signedIn](const TokenError *failed) { signedIn = !failed; });
        QTRY_VERIFY(signedIn);

        // Two clients (the timeouts differ), one TokenManager under them.
        ClientOptions shortWait;
        shortWait.transferTimeoutMs = 20000;
        ClientOptions longWait;
        longWait.transferTimeoutMs = 40000;
        AuthorizedClient *first = sessions.client(QStringLiteral("sandbox"), shortWait);
        AuthorizedClient *second = sessions.client(QStringLiteral("sandbox"), longWait);
        QVERIFY(first && second && first != second);
        QCOMPARE(sessions.client(QStringLiteral("sandbox"), shortWait), first);
        QCOMPARE(first->tokenManager(), tokens);
        QCOMPARE(second->tokenManager(), tokens);

        WorkspaceData workspace;
        workspace.name = QStringLiteral("runner");
        const QUrl slow = sandbox.apiUrl(QStringLiteral("/api/slow?ms=100"));
        workspace.requests = {itemsRequest(QStringLiteral("short"), slow, 20000),
                              itemsRequest(QStringLiteral("long"), slow, 40000)};
        RunOptions options;
        options.concurrency = 2;
        options.processEnvironment = false;
        CollectionRunner runner(workspace, CollectionRunner::requestsUnder(workspace, {}), options,
                                &sessions);
        QCOMPARE(runner.plan().profiles, QStringList {QStringLiteral("sandbox")});
        sandbox.resetCounters();
        sandbox.expireAllTokens();
        QSignalSpy finished(&runner, &CollectionRunner::finished);
        runner.start();
        QVERIFY(finished.wait(60000));

        const RunReport &report = runner.report();
        QCOMPARE(report.totals.requests, 2);
        QCOMPARE(report.totals.failedRequests, 0);
        // Both were answered 401 and replayed after the one refresh they shared.
        QCOMPARE(report.totals.replays, 2);
        QCOMPARE(report.totals.refreshes, 1);
        QCOMPARE(sandbox.counters().refreshes, 1);
        QCOMPARE(sandbox.counters().reuseDetections, 0);
    }
};

QTEST_GUILESS_MAIN(tst_CollectionRunner)
#include "tst_collectionrunner.moc"
