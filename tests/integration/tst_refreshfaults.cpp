// Every way a token endpoint can fail, classified as the core promises: waiters hear promptly,
// tokens are kept unless the grant is dead, and backoff, Retry-After and timeouts run on a clock
// the test drives.
#include "clientstack.h"
#include "fakeclock.h"
#include "sandbox/sandbox.h"

#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

Q_DECLARE_METATYPE(Keyway::TokenFault)

class tst_RefreshFaults : public QObject
{
    Q_OBJECT

    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<FakeClock> m_clock;
    std::unique_ptr<ClientStack> m_stack;

    // A profile that can only refresh: a terminal failure must not be papered over by signing in.
    void seededWithoutSilentGrant()
    {
        Profile profile = ClientStack::profileFor(*m_sandbox);
        profile.grant = GrantType::None;
        profile.password.clear();
        m_stack = std::make_unique<ClientStack>(*m_sandbox, m_clock.get(), profile);
        QString error;
        QVERIFY2(m_stack->seedTokens(&error), qPrintable(error));
        m_sandbox->resetCounters();
    }

    QList<ApiCall *> sendMany(int count)
    {
        QList<ApiCall *> calls;
        for (int i = 0; i < count; ++i)
            calls.append(m_stack->send("GET", QStringLiteral("/api/items")));
        return calls;
    }

private Q_SLOTS:
    void init()
    {
        m_sandbox = std::make_unique<Sandbox>();
        QString error;
        QVERIFY2(m_sandbox->start(&error), qPrintable(error));
        m_clock = std::make_unique<FakeClock>();
        seededWithoutSilentGrant();
    }
    void cleanup()
    {
        m_stack.reset();
        m_sandbox.reset();
    }

    void fault_classifiedAndWaitersToldPromptly_data()
    {
        QTest::addColumn<TokenFault>("fault");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("messagePart");
        const int backoff = int(TokenManager::State::Backoff);
        const int reauth = int(TokenManager::State::ReauthRequired);
        const int unknown = int(TokenManager::State::OutcomeUnknown);
        QTest::newRow("500") << TokenFault::ServerError500 << "transient" << backoff
                             << "server_error";
        QTest::newRow("503 Retry-After")
            << TokenFault::Unavailable503 << "transient" << backoff << "temporarily_unavailable";
        QTest::newRow("invalid JSON")
            << TokenFault::InvalidJson << "transient" << backoff << "JSON";
        QTest::newRow("HTML with 200")
            << TokenFault::HtmlPage200 << "transient" << backoff << "JSON";
        QTest::newRow("no access_token")
            << TokenFault::MissingAccessToken << "transient" << backoff << "access_token";
        QTest::newRow("huge body")
            << TokenFault::HugeBody << "transient" << backoff << "larger than";
        QTest::newRow("invalid_grant")
            << TokenFault::InvalidGrant << "terminal" << reauth << "invalid_grant";
        QTest::newRow("invalid_client")
            << TokenFault::InvalidClient << "terminal" << reauth << "invalid_client";
        QTest::newRow("invalid_grant with 200")
            << TokenFault::InvalidGrant200 << "terminal" << reauth << "invalid_grant";
        QTest::newRow("hang") << TokenFault::Hang << "outcome_unknown" << unknown << "in time";
        QTest::newRow("reset after commit")
            << TokenFault::ResetAfterCommit << "outcome_unknown" << unknown << "broke";
    }

    void fault_classifiedAndWaitersToldPromptly()
    {
        QFETCH(TokenFault, fault);
        QFETCH(QString, kind);
        QFETCH(int, state);
        QFETCH(QString, messagePart);
        const TokenSet before = m_stack->tokens->tokens();
        m_sandbox->expireAllTokens();
        m_sandbox->setTokenFault(fault);

        const QList<ApiCall *> calls = sendMany(5);
        if (fault == TokenFault::Hang) {
            // The request is at the server and will never be answered: let the refresh's own
            // timeout run out on the test's clock.
            QTRY_COMPARE(m_sandbox->counters().tokenRequests, 1);
            m_clock->advance(m_stack->tokens->profile().refreshTimeoutMs);
        }
        QVERIFY(ClientStack::waitAll(calls, 20000));
        for (ApiCall *call : calls) {
            QCOMPARE(call->error(), ApiCall::Error::TokenUnavailable);
            QVERIFY2(call->errorString().contains(messagePart), qPrintable(call->errorString()));
        }
        // Exactly one token request: a lost answer is never "helpfully" sent again, which would
        // present a rotated refresh token twice.
        QCOMPARE(m_sandbox->counters().tokenRequests, 1);
        QCOMPARE(m_sandbox->counters().reuseDetections, 0);
        const QList<Event> failed = m_stack->eventsOf(EventType::RefreshFailed);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed[0].details.value(QStringLiteral("kind")).toString(), kind);
        QCOMPARE(int(m_stack->tokens->state()), state);
        // Tokens are kept whatever happened: a terminal failure asks for a sign-in, but the
        // store is not wiped behind the user's back.
        QCOMPARE(m_stack->tokens->tokens().refreshToken, before.refreshToken);
        QCOMPARE(m_stack->tokens->tokens().generation, before.generation);
        if (kind == QLatin1String("terminal"))
            QCOMPARE(m_stack->count(EventType::ReauthRequired), 1);
    }

    void retryAfter_honouredBeforeTheNextRefresh()
    {
        m_sandbox->expireAllTokens();
        m_sandbox->setTokenFault(TokenFault::Unavailable503);
        ApiCall *first = m_stack->send("GET", QStringLiteral("/api/items"));
        QVERIFY(ClientStack::waitAll({first}));
        const QList<Event> backoff = m_stack->eventsOf(EventType::RefreshBackoff);
        QCOMPARE(backoff.size(), 1);
        QCOMPARE(backoff[0].details.value(QStringLiteral("retry_after_ms")).toInteger(), 2000);
        const qint64 delay = backoff[0].details.value(QStringLiteral("delay_ms")).toInteger();
        QVERIFY(delay >= 2000);

        // Inside the backoff window a rejected request fails at once, without asking the server.
        m_sandbox->setTokenFault(TokenFault::None);
        ApiCall *during = m_stack->send("GET", QStringLiteral("/api/items"));
        QVERIFY(ClientStack::waitAll({during}));
        QCOMPARE(during->error(), ApiCall::Error::TokenUnavailable);
        QCOMPARE(m_sandbox->counters().tokenRequests, 1);

        // Once it has passed, the next rejection refreshes and the call succeeds.
        m_clock->advance(delay);
        ApiCall *after = m_stack->send("GET", QStringLiteral("/api/items"));
        QVERIFY(ClientStack::waitAll({after}));
        QVERIFY2(after->isSuccess(), qPrintable(after->errorString()));
        QCOMPARE(m_sandbox->counters().refreshes, 1);
    }

    void backoff_growsWithJitterAcrossFailures()
    {
        m_sandbox->expireAllTokens();
        m_sandbox->setTokenFault(TokenFault::ServerError500);
        qint64 previousCeiling = 0;
        for (int attempt = 1; attempt <= 4; ++attempt) {
            ApiCall *call = m_stack->send("GET", QStringLiteral("/api/items"));
            QVERIFY(ClientStack::waitAll({call}));
            const QList<Event> backoff = m_stack->eventsOf(EventType::RefreshBackoff);
            QCOMPARE(backoff.size(), attempt);
            const qint64 delay =
                backoff.last().details.value(QStringLiteral("delay_ms")).toInteger();
            const qint64 ceiling = 1000LL << (attempt - 1);
            QVERIFY2(delay >= ceiling / 2 && delay <= ceiling, qPrintable(QString::number(delay)));
            QVERIFY(ceiling > previousCeiling);
            previousCeiling = ceiling;
            m_clock->advance(delay);
        }
        QCOMPARE(m_sandbox->counters().tokenRequests, 4);
    }

    void lostAnswer_notRetriedAtOnce_butOnceAfterTheBackoff()
    {
        m_sandbox->expireAllTokens();
        m_sandbox->setTokenFault(TokenFault::ResetAfterCommit, 1);
        ApiCall *first = m_stack->send("GET", QStringLiteral("/api/items"));
        QVERIFY(ClientStack::waitAll({first}));
        QCOMPARE(m_stack->tokens->state(), TokenManager::State::OutcomeUnknown);

        // Requests rejected meanwhile fail at once: the maybe-used refresh token is not
        // presented again for each of them.
        ApiCall *meanwhile = m_stack->send("GET", QStringLiteral("/api/items"));
        QVERIFY(ClientStack::waitAll({meanwhile}));
        QCOMPARE(meanwhile->error(), ApiCall::Error::TokenUnavailable);
        QCOMPARE(m_sandbox->counters().tokenRequests, 1);

        // After the backoff one attempt is made. This server did rotate, so the old refresh
        // token counts as reused and the sign-in is over: said plainly, not retried in a loop.
        const qint64 delay = m_stack->eventsOf(EventType::RefreshBackoff)
                                 .last()
                                 .details.value(QStringLiteral("delay_ms"))
                                 .toInteger();
        m_clock->advance(delay);
        ApiCall *after = m_stack->send("GET", QStringLiteral("/api/items"));
        QVERIFY(ClientStack::waitAll({after}));
        QCOMPARE(after->error(), ApiCall::Error::TokenUnavailable);
        QVERIFY2(after->errorString().contains(QStringLiteral("invalid_grant")),
                 qPrintable(after->errorString()));
        QCOMPARE(m_sandbox->counters().tokenRequests, 2);
        QCOMPARE(m_stack->tokens->state(), TokenManager::State::ReauthRequired);
    }

    void invalidGrant_reauthRequiredUntilSignedInAgain()
    {
        m_sandbox->expireAllTokens();
        m_sandbox->setTokenFault(TokenFault::InvalidGrant);
        ApiCall *call = m_stack->send("GET", QStringLiteral("/api/items"));
        QVERIFY(ClientStack::waitAll({call}));
        QCOMPARE(m_stack->tokens->state(), TokenManager::State::ReauthRequired);
        // No second refresh for a dead grant, however many requests come.
        const QList<ApiCall *> more = sendMany(5);
        QVERIFY(ClientStack::waitAll(more));
        QCOMPARE(m_sandbox->counters().tokenRequests, 1);
        for (ApiCall *c : more)
            QCOMPARE(c->error(), ApiCall::Error::TokenUnavailable);
    }

    void passwordProfile_signsInAgainWhenTheRefreshTokenIsDead()
    {
        Profile profile = ClientStack::profileFor(*m_sandbox);
        m_stack = std::make_unique<ClientStack>(*m_sandbox, m_clock.get(), profile);
        QVERIFY(m_stack->signIn());
        m_sandbox->setRotation(true);
        // Use up the refresh token behind the client's back: presenting it again is reuse.
        ClientStack other(*m_sandbox, m_clock.get(), profile);
        other.tokens->adoptResponse(TokenResponse {m_stack->tokens->tokens().accessToken,
                                                   QStringLiteral("Bearer"),
                                                   m_stack->tokens->tokens().refreshToken,
                                                   {},
                                                   {},
                                                   3600},
                                    &other.context, [](const TokenError *) {});
        bool refreshed = false;
        other.tokens->refreshNow(&other.context,
                                 [&](const TokenOutcome &o) { refreshed = o.ok(); });
        QTRY_VERIFY(refreshed);
        m_sandbox->resetCounters();
        m_sandbox->expireAllTokens();
        m_stack->recorded.clear();

        ApiCall *call = m_stack->send("GET", QStringLiteral("/api/items"));
        QVERIFY(ClientStack::waitAll({call}));
        QVERIFY2(call->isSuccess(), qPrintable(call->errorString()));
        QCOMPARE(m_sandbox->counters().refreshGrants, 1);
        QCOMPARE(m_sandbox->counters().passwordGrants, 1);
        QCOMPARE(m_stack->count(EventType::SignedIn), 1);
    }

    void noTokenAnswer_refreshHasItsOwnTimeout()
    {
        m_sandbox->expireAllTokens();
        m_sandbox->setTokenFault(TokenFault::Hang);
        ApiCall *call = m_stack->send("GET", QStringLiteral("/api/items"));
        QTRY_COMPARE(m_sandbox->counters().tokenRequests, 1);
        m_clock->advance(m_stack->tokens->profile().refreshTimeoutMs - 1);
        QTest::qWait(50);
        QVERIFY(!call->isFinished());
        m_clock->advance(1);
        QVERIFY(ClientStack::waitAll({call}));
        QCOMPARE(call->error(), ApiCall::Error::TokenUnavailable);
    }

    // Ctrl-C while the token endpoint keeps the sign-in waiting: the caller hears Cancelled at
    // once, nothing is stored, the lease is free for the next process, and the profile can sign
    // in again.
    void signIn_cancelledWhileTheEndpointHangs_storesNothingAndFreesTheLease()
    {
        m_stack = std::make_unique<ClientStack>(*m_sandbox, m_clock.get()); // the password grant
        m_sandbox->setTokenFault(TokenFault::Hang);
        QList<TokenError> answers;
        int successes = 0;
        m_stack->tokens->signIn(&m_stack->context, [&](const TokenError *error) {
            error ? answers.append(*error) : void(++successes);
        });
        QTRY_COMPARE(m_sandbox->counters().tokenRequests, 1);
        QCOMPARE(m_stack->tokens->state(), TokenManager::State::Refreshing);

        QVERIFY(m_stack->tokens->cancelFlight());
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers.constFirst().kind, TokenError::Kind::Cancelled);
        QCOMPARE(successes, 0);
        QCOMPARE(m_stack->tokens->state(), TokenManager::State::NoToken);
        std::optional<StoreResult> stored;
        m_stack->store->load(m_stack->tokens->profile().name, &m_stack->context,
                             [&stored](const StoreResult &result) { stored = result; });
        QTRY_VERIFY(stored.has_value());
        QVERIFY(stored->ok());
        QVERIFY(!stored->tokens.has_value());
        std::optional<StoreResult> lease;
        m_stack->store->acquireLease(m_stack->tokens->profile().name, QStringLiteral("next"), 1000,
                                     &m_stack->context,
                                     [&lease](const StoreResult &result) { lease = result; });
        QTRY_VERIFY(lease.has_value());
        QCOMPARE(lease->status, StoreResult::Status::Ok);
        m_stack->store->releaseLease(m_stack->tokens->profile().name, QStringLiteral("next"));

        m_sandbox->setTokenFault(TokenFault::None);
        QString error;
        QVERIFY2(m_stack->signIn(&error), qPrintable(error));
        QCOMPARE(answers.size(), 1);
        QCOMPARE(successes, 0);
        QCOMPARE(m_stack->tokens->tokens().generation, quint64(1));
    }
};

QTEST_GUILESS_MAIN(tst_RefreshFaults)
#include "tst_refreshfaults.moc"
