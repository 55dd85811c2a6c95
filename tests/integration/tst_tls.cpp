// TLS per profile against the sandbox over HTTPS, with certificates made by openssl at test time:
// an untrusted certificate fails with a message that says what to do, a profile that trusts the
// CA reaches the API and the token endpoint (sign-in and refresh) and discovery, an insecure
// profile works and every use is in the event log, and a server that wants a client certificate
// refuses a profile without one and accepts the profile that presents it. keyway-cli takes the
// same settings as options, warns about --insecure and about a secret on its command line, and
// reads a secret from a file or standard input instead.
#include "auth/clock.h"
#include "auth/signin/discovery.h"
#include "clientstack.h"
#include "clirun.h"
#include "fakeclock.h"
#include "sandbox/sandbox.h"
#include "testcertificates.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

class TstTls : public QObject
{
    Q_OBJECT

    TestCertificates m_certificates;

    std::unique_ptr<Sandbox> httpsSandbox(const QString &certificate, const QString &key,
                                          const QString &clientCa = {})
    {
        SandboxConfig config;
        config.tlsCertificateFile = certificate;
        config.tlsKeyFile = key;
        config.tlsClientCaFile = clientCa;
        auto sandbox = std::make_unique<Sandbox>(config);
        QString error;
        if (!sandbox->start(&error))
            qWarning("sandbox: %s", qPrintable(error));
        return sandbox;
    }

    std::unique_ptr<Sandbox> trustedSandbox(const QString &clientCa = {})
    {
        return httpsSandbox(m_certificates.serverCertificate(), m_certificates.serverKey(),
                            clientCa);
    }

    static bool finished(ApiCall *call) { return ClientStack::waitAll({call}, 20000); }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_certificates.generate(&error), qPrintable(error));
    }

    void sandbox_servesHttps()
    {
        const auto sandbox = trustedSandbox();
        QCOMPARE(sandbox->baseUrl().scheme(), QStringLiteral("https"));
        QCOMPARE(sandbox->tokenUrl().scheme(), QStringLiteral("https"));
    }

    void untrustedCertificate_failsWithWhatToDo_data()
    {
        QTest::addColumn<bool>("selfSigned");
        QTest::addColumn<QString>("reason");
        QTest::newRow("issued by an unknown CA") << false << QStringLiteral("not trusted (issued");
        QTest::newRow("self-signed") << true << QStringLiteral("not trusted (self-signed)");
    }
    void untrustedCertificate_failsWithWhatToDo()
    {
        QFETCH(bool, selfSigned);
        QFETCH(QString, reason);
        const auto sandbox = selfSigned
            ? httpsSandbox(m_certificates.selfSignedCertificate(), m_certificates.selfSignedKey())
            : trustedSandbox();
        ClientStack stack(*sandbox, SystemClock::instance());
        QString error;
        QVERIFY(!stack.signIn(&error));
        QVERIFY2(error.contains(reason), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("--ca-cert FILE")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("--insecure only for testing")), qPrintable(error));

        // The API says the same, without a token manager in the way.
        AuthorizedClient plain(stack.network.get(), nullptr, stack.events.get(),
                               SystemClock::instance());
        ApiCall *call = plain.send(
            Request(QByteArrayLiteral("GET"), sandbox->apiUrl(QStringLiteral("/api/items"))));
        QVERIFY(finished(call));
        QCOMPARE(call->error(), ApiCall::Error::Network);
        QVERIFY2(call->errorString().contains(reason), qPrintable(call->errorString()));
        QCOMPARE(sandbox->counters().tokenRequests, 0);
        QCOMPARE(sandbox->counters().apiHits, 0);
    }

    void refusedHandshakeAtTokenEndpoint_isTerminal_triedOnce_data()
    {
        QTest::addColumn<bool>("selfSigned");
        QTest::addColumn<bool>("trustCa");
        QTest::addColumn<bool>("wantsClientCertificate");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("remedy");
        const QString loopback = QStringLiteral("127.0.0.1");
        const QString addCa = QStringLiteral("--ca-cert FILE");
        QTest::newRow("issued by an unknown CA") << false << false << false << loopback
                                                 << QStringLiteral("not trusted (issued") << addCa;
        QTest::newRow("self-signed") << true << false << false << loopback
                                     << QStringLiteral("not trusted (self-signed)") << addCa;
        QTest::newRow("for another name")
            << false << true << false << QStringLiteral("localhost")
            << QStringLiteral("is for another name") << QStringLiteral("use the name");
        QTest::newRow("client certificate refused")
            << false << true << true << loopback << QStringLiteral("TLS handshake")
            << QStringLiteral("--client-cert FILE");
    }
    // The API answers over plain HTTP and its token endpoint lives on an HTTPS server whose
    // handshake fails: the first refresh says why and what to do, and no later call, however
    // long after, tries that handshake again (a transient failure would back off and retry).
    void refusedHandshakeAtTokenEndpoint_isTerminal_triedOnce()
    {
        QFETCH(bool, selfSigned);
        QFETCH(bool, trustCa);
        QFETCH(bool, wantsClientCertificate);
        QFETCH(QString, host);
        QFETCH(QString, reason);
        QFETCH(QString, remedy);
        Sandbox api;
        QString error;
        QVERIFY2(api.start(&error), qPrintable(error));
        const QString clientCa =
            wantsClientCertificate ? m_certificates.clientCaCertificate() : QString();
        const auto tokenServer = selfSigned
            ? httpsSandbox(m_certificates.selfSignedCertificate(), m_certificates.selfSignedKey())
            : trustedSandbox(clientCa);
        Profile profile = ClientStack::profileFor(api);
        QUrl tokenUrl = tokenServer->tokenUrl();
        tokenUrl.setHost(host);
        profile.tokenUrl = tokenUrl;
        if (trustCa)
            profile.tls.caCertificateFiles = {m_certificates.caCertificate()};
        FakeClock clock;
        ClientStack stack(api, &clock, profile);
        QVERIFY2(stack.seedTokens(&error), qPrintable(error));

        api.expireAllTokens();
        ApiCall *first = stack.send(QByteArrayLiteral("GET"), QStringLiteral("/api/items"));
        QVERIFY(finished(first));
        QVERIFY(!first->isSuccess());
        QVERIFY2(first->errorString().contains(reason), qPrintable(first->errorString()));
        QVERIFY2(first->errorString().contains(remedy), qPrintable(first->errorString()));
        const QList<Event> failed = stack.eventsOf(EventType::RefreshFailed);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().details.value(QStringLiteral("kind")).toString(),
                 QStringLiteral("terminal"));
        QCOMPARE(tokenServer->counters().tlsHandshakes, 1);
        // What the token inspector reads to say "TLS refused" rather than "sign-in required".
        QCOMPARE(stack.tokens->state(), TokenManager::State::ReauthRequired);
        QVERIFY(stack.tokens->lastError().tlsRefused);
        QVERIFY2(stack.tokens->lastError().message.contains(reason),
                 qPrintable(stack.tokens->lastError().message));

        // Long past any backoff, more calls meet the same refusal without a new handshake.
        clock.advance(10 * 60 * 1000);
        QList<ApiCall *> later;
        for (int i = 0; i < 3; ++i)
            later.append(stack.send(QByteArrayLiteral("GET"), QStringLiteral("/api/items")));
        QVERIFY(ClientStack::waitAll(later, 20000));
        for (ApiCall *call : std::as_const(later)) {
            QVERIFY(!call->isSuccess());
            QVERIFY2(call->errorString().contains(reason), qPrintable(call->errorString()));
        }
        QCOMPARE(tokenServer->counters().tlsHandshakes, 1);
        QCOMPARE(tokenServer->counters().tokenRequests, 0);
        QCOMPARE(stack.count(EventType::RefreshStarted), 1);
        QCOMPARE(stack.count(EventType::RefreshBackoff), 0);
        QCOMPARE(stack.count(EventType::SignInStarted), 0);
    }

    // The token endpoint's certificate is refused, then the server gets one the profile trusts
    // (same host and port, the profile unchanged): Try again (refreshNow) signs in, and the
    // refusal no longer stands as the last error.
    void tlsRefusal_lastErrorClearedOnceTokensAreHadAgain()
    {
        Sandbox api;
        QString error;
        QVERIFY2(api.start(&error), qPrintable(error));
        auto tokenServer =
            httpsSandbox(m_certificates.selfSignedCertificate(), m_certificates.selfSignedKey());
        const quint16 port = tokenServer->config().port;
        Profile profile = ClientStack::profileFor(api);
        profile.tokenUrl = tokenServer->tokenUrl();
        profile.tls.caCertificateFiles = {m_certificates.caCertificate()};
        ClientStack stack(api, SystemClock::instance(), profile);
        QVERIFY(!stack.signIn(&error));
        QVERIFY(stack.tokens->lastError().tlsRefused);
        QCOMPARE(stack.tokens->state(), TokenManager::State::ReauthRequired);

        tokenServer.reset();
        SandboxConfig config;
        config.port = port;
        config.tlsCertificateFile = m_certificates.serverCertificate();
        config.tlsKeyFile = m_certificates.serverKey();
        Sandbox fixed(config);
        QVERIFY2(fixed.start(&error), qPrintable(error));
        bool done = false;
        TokenOutcome outcome;
        stack.tokens->refreshNow(&stack.context, [&](const TokenOutcome &result) {
            outcome = result;
            done = true;
        });
        QVERIFY(QTest::qWaitFor([&done] { return done; }, 20000));
        QVERIFY2(outcome.ok(), qPrintable(outcome.error.message));
        QCOMPARE(fixed.counters().tokenRequests, 1);
        QCOMPARE(stack.tokens->state(), TokenManager::State::Fresh);
        QVERIFY(!stack.tokens->lastError().tlsRefused);
        QVERIFY(stack.tokens->lastError().message.isEmpty());
    }

    void caCertificate_apiTokenEndpointAndRefreshWork()
    {
        const auto sandbox = trustedSandbox();
        Profile profile = ClientStack::profileFor(*sandbox);
        profile.tls.caCertificateFiles = {m_certificates.caCertificate()};
        ClientStack stack(*sandbox, SystemClock::instance(), profile);
        QString error;
        QVERIFY2(stack.signIn(&error), qPrintable(error));
        ApiCall *first = stack.send(QByteArrayLiteral("GET"), QStringLiteral("/api/items"));
        QVERIFY(finished(first));
        QVERIFY2(first->isSuccess(), qPrintable(first->errorString()));

        sandbox->expireAllTokens();
        ApiCall *replayed = stack.send(QByteArrayLiteral("GET"), QStringLiteral("/api/items"));
        QVERIFY(finished(replayed));
        QVERIFY2(replayed->isSuccess(), qPrintable(replayed->errorString()));
        QCOMPARE(replayed->authReplays(), 1);
        QCOMPARE(sandbox->counters().refreshes, 1);
        QCOMPARE(stack.count(EventType::TlsInsecure), 0);
    }

    void caCertificate_discoveryWorks()
    {
        const auto sandbox = trustedSandbox();
        for (const bool trusted : {false, true}) {
            Discovery discovery(SystemClock::instance());
            if (trusted)
                discovery.setTls(TlsSettings {false, {m_certificates.caCertificate()}, {}, {}, {}});
            QSignalSpy done(&discovery, &Discovery::finished);
            discovery.start(sandbox->issuer());
            QVERIFY(done.wait(20000));
            const auto result = done.first().first().value<SignInResult>();
            QCOMPARE(result.ok(), trusted);
            if (trusted)
                QCOMPARE(discovery.metadata().tokenEndpoint, sandbox->tokenUrl());
            else
                QVERIFY2(result.message.contains(QStringLiteral("not trusted")),
                         qPrintable(result.message));
        }
    }

    void missingCaFile_failsNamingIt()
    {
        const auto sandbox = trustedSandbox();
        Profile profile = ClientStack::profileFor(*sandbox);
        const QString missing = m_certificates.file(QStringLiteral("nowhere.pem"));
        profile.tls.caCertificateFiles = {missing};
        ClientStack stack(*sandbox, SystemClock::instance(), profile);
        QString error;
        QVERIFY(!stack.signIn(&error));
        QVERIFY2(error.contains(missing), qPrintable(error));
        ApiCall *call = stack.send(QByteArrayLiteral("GET"), QStringLiteral("/api/items"));
        QVERIFY(finished(call));
        QVERIFY2(call->errorString().contains(missing), qPrintable(call->errorString()));
        QCOMPARE(sandbox->counters().tokenRequests, 0);
        QCOMPARE(sandbox->counters().apiHits, 0);
    }

    void insecure_worksAndEveryUseIsLogged()
    {
        const auto sandbox =
            httpsSandbox(m_certificates.selfSignedCertificate(), m_certificates.selfSignedKey());
        Profile profile = ClientStack::profileFor(*sandbox);
        profile.tls.insecure = true;
        ClientStack stack(*sandbox, SystemClock::instance(), profile);
        QString error;
        QVERIFY2(stack.signIn(&error), qPrintable(error));
        for (int i = 0; i < 3; ++i) {
            ApiCall *call = stack.send(QByteArrayLiteral("GET"), QStringLiteral("/api/items"));
            QVERIFY(finished(call));
            QVERIFY2(call->isSuccess(), qPrintable(call->errorString()));
        }
        const QList<Event> insecure = stack.eventsOf(EventType::TlsInsecure);
        QCOMPARE(insecure.size(), 3);
        QVERIFY(insecure.first().message.contains(QStringLiteral("not checked")));
        QCOMPARE(insecure.first().profile, profile.name);
        QCOMPARE(eventKind(EventType::TlsInsecure), EventKind::Failure);
    }

    void cli_tlsOptionsAndSecretsFromFileOrStdin()
    {
        QString error;
        const QString binary = cliBinary(&error);
        QVERIFY2(!binary.isEmpty(), qPrintable(error));
        const auto sandbox = trustedSandbox(m_certificates.clientCaCertificate());
        QTemporaryDir home;
        const QString secretFile = home.filePath(QStringLiteral("secret"));
        {
            QFile file(secretFile);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(sandbox->config().clientSecret.toUtf8() + '\n');
        }
        // No secret in the environment: the client secret comes from the file or stdin.
        QProcessEnvironment env = isolatedCliEnvironment(home.path(), {});
        const QStringList send {QStringLiteral("send"),
                                QStringLiteral("GET"),
                                sandbox->apiUrl(QStringLiteral("/api/items")).toString(),
                                QStringLiteral("--grant"),
                                QStringLiteral("client_credentials"),
                                QStringLiteral("--token-url"),
                                sandbox->tokenUrl().toString(),
                                QStringLiteral("--client-id"),
                                sandbox->config().clientId};
        const QStringList secretFromFile {QStringLiteral("--client-secret-file"), secretFile};
        const QStringList clientCertificate {
            QStringLiteral("--client-cert"), m_certificates.clientCertificate(),
            QStringLiteral("--client-key"), m_certificates.clientKey()};
        const QStringList ca {QStringLiteral("--ca-cert"), m_certificates.caCertificate()};

        CliRun run = runCli(binary, send + secretFromFile + clientCertificate, env);
        QVERIFY2(run.exitCode != 0, qPrintable(run.describe()));
        QVERIFY2(run.err.contains("not trusted"), qPrintable(run.describe()));
        QVERIFY2(run.err.contains("--ca-cert FILE"), qPrintable(run.describe()));
        QCOMPARE(sandbox->counters().tokenRequests, 0);

        run = runCli(binary, send + secretFromFile + clientCertificate + ca, env);
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QVERIFY(run.out.contains("alpha"));
        QVERIFY2(!run.err.contains("WARNING"), qPrintable(run.describe()));

        run = runCli(binary,
                     send + secretFromFile + clientCertificate
                         + QStringList {QStringLiteral("--insecure")},
                     env);
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QVERIFY2(run.err.contains("WARNING: profile 'default' accepts any TLS certificate"),
                 qPrintable(run.describe()));

        // A secret as an option's value still works, and says that `ps` shows it.
        run = runCli(
            binary,
            send + clientCertificate + ca
                + QStringList {QStringLiteral("--client-secret"), sandbox->config().clientSecret},
            env);
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QVERIFY2(run.err.contains("--client-secret on the command line can be read by other "
                                  "users"),
                 qPrintable(run.describe()));

        // From standard input, through a real pipe.
        QStringList quoted;
        for (const QString &argument : send + clientCertificate + ca)
            quoted.append(QLatin1Char('\'') + argument + QLatin1Char('\''));
        env.insert(QStringLiteral("AUDIT_SECRET"), sandbox->config().clientSecret);
        run = runCli(QStringLiteral("/bin/sh"),
                     {QStringLiteral("-c"),
                      QStringLiteral("printf '%s\\n' \"$AUDIT_SECRET\" | '%1' %2 "
                                     "--client-secret-file -")
                          .arg(binary, quoted.join(QLatin1Char(' ')))},
                     env);
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QVERIFY(run.out.contains("alpha"));
        QCOMPARE(sandbox->counters().clientCredentialsGrants, 4);
    }

    void mutualTls_refusedWithoutClientCertificate_acceptedWithIt_data()
    {
        QTest::addColumn<bool>("encryptedKey");
        QTest::newRow("plain key") << false;
        QTest::newRow("key with a passphrase") << true;
    }
    void mutualTls_refusedWithoutClientCertificate_acceptedWithIt()
    {
        QFETCH(bool, encryptedKey);
        const auto sandbox = trustedSandbox(m_certificates.clientCaCertificate());
        Profile profile = ClientStack::profileFor(*sandbox);
        profile.tls.caCertificateFiles = {m_certificates.caCertificate()};
        {
            ClientStack without(*sandbox, SystemClock::instance(), profile);
            QString error;
            QVERIFY(!without.signIn(&error));
            // The sandbox refuses in the handshake with a TLS alert: nothing was issued.
            QVERIFY2(error.contains(QStringLiteral("--client-cert FILE")), qPrintable(error));
        }
        QCOMPARE(sandbox->counters().tokenRequests, 0);
        {
            ClientStack without(*sandbox, SystemClock::instance(), profile);
            ClientOptions options;
            options.tls = profile.tls;
            AuthorizedClient plain(without.network.get(), nullptr, without.events.get(),
                                   SystemClock::instance(), options);
            ApiCall *call = plain.send(
                Request(QByteArrayLiteral("GET"), sandbox->apiUrl(QStringLiteral("/api/items"))));
            QVERIFY(finished(call));
            QCOMPARE(call->error(), ApiCall::Error::Network);
            QVERIFY2(call->errorString().contains(QStringLiteral("client certificate")),
                     qPrintable(call->errorString()));
        }
        QCOMPARE(sandbox->counters().apiHits, 0);

        profile.tls.clientCertificateFile = m_certificates.clientCertificate();
        profile.tls.clientKeyFile =
            encryptedKey ? m_certificates.encryptedClientKey() : m_certificates.clientKey();
        if (encryptedKey) {
            ClientStack noPassphrase(*sandbox, SystemClock::instance(), profile);
            QString error;
            QVERIFY(!noPassphrase.signIn(&error));
            QVERIFY2(error.contains(QStringLiteral("passphrase")), qPrintable(error));
            profile.tls.clientKeyPassphrase = TestCertificates::clientKeyPassphrase();
        }
        ClientStack with(*sandbox, SystemClock::instance(), profile);
        QString error;
        QVERIFY2(with.signIn(&error), qPrintable(error));
        ApiCall *call = with.send(QByteArrayLiteral("GET"), QStringLiteral("/api/items"));
        QVERIFY(finished(call));
        QVERIFY2(call->isSuccess(), qPrintable(call->errorString()));
        QCOMPARE(sandbox->counters().passwordGrants, 1);
    }
};

QTEST_GUILESS_MAIN(TstTls)
#include "tst_tls.moc"
