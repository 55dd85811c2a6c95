// The token endpoint fails mid-run under load (issue 11): 50 calls in flight through the core
// (AuthorizedClient + TokenManager against the in-process sandbox), and keyway-cli `run`
// processes sharing one Redis login, when the sandbox's token endpoint starts failing (5xx, 429
// with Retry-After), hanging, or resetting the connection after it rotated the refresh token.
// Every success a client reports is a 2xx the sandbox served (its counter against the client's
// tally), every failure says why, the refresh count is the one expected, and a lost rotation
// ends in one reuse detection and a plain "sign in again", never a loop.
#include "clientstack.h"
#include "clirun.h"
#include "fakeclock.h"
#include "redisserver.h"
#include "runworkspaces.h"
#include "sandbox/sandbox.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

Q_DECLARE_METATYPE(Keyway::TokenFault)

namespace {

constexpr int Load = 50;
// Answered late and judged late: a call in flight when the tokens expire is answered 401.
const QString SlowRoute = QStringLiteral("/api/slow?ms=100&check=late");

struct Tally
{
    int successes = 0;
    int failures = 0;
};

} // namespace

class tst_FaultsTokenEndpoint : public QObject
{
    Q_OBJECT

    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<FakeClock> m_clock;
    std::unique_ptr<ClientStack> m_stack;

    QList<ApiCall *> sendLoad(int count = Load)
    {
        QList<ApiCall *> calls;
        for (int i = 0; i < count; ++i)
            calls.append(m_stack->send("GET", SlowRoute));
        return calls;
    }

    // Counts what the client reports; every failure must carry `messagePart`.
    static Tally tally(const QList<ApiCall *> &calls, const QString &messagePart)
    {
        Tally t;
        for (ApiCall *call : calls) {
            if (call->isSuccess()) {
                ++t.successes;
                continue;
            }
            ++t.failures;
            [&] {
                QCOMPARE(call->error(), ApiCall::Error::TokenUnavailable);
                QVERIFY2(call->errorString().contains(messagePart),
                         qPrintable(call->errorString()));
            }();
        }
        return t;
    }

    // Starts a load and, once the sandbox served a few of its calls, expires the tokens and
    // switches the token endpoint to `fault`.
    QList<ApiCall *> loadWithFaultMidRun(TokenFault fault, int times = 0)
    {
        const int servedBefore = m_sandbox->counters().apiSuccesses;
        QList<ApiCall *> calls = sendLoad();
        if (!QTest::qWaitFor([&] { return m_sandbox->counters().apiSuccesses > servedBefore; },
                             20000))
            return calls;
        m_sandbox->expireAllTokens();
        m_sandbox->setTokenFault(fault, times);
        return calls;
    }

    qint64 lastBackoffMs() const
    {
        const QList<Event> backoff = m_stack->eventsOf(EventType::RefreshBackoff);
        return backoff.isEmpty()
            ? 0
            : backoff.last().details.value(QStringLiteral("delay_ms")).toInteger();
    }

    // ---- keyway-cli processes ------------------------------------------------------------

    // The client secret, but no password unless asked: a run cannot paper over a dead grant
    // by signing in.
    QProcessEnvironment cliEnvironment(const QTemporaryDir &home, bool withPassword) const
    {
        return isolatedCliEnvironment(home.path(), m_sandbox->config().clientSecret,
                                      withPassword ? m_sandbox->config().password : QString());
    }
    // With the password grant for `login`; without a grant, a run can only refresh.
    QStringList cliAuth(bool withGrant = false) const
    {
        QStringList args {QStringLiteral("--token-url"), m_sandbox->tokenUrl().toString(),
                          QStringLiteral("--client-id"), m_sandbox->config().clientId};
        if (withGrant)
            args << QStringLiteral("--grant") << QStringLiteral("password")
                 << QStringLiteral("--username") << m_sandbox->config().username;
        return args;
    }

    // What one run's JSON report says: requests answered 2xx, and the error of each request
    // that got no answer.
    static void readReport(const QString &path, int *served, QStringList *errors)
    {
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        const QJsonObject report = QJsonDocument::fromJson(file.readAll()).object();
        const QJsonArray requests = report.value(QStringLiteral("requests")).toArray();
        QVERIFY(!requests.isEmpty());
        for (const QJsonValue &value : requests) {
            const QJsonObject request = value.toObject();
            const int status = request.value(QStringLiteral("response"))
                                   .toObject()
                                   .value(QStringLiteral("status"))
                                   .toInt();
            if (status >= 200 && status < 300)
                ++*served;
            else
                errors->append(request.value(QStringLiteral("error")).toString());
        }
    }

private Q_SLOTS:
    void init()
    {
        m_sandbox = std::make_unique<Sandbox>();
        QString error;
        QVERIFY2(m_sandbox->start(&error), qPrintable(error));
        m_sandbox->setRotation(true);
        m_sandbox->setReuseDetection(true);
        m_clock = std::make_unique<FakeClock>();
        // A profile that can only refresh: nothing may paper over a dead grant by signing in.
        Profile profile = ClientStack::profileFor(*m_sandbox);
        profile.grant = GrantType::None;
        profile.password.clear();
        m_stack = std::make_unique<ClientStack>(*m_sandbox, m_clock.get(), profile);
        QVERIFY2(m_stack->seedTokens(&error), qPrintable(error));
        m_sandbox->resetCounters();
    }
    void cleanup()
    {
        m_stack.reset();
        m_sandbox.reset();
    }

    void failingOrHangingMidRun_successesAreServedOnes_oneTokenRequest_thenRecovers_data()
    {
        QTest::addColumn<TokenFault>("fault");
        QTest::addColumn<QString>("messagePart");
        QTest::addColumn<qint64>("retryAfterMs");
        QTest::newRow("500") << TokenFault::ServerError500 << "server_error" << qint64(-1);
        QTest::newRow("503 Retry-After")
            << TokenFault::Unavailable503 << "temporarily_unavailable" << qint64(2000);
        QTest::newRow("429 Retry-After")
            << TokenFault::TooManyRequests429 << "too many requests" << qint64(3000);
        QTest::newRow("hang") << TokenFault::Hang << "in time" << qint64(-1);
    }
    void failingOrHangingMidRun_successesAreServedOnes_oneTokenRequest_thenRecovers()
    {
        QFETCH(TokenFault, fault);
        QFETCH(QString, messagePart);
        QFETCH(qint64, retryAfterMs);
        const TokenSet before = m_stack->tokens->tokens();

        const QList<ApiCall *> calls = loadWithFaultMidRun(fault);
        if (fault == TokenFault::Hang) {
            // Every call has been answered once (200, or 401 and now waiting on the refresh the
            // server never answers): the refresh's own timeout runs out on the test's clock.
            QTRY_COMPARE_WITH_TIMEOUT(m_sandbox->counters().apiHits, Load, 20000);
            QTRY_COMPARE(m_sandbox->counters().tokenRequests, 1);
            m_clock->advance(m_stack->tokens->profile().refreshTimeoutMs);
        }
        QVERIFY(ClientStack::waitAll(calls, 30000));
        const Tally first = tally(calls, messagePart);
        // Only what the sandbox really answered 2xx is a success; the fault hit the run.
        QCOMPARE(first.successes, m_sandbox->counters().apiSuccesses);
        QVERIFY2(first.successes > 0 && first.failures > 0,
                 qPrintable(
                     QStringLiteral("%1 ok, %2 failed").arg(first.successes).arg(first.failures)));
        // One refresh attempt for all the rejected calls, none of them helpfully repeated.
        QCOMPARE(m_sandbox->counters().tokenRequests, 1);
        QCOMPARE(m_sandbox->counters().refreshes, 0);
        QCOMPARE(m_sandbox->counters().reuseDetections, 0);
        QCOMPARE(m_stack->count(EventType::RefreshFailed), 1);
        QCOMPARE(m_stack->tokens->tokens().refreshToken, before.refreshToken); // kept
        if (retryAfterMs >= 0) {
            const QList<Event> backoff = m_stack->eventsOf(EventType::RefreshBackoff);
            QCOMPARE(backoff.size(), 1);
            QCOMPARE(backoff.first().details.value(QStringLiteral("retry_after_ms")).toInteger(),
                     retryAfterMs);
            QVERIFY(lastBackoffMs() >= retryAfterMs);
        }

        // The server is well again and the backoff has passed: the next load costs exactly one
        // refresh and every call of it succeeds.
        m_sandbox->setTokenFault(TokenFault::None);
        m_clock->advance(lastBackoffMs());
        const QList<ApiCall *> again = sendLoad();
        QVERIFY(ClientStack::waitAll(again, 30000));
        const Tally second = tally(again, QString());
        QCOMPARE(second.successes, Load);
        QCOMPARE(m_sandbox->counters().apiSuccesses, first.successes + Load);
        QCOMPARE(m_sandbox->counters().tokenRequests, 2);
        QCOMPARE(m_sandbox->counters().refreshes, 1);
        QCOMPARE(m_sandbox->counters().reuseDetections, 0);
        QCOMPARE(m_stack->tokens->tokens().generation, before.generation + 1);
    }

    void resetAfterCommitMidRun_oneReuseDetection_thenSignInAgain_noLoop()
    {
        const TokenSet before = m_stack->tokens->tokens();
        const QList<ApiCall *> calls = loadWithFaultMidRun(TokenFault::ResetAfterCommit, 1);
        QVERIFY(ClientStack::waitAll(calls, 30000));
        const Tally first = tally(calls, QStringLiteral("broke"));
        QCOMPARE(first.successes, m_sandbox->counters().apiSuccesses);
        QVERIFY(first.successes > 0 && first.failures > 0);
        // The server rotated; the answer never came. The client looked in its store, found
        // nothing newer, and waits instead of presenting the maybe-used token again at once.
        QCOMPARE(m_sandbox->counters().tokenRequests, 1);
        QCOMPARE(m_sandbox->counters().refreshes, 1);
        QCOMPARE(m_stack->tokens->state(), TokenManager::State::OutcomeUnknown);
        QCOMPARE(m_stack->tokens->tokens().refreshToken, before.refreshToken); // never half
        QCOMPARE(m_stack->tokens->tokens().generation, before.generation);

        // After the backoff one attempt is made with the stored token: the server sees it as
        // reused (the rotation was real) and ends the sign-in; the client says so.
        m_clock->advance(lastBackoffMs());
        const QList<ApiCall *> after = sendLoad();
        QVERIFY(ClientStack::waitAll(after, 30000));
        const Tally second = tally(after, QStringLiteral("sign in again"));
        QCOMPARE(second.successes, 0);
        QCOMPARE(m_sandbox->counters().apiSuccesses, first.successes);
        QCOMPARE(m_sandbox->counters().tokenRequests, 2);
        QCOMPARE(m_sandbox->counters().reuseDetections, 1);
        QCOMPARE(m_stack->tokens->state(), TokenManager::State::ReauthRequired);
        QCOMPARE(m_stack->count(EventType::ReauthRequired), 1);

        // No loop: later calls fail at once with the same message and ask the server nothing.
        m_clock->advance(60 * 60 * 1000);
        const QList<ApiCall *> later = sendLoad(10);
        QVERIFY(ClientStack::waitAll(later, 30000));
        QCOMPARE(tally(later, QStringLiteral("sign in again")).failures, 10);
        QCOMPARE(m_sandbox->counters().tokenRequests, 2);
    }

    void cliRunsSharingRedis_faultMidRun_onlyServedRequestsPass_data()
    {
        QTest::addColumn<TokenFault>("fault");
        QTest::newRow("503 Retry-After") << TokenFault::Unavailable503;
        QTest::newRow("reset after commit") << TokenFault::ResetAfterCommit;
    }
    void cliRunsSharingRedis_faultMidRun_onlyServedRequestsPass()
    {
        QFETCH(TokenFault, fault);
        const bool lostRotation = fault == TokenFault::ResetAfterCommit;
        QString error;
        QVERIFY2(!cliBinary(&error).isEmpty(), qPrintable(error));
        RedisServer redis;
        QVERIFY2(redis.start(&error), qPrintable(error));
        QTemporaryDir dir;
        QTemporaryDir home;
        const QString root = dir.filePath(QStringLiteral("ws"));
        QVERIFY(RunWorkspaces::writeLoadWorkspace(
            root, m_sandbox->apiUrl(QStringLiteral("/api/slow?ms=50&check=late")), Load, 50));
        const QStringList store {QStringLiteral("--profile"),
                                 QStringLiteral("sandbox"),
                                 QStringLiteral("--store"),
                                 QStringLiteral("redis://127.0.0.1:%1/0").arg(redis.port()),
                                 QStringLiteral("--workspace"),
                                 QStringLiteral("faults")};
        const CliRun login =
            runCli(cliBinary(), QStringList {QStringLiteral("login")} + store + cliAuth(true),
                   cliEnvironment(home, true));
        QVERIFY2(login.exitCode == 0, qPrintable(login.describe()));
        // The key names the workspace by its id: found, not spelled out.
        const QByteArray tokensKey =
            redis.cli({QStringLiteral("KEYS"), QStringLiteral("keyway:*:sandbox:tokens")});
        QVERIFY2(tokensKey.startsWith("keyway:") && !tokensKey.contains('\n'),
                 tokensKey.constData());
        QCOMPARE(redis.cli({QStringLiteral("HGET"), QString::fromLatin1(tokensKey),
                            QStringLiteral("generation")}),
                 QByteArray("1"));
        m_sandbox->resetCounters();

        constexpr int Processes = 2;
        QList<QStringList> runs;
        for (int i = 0; i < Processes; ++i) {
            runs.append(QStringList {QStringLiteral("run"), root, QStringLiteral("--concurrency"),
                                     QString::number(Load), QStringLiteral("--iterations"),
                                     QStringLiteral("2"), QStringLiteral("--reporter"),
                                     QStringLiteral("json"), QStringLiteral("--report-dir"),
                                     dir.filePath(QStringLiteral("report%1").arg(i))}
                        + store + cliAuth());
        }
        bool switched = false;
        const QList<CliRun> results = runClis(cliBinary(), runs, cliEnvironment(home, false), [&] {
            if (!switched && m_sandbox->counters().apiSuccesses >= 20) {
                m_sandbox->expireAllTokens();
                m_sandbox->setTokenFault(fault, lostRotation ? 1 : 0);
                switched = true;
            }
        });
        QVERIFY2(switched, qPrintable(results.first().describe()));
        int served = 0;
        QStringList errors;
        for (int i = 0; i < Processes; ++i) {
            const CliRun &result = results[i];
            QVERIFY2(result.finished && !result.crashed, qPrintable(result.describe()));
            QVERIFY2(result.exitCode != 0, qPrintable(result.describe())); // said, not hidden
            readReport(dir.filePath(QStringLiteral("report%1/keyway-run.json").arg(i)), &served,
                       &errors);
        }
        // Across both processes: only what the sandbox served counts as passed.
        QCOMPARE(served, m_sandbox->counters().apiSuccesses);
        QVERIFY(!errors.isEmpty());
        for (const QString &why : std::as_const(errors)) {
            const bool clear = lostRotation
                ? why.contains(QLatin1String("broke"))
                    || why.contains(QLatin1String("sign in again"))
                : why.contains(QLatin1String("temporarily_unavailable"));
            QVERIFY2(clear, qPrintable(why));
        }
        // At most one refresh attempt per process (each then waits out its backoff), and the
        // stored login is the old generation, whole: the lost answer was never half stored.
        QVERIFY(m_sandbox->counters().refreshGrants >= 1);
        QVERIFY(m_sandbox->counters().refreshGrants <= Processes);
        QCOMPARE(m_sandbox->counters().refreshes, lostRotation ? 1 : 0);
        QVERIFY(m_sandbox->counters().reuseDetections <= (lostRotation ? 1 : 0));
        QCOMPARE(redis.cli({QStringLiteral("HGET"), QString::fromLatin1(tokensKey),
                            QStringLiteral("generation")}),
                 QByteArray("1"));

        // The fault is gone. After a transient failure the next run refreshes once and passes;
        // after a lost rotation the grant is dead and the run says to sign in again, asking the
        // server at most once more.
        m_sandbox->setTokenFault(TokenFault::None);
        const int tokenRequestsBefore = m_sandbox->counters().tokenRequests;
        const CliRun next =
            runCli(cliBinary(), QStringList {QStringLiteral("run"), root} + store + cliAuth(),
                   cliEnvironment(home, false));
        if (lostRotation) {
            QVERIFY2(next.exitCode != 0, qPrintable(next.describe()));
            QVERIFY2(next.out.contains("sign in again") || next.err.contains("sign in again"),
                     qPrintable(next.describe()));
            QVERIFY(m_sandbox->counters().tokenRequests <= tokenRequestsBefore + 1);
            QCOMPARE(m_sandbox->counters().reuseDetections, 1);
        } else {
            QVERIFY2(next.exitCode == 0, qPrintable(next.describe()));
            QCOMPARE(m_sandbox->counters().tokenRequests, tokenRequestsBefore + 1);
            QCOMPARE(m_sandbox->counters().refreshes, 1);
            QCOMPARE(redis.cli({QStringLiteral("HGET"), QString::fromLatin1(tokensKey),
                                QStringLiteral("generation")}),
                     QByteArray("2"));
        }
    }
};

QTEST_GUILESS_MAIN(tst_FaultsTokenEndpoint)
#include "tst_faults_tokenendpoint.moc"
