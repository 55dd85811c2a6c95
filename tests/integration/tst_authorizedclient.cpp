// The client core against the sandbox over real loopback sockets: one refresh however many
// requests wait, replays the caller never sees, and no token where it must not be.
#include "clientstack.h"
#include "fakeclock.h"
#include "log/fingerprint.h"
#include "sandbox/sandbox.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

// The sandbox issues one-hour tokens; the proactive refresh starts five minutes before expiry.
constexpr qint64 OneHourTokenLeadMs = 300000;

class tst_AuthorizedClient : public QObject
{
    Q_OBJECT

    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<FakeClock> m_clock;
    std::unique_ptr<ClientStack> m_stack;

    void startSandbox(SandboxConfig config = {})
    {
        m_stack.reset();
        m_sandbox = std::make_unique<Sandbox>(config);
        QString error;
        QVERIFY2(m_sandbox->start(&error), qPrintable(error));
        m_clock = std::make_unique<FakeClock>();
    }

    void signedIn(Profile profile)
    {
        m_stack = std::make_unique<ClientStack>(*m_sandbox, m_clock.get(), std::move(profile));
        QString error;
        QVERIFY2(m_stack->signIn(&error), qPrintable(error));
        m_sandbox->resetCounters();
        m_stack->recorded.clear();
    }
    void signedIn() { signedIn(ClientStack::profileFor(*m_sandbox)); }

    QList<ApiCall *> sendMany(int count, const QString &path = QStringLiteral("/api/items"))
    {
        QList<ApiCall *> calls;
        for (int i = 0; i < count; ++i)
            calls.append(m_stack->send("GET", path));
        return calls;
    }

    ApiCall *sendToSink(const QString &path, QIODevice *sink)
    {
        return m_stack->client->send(Request(QByteArrayLiteral("GET"), m_sandbox->apiUrl(path)),
                                     sink);
    }

    static int successes(const QList<ApiCall *> &calls)
    {
        return int(
            std::count_if(calls.begin(), calls.end(), [](ApiCall *c) { return c->isSuccess(); }));
    }

private Q_SLOTS:
    void init() { startSandbox(); }
    void cleanup()
    {
        m_stack.reset();
        m_sandbox.reset();
    }

    void validToken_oneApiHitAndNoRefresh()
    {
        signedIn();
        ApiCall *call = m_stack->send("GET", QStringLiteral("/api/items"));
        QVERIFY(ClientStack::waitAll({call}));
        QVERIFY2(call->isSuccess(), qPrintable(call->errorString()));
        QCOMPARE(call->httpStatus(), 200);
        QCOMPARE(call->attempts(), 1);
        QCOMPARE(m_sandbox->counters().apiHits, 1);
        QCOMPARE(m_sandbox->counters().tokenRequests, 0);
        QCOMPARE(m_stack->count(EventType::RefreshStarted), 0);
    }

    void expiredToken_refreshedOnceAndReplayed_data()
    {
        QTest::addColumn<int>("expiredStatus");
        QTest::newRow("401") << 401;
        QTest::newRow("403 where the profile says so") << 403;
    }

    void expiredToken_refreshedOnceAndReplayed()
    {
        QFETCH(int, expiredStatus);
        m_sandbox->setExpiredStatus(expiredStatus);
        Profile profile = ClientStack::profileFor(*m_sandbox);
        profile.expiredStatuses = {401, 403};
        signedIn(profile);
        m_sandbox->expireAllTokens();

        ApiCall *call = m_stack->send("GET", QStringLiteral("/api/items"));
        QVERIFY(ClientStack::waitAll({call}));
        QVERIFY2(call->isSuccess(), qPrintable(call->errorString()));
        QCOMPARE(call->httpStatus(), 200);
        QCOMPARE(call->authReplays(), 1);
        QCOMPARE(m_sandbox->counters().refreshes, 1);
        QCOMPARE(m_sandbox->counters().apiHits, 2);
        QCOMPARE(expiredStatus == 401 ? m_sandbox->counters().sent401
                                      : m_sandbox->counters().sent403,
                 1);
        QCOMPARE(m_stack->count(EventType::ChallengeReceived), 1);
        QCOMPARE(m_stack->count(EventType::RequestReplayed), 1);
    }

    void forbidden_notRefreshedWhereTheProfileDoesNotSaySo()
    {
        m_sandbox->setExpiredStatus(403);
        signedIn(); // expiredStatuses = {401}
        m_sandbox->expireAllTokens();
        ApiCall *call = m_stack->send("GET", QStringLiteral("/api/items"));
        QVERIFY(ClientStack::waitAll({call}));
        QCOMPARE(call->httpStatus(), 403);
        QCOMPARE(m_sandbox->counters().tokenRequests, 0);
    }

    void concurrentChallenges_refreshOnce()
    {
        signedIn();
        m_sandbox->expireAllTokens();
        const QList<ApiCall *> calls = sendMany(200);
        QVERIFY(ClientStack::waitAll(calls));
        QCOMPARE(successes(calls), 200);
        QCOMPARE(m_sandbox->counters().refreshes, 1);
        QCOMPARE(m_sandbox->counters().tokenRequests, 1);
        QCOMPARE(m_stack->count(EventType::RefreshStarted), 1);
        for (ApiCall *call : calls)
            QVERIFY(call->authReplays() <= 1);
    }

    void rotationUnderParallelLoad_noReuseOver20Cycles()
    {
        QVERIFY(m_sandbox->config().rotateRefreshTokens);
        QVERIFY(m_sandbox->config().reuseDetection);
        signedIn();
        for (int cycle = 0; cycle < 20; ++cycle) {
            m_sandbox->expireAllTokens();
            const QList<ApiCall *> calls = sendMany(25);
            QVERIFY(ClientStack::waitAll(calls));
            QCOMPARE(successes(calls), 25);
            qDeleteAll(calls);
        }
        QCOMPARE(m_sandbox->counters().refreshes, 20);
        QCOMPARE(m_sandbox->counters().reuseDetections, 0);
        QCOMPARE(m_stack->tokens->tokens().generation, quint64(21));
    }

    void challengeForOlderGeneration_replaysWithoutSecondRefresh()
    {
        signedIn();
        const quint64 before = m_stack->tokens->tokens().generation;
        // A slow request leaves with the old token; the token expires and another request
        // refreshes; the slow request's rejection then arrives for the older generation.
        ApiCall *slow = m_stack->send("GET", QStringLiteral("/api/slow?ms=600&check=late"));
        QTRY_COMPARE(m_sandbox->counters().apiHits, 1);
        m_sandbox->expireAllTokens();
        ApiCall *fast = m_stack->send("GET", QStringLiteral("/api/items"));
        QVERIFY(ClientStack::waitAll({fast, slow}));
        QVERIFY2(fast->isSuccess(), qPrintable(fast->errorString()));
        QVERIFY2(slow->isSuccess(), qPrintable(slow->errorString()));
        QCOMPARE(slow->authReplays(), 1);
        QCOMPARE(m_sandbox->counters().refreshes, 1);
        QCOMPARE(m_stack->tokens->tokens().generation, before + 1);
        QCOMPARE(m_stack->count(EventType::RefreshSkipped), 1);
    }

    void unauthorizedForever_oneReplayPerCallAndTheCircuitOpens()
    {
        signedIn();
        m_sandbox->setApiFault(ApiFault::UnauthorizedForever);
        const QList<ApiCall *> first = sendMany(10);
        QVERIFY(ClientStack::waitAll(first));
        for (ApiCall *call : first) {
            QCOMPARE(call->httpStatus(), 401);
            QVERIFY(call->authReplays() <= 1);
        }
        QCOMPARE(m_sandbox->counters().refreshes, 1);
        QCOMPARE(m_sandbox->counters().apiHits, 20);
        QCOMPARE(m_stack->count(EventType::CircuitOpened), 1);
        QCOMPARE(m_stack->tokens->state(), TokenManager::State::AuthRejected);

        // While open, a rejection is the answer: no refresh and no replay.
        const QList<ApiCall *> second = sendMany(10);
        QVERIFY(ClientStack::waitAll(second));
        QCOMPARE(m_sandbox->counters().refreshes, 1);
        QCOMPARE(m_sandbox->counters().apiHits, 30);
        for (ApiCall *call : second)
            QCOMPARE(call->error(), ApiCall::Error::TokenUnavailable);

        // After the cooldown one refresh is tried again; the API recovered.
        m_sandbox->setApiFault(ApiFault::None);
        m_clock->advance(m_stack->tokens->profile().circuitCooldownMs);
        ApiCall *after = m_stack->send("GET", QStringLiteral("/api/items"));
        QVERIFY(ClientStack::waitAll({after}));
        QVERIFY2(after->isSuccess(), qPrintable(after->errorString()));
        QCOMPARE(m_stack->count(EventType::CircuitClosed), 1);
    }

    void insufficientScope_neverRefreshed()
    {
        signedIn();
        ApiCall *call = m_stack->send("GET", QStringLiteral("/api/scoped"));
        QVERIFY(ClientStack::waitAll({call}));
        QCOMPARE(call->httpStatus(), 403);
        QCOMPARE(call->authReplays(), 0);
        QCOMPARE(m_sandbox->counters().tokenRequests, 0);
        QCOMPARE(m_stack->count(EventType::ChallengeIgnored), 1);
    }

    void patchWithBytesAndHeaders_replayedWithSameVerbBodyAndHeaders()
    {
        signedIn();
        m_sandbox->expireAllTokens();
        const QByteArray body = QByteArrayLiteral("{\"name\":\"keyway\",\"n\":42}");
        ApiCall *call = m_stack->send(
            "PATCH", QStringLiteral("/api/echo"), BodySource::bytes(body),
            {{"Content-Type", "application/merge-patch+json"}, {"X-Request-Tag", "replay-me"}});
        QVERIFY(ClientStack::waitAll({call}));
        QVERIFY2(call->isSuccess(), qPrintable(call->errorString()));
        QCOMPARE(call->authReplays(), 1);
        const QJsonObject echo = QJsonDocument::fromJson(call->body()).object();
        QCOMPARE(echo.value(QStringLiteral("method")).toString(), QStringLiteral("PATCH"));
        QCOMPARE(echo.value(QStringLiteral("length")).toInt(), body.size());
        QCOMPARE(echo.value(QStringLiteral("sha256")).toString(),
                 QString::fromLatin1(
                     QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex()));
        const QJsonObject headers = echo.value(QStringLiteral("headers")).toObject();
        QCOMPARE(headers.value(QStringLiteral("x-request-tag")).toString(),
                 QStringLiteral("replay-me"));
        QCOMPARE(headers.value(QStringLiteral("content-type")).toString(),
                 QStringLiteral("application/merge-patch+json"));
    }

    void factoryBody_freshDevicePerAttempt()
    {
        signedIn();
        m_sandbox->expireAllTokens();
        int made = 0;
        const QByteArray payload(
            "--boundary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
            "--boundary--\r\n");
        ApiCall *call =
            m_stack->send("PUT", QStringLiteral("/api/echo"), BodySource::factory([&made, payload] {
                              ++made;
                              auto buffer = std::make_unique<QBuffer>();
                              buffer->setData(payload);
                              return buffer;
                          }),
                          {{"Content-Type", "multipart/form-data; boundary=boundary"}});
        QVERIFY(ClientStack::waitAll({call}));
        QVERIFY2(call->isSuccess(), qPrintable(call->errorString()));
        QCOMPARE(call->authReplays(), 1);
        QCOMPARE(made, 2); // one device for the rejected attempt, one for the replay
        const QJsonObject echo = QJsonDocument::fromJson(call->body()).object();
        QCOMPARE(echo.value(QStringLiteral("method")).toString(), QStringLiteral("PUT"));
        QCOMPARE(echo.value(QStringLiteral("sha256")).toString(),
                 QString::fromLatin1(
                     QCryptographicHash::hash(payload, QCryptographicHash::Sha256).toHex()));
    }

    void customVerb_sentAsIs()
    {
        signedIn();
        ApiCall *call = m_stack->send("PURGE", QStringLiteral("/api/echo"));
        QVERIFY(ClientStack::waitAll({call}));
        QVERIFY2(call->isSuccess(), qPrintable(call->errorString()));
        QCOMPARE(QJsonDocument::fromJson(call->body())
                     .object()
                     .value(QStringLiteral("method"))
                     .toString(),
                 QStringLiteral("PURGE"));
    }

    // A body sink gets the final answer only: never the 401 that was replayed, never the body of
    // a redirect that was followed.
    void bodySink_getsTheFinalAnswerOnly_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("expire");
        QTest::addColumn<int>("apiHits");
        QTest::newRow("expired token, replayed") << QStringLiteral("/api/items") << true << 2;
        QTest::newRow("redirect followed")
            << QStringLiteral("/api/redirect?to=/api/items&origin=same") << false << 2;
        QTest::newRow("first answer") << QStringLiteral("/api/items") << false << 1;
    }
    void bodySink_getsTheFinalAnswerOnly()
    {
        QFETCH(QString, path);
        QFETCH(bool, expire);
        QFETCH(int, apiHits);
        signedIn();
        if (expire)
            m_sandbox->expireAllTokens();
        QBuffer sink;
        QVERIFY(sink.open(QIODevice::WriteOnly));
        ApiCall *call = sendToSink(path, &sink);
        QVERIFY(ClientStack::waitAll({call}));
        QVERIFY2(call->isSuccess(), qPrintable(call->errorString()));
        QCOMPARE(call->authReplays(), expire ? 1 : 0);
        QCOMPARE(m_sandbox->counters().apiHits, apiHits);
        QVERIFY(call->bodyStreamed());
        QVERIFY(call->body().isEmpty());
        QCOMPARE(call->bodyBytes(), sink.data().size());
        const QJsonObject answer = QJsonDocument::fromJson(sink.data()).object();
        QVERIFY2(answer.value(QStringLiteral("items")).isArray(), sink.data().constData());
    }

    void bodySink_aRejectionThatEndsTheCallIsKeptNotStreamed()
    {
        signedIn();
        m_sandbox->expireAllTokens();
        m_sandbox->setTokenFault(TokenFault::InvalidGrant);
        QBuffer sink;
        QVERIFY(sink.open(QIODevice::WriteOnly));
        ApiCall *call = sendToSink(QStringLiteral("/api/items"), &sink);
        QVERIFY(ClientStack::waitAll({call}));
        QCOMPARE(call->error(), ApiCall::Error::TokenUnavailable);
        QCOMPARE(call->httpStatus(), 401);
        QVERIFY(!call->bodyStreamed());
        QVERIFY(sink.data().isEmpty());
        QCOMPARE(call->bodyBytes(), call->body().size());
    }

    void bodySink_aWriteThatFailsEndsTheCallWithBodyError()
    {
        signedIn();
        QBuffer sink;
        QVERIFY(sink.open(QIODevice::ReadOnly)); // takes no writes
        ApiCall *call = sendToSink(QStringLiteral("/api/items"), &sink);
        QVERIFY(ClientStack::waitAll({call}));
        QCOMPARE(call->error(), ApiCall::Error::Body);
        QVERIFY2(call->errorString().contains(QStringLiteral("could not be written")),
                 qPrintable(call->errorString()));
        QVERIFY(!call->isSuccess());
    }

    void crossOriginRedirect_authorizationStripped()
    {
        signedIn();
        ApiCall *call =
            m_stack->send("GET", QStringLiteral("/api/redirect?to=/landing&origin=other"));
        QVERIFY(ClientStack::waitAll({call}));
        QVERIFY2(call->isSuccess(), qPrintable(call->errorString()));
        QCOMPARE(m_sandbox->counters().otherOriginHits, 1);
        QCOMPARE(m_sandbox->counters().otherOriginAuthHeaders, 0);
        QCOMPARE(QJsonDocument::fromJson(call->body())
                     .object()
                     .value(QStringLiteral("authorization"))
                     .toBool(),
                 false);
        QCOMPARE(m_stack->count(EventType::RedirectAuthStripped), 1);
    }

    void sameOriginRedirect_keepsAuthorization()
    {
        signedIn();
        ApiCall *call =
            m_stack->send("GET", QStringLiteral("/api/redirect?to=/api/items&origin=same"));
        QVERIFY(ClientStack::waitAll({call}));
        QVERIFY2(call->isSuccess(), qPrintable(call->errorString()));
        QCOMPARE(m_stack->count(EventType::RedirectAuthStripped), 0);
        QCOMPARE(m_sandbox->counters().apiHits, 2);
    }

    void redirectsOff_theRedirectStreamsToTheSinkAndNothingElseIsSent()
    {
        signedIn();
        Request request(
            QByteArrayLiteral("GET"),
            m_sandbox->apiUrl(QStringLiteral("/api/redirect?to=/landing&origin=other")));
        request.followRedirects = false;
        QBuffer sink;
        QVERIFY(sink.open(QIODevice::WriteOnly));
        ApiCall *call = m_stack->client->send(request, &sink);
        QVERIFY(ClientStack::waitAll({call}));
        QCOMPARE(call->error(), ApiCall::Error::None);
        QCOMPARE(call->httpStatus(), 302);
        QVERIFY(call->bodyStreamed());
        QCOMPARE(QJsonDocument::fromJson(sink.data())
                     .object()
                     .value(QStringLiteral("location"))
                     .toString(),
                 QString::fromLatin1(call->responseHeader("Location")));
        QCOMPARE(m_sandbox->counters().otherOriginHits, 0);
        QCOMPARE(m_stack->count(EventType::RedirectFollowed), 0);
    }

    void streamBody_waitsForTheRefreshWhenTheTokenIsStale()
    {
        signedIn();
        const TokenSet tokens = m_stack->tokens->tokens();
        // Into the refresh window: the proactive refresh is under way. A one-shot body must not
        // be spent on the old token, which may be rejected before the new one arrives.
        m_clock->advance(tokens.expiresAtMs - m_clock->nowMs() - OneHourTokenLeadMs);
        QCOMPARE(m_stack->tokens->state(), TokenManager::State::Refreshing);
        QBuffer buffer;
        buffer.setData("one-shot payload");
        buffer.open(QIODevice::ReadOnly);
        ApiCall *call =
            m_stack->send("POST", QStringLiteral("/api/echo"), BodySource::stream(&buffer));
        QVERIFY(ClientStack::waitAll({call}));
        QVERIFY2(call->isSuccess(), qPrintable(call->errorString()));
        QCOMPARE(call->attempts(), 1);
        QCOMPARE(m_sandbox->counters().refreshes, 1);
        const QList<Event> attached = m_stack->eventsOf(EventType::TokenAttached);
        QCOMPARE(attached.size(), 1);
        QCOMPARE(attached[0].details.value(QStringLiteral("generation")).toString(),
                 QString::number(tokens.generation + 1));
        QCOMPARE(
            QJsonDocument::fromJson(call->body()).object().value(QStringLiteral("length")).toInt(),
            16);
    }

    void proactiveRefresh_beforeExpiryWithoutAChallenge()
    {
        signedIn();
        const TokenSet tokens = m_stack->tokens->tokens();
        // To the start of the refresh window, not past expiry.
        m_clock->advance(tokens.expiresAtMs - m_clock->nowMs() - OneHourTokenLeadMs);
        QCOMPARE(m_stack->count(EventType::RefreshStarted), 1);
        QTRY_COMPARE(m_sandbox->counters().refreshes, 1);
        QTRY_COMPARE(m_stack->tokens->tokens().generation, tokens.generation + 1);
        ApiCall *call = m_stack->send("GET", QStringLiteral("/api/items"));
        QVERIFY(ClientStack::waitAll({call}));
        QVERIFY(call->isSuccess());
        QCOMPARE(call->attempts(), 1);
        QCOMPARE(m_sandbox->counters().sent401, 0);
    }

    void expiredByTheClock_sendWaitsForTheRefreshAndSendsOnce()
    {
        signedIn();
        m_sandbox->expireAllTokens();
        // The machine slept through the refresh window: the timer fires late, on waking.
        m_clock->jump(m_stack->tokens->tokens().expiresAtMs - m_clock->nowMs() + 1000);
        QCOMPARE(m_stack->tokens->state(), TokenManager::State::Refreshing);
        const QList<ApiCall *> calls = sendMany(10);
        QVERIFY(ClientStack::waitAll(calls));
        QCOMPARE(successes(calls), 10);
        for (ApiCall *call : calls)
            QCOMPARE(call->attempts(), 1);
        QCOMPARE(m_sandbox->counters().refreshes, 1);
        QCOMPARE(m_sandbox->counters().sent401, 0);
    }

    void redaction_noIssuedTokenInAnyEventOrLogLine()
    {
        QStringList logLines;
        static QStringList *sink = nullptr;
        sink = &logLines;
        const QtMessageHandler previous =
            qInstallMessageHandler([](QtMsgType, const QMessageLogContext &,
                                      const QString &message) { sink->append(message); });
        QLoggingCategory::setFilterRules(QStringLiteral("keyway.*=true"));

        signedIn();
        for (int cycle = 0; cycle < 3; ++cycle) {
            m_sandbox->expireAllTokens();
            const QList<ApiCall *> calls = sendMany(5);
            QVERIFY(ClientStack::waitAll(calls));
            QCOMPARE(successes(calls), 5);
        }
        ApiCall *redirected =
            m_stack->send("GET", QStringLiteral("/api/redirect?to=/x&origin=other"));
        QVERIFY(ClientStack::waitAll({redirected}));

        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
        QVERIFY(!logLines.isEmpty());
        QString everything = logLines.join(QLatin1Char('\n'));
        for (const Event &event : std::as_const(m_stack->recorded))
            everything +=
                QString::fromUtf8(QJsonDocument(event.toJson()).toJson()) + event.toLogLine();
        const QStringList secrets = m_sandbox->issuedSecrets();
        QVERIFY(secrets.size() >= 8);
        for (const QString &secret : secrets)
            QVERIFY2(!everything.contains(secret), "a token appears in an event or log line");
        QVERIFY(!everything.contains(m_sandbox->config().clientSecret));
        QVERIFY(!everything.contains(m_sandbox->config().password));
        // Fingerprints are there instead, so the log is still useful.
        QVERIFY(everything.contains(fingerprint(m_stack->tokens->tokens().accessToken)));
    }

    void abortDuringASlowAnswer_finishesOnceCancelledAndNeverResends()
    {
        signedIn();
        ApiCall *call = m_stack->send("GET", QStringLiteral("/api/slow?ms=60000"));
        QSignalSpy finished(call, &ApiCall::finished);
        QTRY_COMPARE(m_sandbox->counters().apiHits, 1); // the request is at the server
        call->abort();
        QCOMPARE(finished.count(), 1); // at once, not when the server would have answered
        QVERIFY(call->isFinished());
        QCOMPARE(call->error(), ApiCall::Error::Cancelled);
        QVERIFY2(call->errorString().contains(QStringLiteral("cancelled before the answer")),
                 qPrintable(call->errorString()));
        QCOMPARE(call->httpStatus(), 0);
        QVERIFY(!call->isSuccess());
        call->abort(); // a finished call stays as it is
        // Another request on the same client gets through: the event loop runs meanwhile, so a
        // late finish or a resend of the aborted call would show in the counts below.
        ApiCall *next = m_stack->send("GET", QStringLiteral("/api/items"));
        QVERIFY(ClientStack::waitAll({next}));
        QVERIFY2(next->isSuccess(), qPrintable(next->errorString()));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(m_sandbox->counters().apiHits, 2);
        QCOMPARE(m_stack->count(EventType::RequestCancelled), 1);
        QCOMPARE(m_stack->count(EventType::RequestFinished), 2);
        const Event cancelled = m_stack->eventsOf(EventType::RequestCancelled).constFirst();
        QCOMPARE(cancelled.callId, call->id());
    }

    void abortWhileWaitingOnARefresh_othersReplayedAfterOneRefresh()
    {
        signedIn();
        m_sandbox->setTokenDelay(3000); // keeps the refresh in flight while two calls leave it
        m_sandbox->expireAllTokens();
        const QList<ApiCall *> calls = sendMany(5);
        QTRY_COMPARE(m_stack->count(EventType::ChallengeReceived), 5); // all five wait on it
        QCOMPARE(m_stack->count(EventType::RefreshStarted), 1);
        QSignalSpy firstFinished(calls[0], &ApiCall::finished);
        QSignalSpy thirdFinished(calls[2], &ApiCall::finished);
        calls[0]->abort(); // whichever call's challenge started the refresh, it goes on
        calls[2]->abort();
        QCOMPARE(firstFinished.count(), 1);
        QCOMPARE(thirdFinished.count(), 1);
        QVERIFY(ClientStack::waitAll(calls));
        for (int i : {0, 2}) {
            QCOMPARE(calls[i]->error(), ApiCall::Error::Cancelled);
            QVERIFY2(calls[i]->errorString().contains(QStringLiteral("waiting for a token")),
                     qPrintable(calls[i]->errorString()));
            QCOMPARE(calls[i]->authReplays(), 0);
        }
        for (int i : {1, 3, 4}) {
            QVERIFY2(calls[i]->isSuccess(), qPrintable(calls[i]->errorString()));
            QCOMPARE(calls[i]->authReplays(), 1);
        }
        QCOMPARE(firstFinished.count(), 1);
        QCOMPARE(thirdFinished.count(), 1);
        QCOMPARE(m_sandbox->counters().refreshes, 1);
        QCOMPARE(m_sandbox->counters().tokenRequests, 1);
        QCOMPARE(m_sandbox->counters().apiHits, 5 + 3); // five rejections, three replays
        QCOMPARE(m_stack->count(EventType::RequestReplayed), 3);
        QCOMPARE(m_stack->count(EventType::RequestCancelled), 2);
        // The refresh was told only about the calls still waiting.
        QCOMPARE(m_stack->eventsOf(EventType::RefreshSucceeded)
                     .constFirst()
                     .details.value(QStringLiteral("waiters"))
                     .toInt(),
                 3);
    }

    void unreachableHost_clearNetworkError()
    {
        signedIn();
        ApiCall *call =
            m_stack->client->send(Request("GET", QUrl(QStringLiteral("http://127.0.0.1:1/api"))));
        QVERIFY(ClientStack::waitAll({call}));
        QCOMPARE(call->error(), ApiCall::Error::Network);
        QVERIFY(call->errorString().contains(QStringLiteral("127.0.0.1:1")));
    }
};

QTEST_GUILESS_MAIN(tst_AuthorizedClient)
#include "tst_authorizedclient.moc"
