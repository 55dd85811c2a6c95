// Every sign-in a person expects, end to end against the sandbox on loopback: authorization code
// with PKCE through a "browser" (a plain QNetworkAccessManager that follows redirects by hand),
// device code, client credentials, password, discovery, and logout that revokes. Polling
// intervals, timeouts and revocation retries run on a clock the test drives.
#include "auth/signin/authorizationcodeflow.h"
#include "auth/signin/deviceflow.h"
#include "auth/signin/discovery.h"
#include "auth/signin/jwt.h"
#include "auth/signin/logout.h"
#include "auth/signin/loopbackreceiver.h"
#include "auth/signin/revoker.h"
#include "auth/tokenendpoint.h"
#include "clientstack.h"
#include "fakeclock.h"
#include "sandbox/sandbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

using namespace Keyway;
using namespace Keyway::Test;

Q_DECLARE_METATYPE(Keyway::ClientAuthMethod)

namespace {

struct Page
{
    int status = 0;
    QUrl url;
    QUrl location;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
};

// Plays the system browser: GETs a URL and follows redirects one by one, keeping every page.
class Browser
{
public:
    Page get(const QUrl &url)
    {
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
        QNetworkReply *reply = m_network.get(request);
        Page page;
        page.url = url;
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000))
            reply->abort(); // reported as an error page below
        page.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        page.error = reply->error();
        page.body = reply->readAll();
        const QByteArray location = reply->rawHeader("Location");
        if (!location.isEmpty())
            page.location = url.resolved(QUrl::fromEncoded(location, QUrl::StrictMode));
        reply->deleteLater();
        return page;
    }

    // Until a page that is not a redirect, or `stopAt` says to stop before following.
    QList<Page> open(const QUrl &url, const std::function<bool(const QUrl &)> &stopAt = {})
    {
        QList<Page> pages;
        QUrl next = url;
        for (int hop = 0; hop < 5; ++hop) {
            pages.append(get(next));
            const Page &page = pages.last();
            if (page.status < 300 || page.status >= 400 || page.location.isEmpty())
                break;
            next = page.location;
            if (stopAt && stopAt(next))
                break;
        }
        return pages;
    }

private:
    QNetworkAccessManager m_network;
};

QString queryValue(const QUrl &url, const QString &name)
{
    return QUrlQuery(url).queryItemValue(name, QUrl::FullyDecoded);
}

// Whether a TCP connection to address:port is accepted.
bool accepts(const QHostAddress &address, quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(address, port);
    const bool connected = socket.waitForConnected(3000);
    socket.abort();
    return connected;
}

// An authorization server that publishes only some documents: answers GET by path with canned
// JSON, 404 for anything else. For what the sandbox, which publishes everything, cannot show.
class DocumentServer
{
public:
    DocumentServer()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::readyRead, socket,
                                 [this, socket] { answer(socket); });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    QString base() const
    {
        return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort());
    }
    void publish(const QString &path, const QJsonObject &document) { m_documents[path] = document; }
    QStringList requested;

private:
    void answer(QTcpSocket *socket)
    {
        const QByteArray head = socket->peek(8192);
        if (!head.contains("\r\n\r\n"))
            return;
        socket->readAll();
        const QString path = QString::fromLatin1(head.split(' ').value(1));
        requested.append(path);
        const bool found = m_documents.contains(path);
        const QByteArray body =
            found ? QJsonDocument(m_documents.value(path)).toJson() : QByteArray("{}");
        socket->write((found ? "HTTP/1.1 200 OK\r\n" : "HTTP/1.1 404 Not Found\r\n")
                      + QByteArray("Content-Type: application/json\r\nContent-Length: ")
                      + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QString, QJsonObject> m_documents;
};

bool isLoopbackReceiverPage(const QUrl &url)
{
    return url.host() == QLatin1String("127.0.0.1");
}

} // namespace

class tst_SignIn : public QObject
{
    Q_OBJECT

    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<FakeClock> m_clock;
    std::unique_ptr<ClientStack> m_stack;
    Browser m_browser;

    // A profile that signs in only interactively, with every endpoint of the sandbox.
    Profile interactiveProfile(bool publicClient = false,
                               ClientAuthMethod auth = ClientAuthMethod::Basic) const
    {
        Profile profile = ClientStack::profileFor(*m_sandbox);
        profile.grant = GrantType::None;
        profile.username.clear();
        profile.password.clear();
        profile.authorizationUrl = m_sandbox->authorizeUrl();
        profile.deviceAuthorizationUrl = m_sandbox->deviceAuthorizationUrl();
        profile.revocationUrl = m_sandbox->revocationUrl();
        profile.scope = QStringLiteral("openid read");
        profile.clientAuth = auth;
        if (publicClient) {
            profile.clientId = m_sandbox->config().publicClientId;
            profile.clientSecret.clear();
            profile.publicClient = true;
        }
        return profile;
    }

    void makeStack(const Profile &profile)
    {
        m_stack = std::make_unique<ClientStack>(*m_sandbox, m_clock.get(), profile);
    }

    bool apiAnswers200()
    {
        ApiCall *call = m_stack->send("GET", QStringLiteral("/api/items"));
        return ClientStack::waitAll({call}, 10000) && call->isSuccess();
    }

    // Whatever happened, no token issued by the sandbox may appear in any event.
    void verifyNoSecretInEvents() const
    {
        const QStringList secrets = m_sandbox->issuedSecrets();
        for (const Event &event : m_stack->recorded) {
            const QString line = event.toLogLine();
            for (const QString &secret : secrets)
                QVERIFY2(!line.contains(secret), qPrintable(line));
        }
    }

    QList<Event> stepEvents(const QString &step) const
    {
        QList<Event> found;
        for (const Event &event : m_stack->recorded) {
            if (event.details.value(QStringLiteral("step")).toString() == step)
                found.append(event);
        }
        return found;
    }

    // Starts the flow and returns the authorization URL it asked to open.
    static QUrl startAndGetUrl(AuthorizationCodeFlow &flow)
    {
        QUrl opened;
        QObject context;
        QObject::connect(&flow, &AuthorizationCodeFlow::openUrlRequested, &context,
                         [&opened](const QUrl &url) { opened = url; });
        flow.start();
        return opened;
    }

    static SignInResult waitFinished(QSignalSpy &spy)
    {
        if (spy.isEmpty() && !spy.wait(10000))
            return SignInResult::failure(SignInResult::Status::Failed, QStringLiteral("no end"));
        return spy.first().first().value<SignInResult>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<SignInResult>();
        qRegisterMetaType<LoopbackRedirect>();
    }

    void init()
    {
        m_sandbox = std::make_unique<Sandbox>();
        QString error;
        QVERIFY2(m_sandbox->start(&error), qPrintable(error));
        m_clock = std::make_unique<FakeClock>();
    }

    void cleanup()
    {
        if (m_stack)
            verifyNoSecretInEvents();
        m_stack.reset();
        m_sandbox.reset();
        m_clock.reset();
    }

    // ---- authorization code with PKCE ------------------------------------------------------

    void authorizationCode_withPkce_signsInThroughTheBrowser_data()
    {
        QTest::addColumn<bool>("publicClient");
        QTest::addColumn<ClientAuthMethod>("auth");
        QTest::newRow("confidential, Basic") << false << ClientAuthMethod::Basic;
        QTest::newRow("confidential, secret in the body") << false << ClientAuthMethod::Body;
        QTest::newRow("public, client_id only") << true << ClientAuthMethod::Basic;
    }

    void authorizationCode_withPkce_signsInThroughTheBrowser()
    {
        QFETCH(bool, publicClient);
        QFETCH(ClientAuthMethod, auth);
        makeStack(interactiveProfile(publicClient, auth));
        AuthorizationCodeFlow flow(m_stack->tokens.get(), m_stack->events.get(), m_clock.get());
        QSignalSpy finished(&flow, &AuthorizationCodeFlow::finished);

        const QUrl url = startAndGetUrl(flow);
        QVERIFY(url.isValid());
        QCOMPARE(url.adjusted(QUrl::RemoveQuery), m_sandbox->authorizeUrl());
        QCOMPARE(queryValue(url, QStringLiteral("response_type")), QStringLiteral("code"));
        QCOMPARE(queryValue(url, QStringLiteral("client_id")), m_stack->tokens->profile().clientId);
        QCOMPARE(queryValue(url, QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
        QCOMPARE(queryValue(url, QStringLiteral("code_challenge")).size(), 43);
        QCOMPARE(queryValue(url, QStringLiteral("scope")), QStringLiteral("openid read"));
        QVERIFY(queryValue(url, QStringLiteral("state")).size() >= 32);
        const QUrl redirectUri(queryValue(url, QStringLiteral("redirect_uri")));
        QCOMPARE(redirectUri.host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(redirectUri.path(), QStringLiteral("/callback"));
        QCOMPARE(redirectUri, flow.redirectUri());

        const QList<Page> pages = m_browser.open(url);
        QCOMPARE(pages.size(), 2);
        QCOMPARE(pages[0].status, 302);
        QCOMPARE(pages[1].status, 200);
        QVERIFY2(pages[1].body.contains("Signed in to Keyway"), pages[1].body.constData());

        const SignInResult result = waitFinished(finished);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(m_sandbox->counters().codeGrants, 1);
        QVERIFY(m_stack->tokens->tokens().hasRefreshToken());
        QVERIFY(apiAnswers200());

        // The token request carried the verifier and, for the public client, no secret at all.
        const QJsonObject sent = m_sandbox->lastTokenRequest();
        QCOMPARE(sent.value(QStringLiteral("grant_type")).toString(),
                 QStringLiteral("authorization_code"));
        QCOMPARE(sent.value(QStringLiteral("code_verifier")).toString(), QStringLiteral("***"));
        QCOMPARE(sent.contains(QStringLiteral("client_secret")),
                 !publicClient && auth == ClientAuthMethod::Body);
        QCOMPARE(sent.value(QStringLiteral("client_id")).toString(),
                 publicClient || auth == ClientAuthMethod::Body
                     ? m_stack->tokens->profile().clientId
                     : QString());

        // The id_token the openid scope asked for decodes for display, marked as unverified.
        QString error;
        const auto idToken = DecodedJwt::decode(m_stack->tokens->tokens().idToken, &error);
        QVERIFY2(idToken, qPrintable(error));
        QVERIFY(!idToken->signatureVerified);
        QCOMPARE(idToken->claims.value(QStringLiteral("iss")).toString(), m_sandbox->issuer());
        QCOMPARE(idToken->claims.value(QStringLiteral("aud")).toString(),
                 m_stack->tokens->profile().clientId);
        // The opaque access token is not a JWT, and says so.
        QVERIFY(!DecodedJwt::decode(m_stack->tokens->tokens().accessToken, &error));
        QVERIFY2(error.startsWith(QStringLiteral("not a JWT")), qPrintable(error));

        // The listener is gone: a second redirect has nowhere to land.
        QVERIFY(!accepts(QHostAddress::LocalHost, flow.redirectUri().port()));
    }

    void authorizationCode_sendsAudienceResourceAndExtraParameters()
    {
        Profile profile = interactiveProfile();
        profile.audience = QStringLiteral("https://api.example/");
        profile.resource = QStringLiteral("https://api.example/items");
        profile.extraAuthorizationParams = {
            {QStringLiteral("prompt"), QStringLiteral("login")},
            {QStringLiteral("login_hint"), QStringLiteral("a+b@example.com")}};
        profile.extraTokenParams = {{QStringLiteral("tenant"), QStringLiteral("blue")}};
        makeStack(profile);
        AuthorizationCodeFlow flow(m_stack->tokens.get(), m_stack->events.get(), m_clock.get());
        QSignalSpy finished(&flow, &AuthorizationCodeFlow::finished);
        const QUrl url = startAndGetUrl(flow);
        QCOMPARE(queryValue(url, QStringLiteral("audience")), profile.audience);
        QCOMPARE(queryValue(url, QStringLiteral("resource")), profile.resource);
        QCOMPARE(queryValue(url, QStringLiteral("prompt")), QStringLiteral("login"));
        // A '+' stays a plus: the server reads the query as a form, where '+' is a space.
        QVERIFY(url.toEncoded().contains("login_hint=a%2Bb%40example.com"));

        m_browser.open(url);
        const SignInResult result = waitFinished(finished);
        QVERIFY2(result.ok(), qPrintable(result.message));
        const QJsonObject sent = m_sandbox->lastTokenRequest();
        QCOMPARE(sent.value(QStringLiteral("audience")).toString(), profile.audience);
        QCOMPARE(sent.value(QStringLiteral("resource")).toString(), profile.resource);
        QCOMPARE(sent.value(QStringLiteral("tenant")).toString(), QStringLiteral("blue"));
    }

    void authorizationCode_extraParameterCannotOverrideState()
    {
        Profile profile = interactiveProfile();
        profile.extraAuthorizationParams = {{QStringLiteral("state"), QStringLiteral("fixed")}};
        makeStack(profile);
        AuthorizationCodeFlow flow(m_stack->tokens.get(), m_stack->events.get(), m_clock.get());
        QSignalSpy opened(&flow, &AuthorizationCodeFlow::openUrlRequested);
        QSignalSpy finished(&flow, &AuthorizationCodeFlow::finished);
        flow.start();
        QCOMPARE(opened.size(), 0);
        QCOMPARE(finished.size(), 1);
        const auto result = finished.first().first().value<SignInResult>();
        QCOMPARE(result.status, SignInResult::Status::NotConfigured);
        QVERIFY2(result.message.contains(QStringLiteral("'state'")), qPrintable(result.message));
    }

    void authorizationCode_wrongVerifier_isRefusedBySandbox()
    {
        makeStack(interactiveProfile());
        const Profile &profile = m_stack->tokens->profile();
        AuthorizationCodeFlow flow(m_stack->tokens.get(), m_stack->events.get(), m_clock.get());
        const QUrl url = startAndGetUrl(flow);
        // The browser stops before the loopback: the test holds the code and exchanges it
        // itself, with a verifier that is well formed but not the one the challenge came from.
        const QList<Page> pages = m_browser.open(url, isLoopbackReceiverPage);
        const QUrl redirect = pages.last().location;
        const QString code = queryValue(redirect, QStringLiteral("code"));
        QVERIFY(!code.isEmpty());
        flow.cancel();

        TokenEndpoint endpoint(m_clock.get());
        std::optional<TokenExchangeResult> answer;
        endpoint.exchange(profile,
                          TokenEndpoint::authorizationCodeForm(profile, code, flow.redirectUri(),
                                                               Pkce::generate().verifier),
                          &m_stack->context,
                          [&answer](const TokenExchangeResult &result) { answer = result; });
        QVERIFY(QTest::qWaitFor([&answer] { return answer.has_value(); }, 10000));
        const auto *error = std::get_if<TokenError>(&*answer);
        QVERIFY(error);
        QCOMPARE(error->oauthError, QStringLiteral("invalid_grant"));
        QVERIFY2(error->oauthDescription.contains(QStringLiteral("PKCE")),
                 qPrintable(error->oauthDescription));
        // What a person would read, with the server's own words.
        const SignInResult result = SignInResult::fromTokenError(
            QStringLiteral("exchanging the authorization code"), *error);
        QCOMPARE(result.status, SignInResult::Status::Refused);
        QVERIFY2(result.message.contains(error->oauthDescription), qPrintable(result.message));
        QCOMPARE(m_stack->tokens->tokens().isValid(), false);
    }

    void authorizationCode_stateMismatch_isRefusedAndCodeNeverExchanged()
    {
        makeStack(interactiveProfile());
        AuthorizationCodeFlow flow(m_stack->tokens.get(), m_stack->events.get(), m_clock.get());
        QSignalSpy finished(&flow, &AuthorizationCodeFlow::finished);
        const QUrl url = startAndGetUrl(flow);
        QUrl redirect = m_browser.open(url, isLoopbackReceiverPage).last().location;
        QUrlQuery query(redirect);
        QVERIFY(query.hasQueryItem(QStringLiteral("code")));
        query.removeAllQueryItems(QStringLiteral("state"));
        query.addQueryItem(QStringLiteral("state"), QStringLiteral("forged"));
        redirect.setQuery(query);

        const Page page = m_browser.get(redirect);
        QCOMPARE(page.status, 400);
        QVERIFY2(page.body.contains("state"), page.body.constData());

        const SignInResult result = waitFinished(finished);
        QCOMPARE(result.status, SignInResult::Status::StateMismatch);
        QVERIFY2(result.message.contains(QStringLiteral("state does not match")),
                 qPrintable(result.message));
        QVERIFY2(result.message.contains(QStringLiteral("discarded")), qPrintable(result.message));
        QCOMPARE(m_sandbox->counters().codeGrants, 0);
        QVERIFY(!m_stack->tokens->tokens().isValid());
        QVERIFY(!accepts(QHostAddress::LocalHost, flow.redirectUri().port()));
    }

    void authorizationCode_serverErrors_reachUserWithErrorAndDescription_data()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("descriptionPart");
        QTest::newRow("user denies (redirect)") << "deny"
                                                << "access_denied"
                                                << "";
        QTest::newRow("unknown scope (redirect)") << "scope"
                                                  << "invalid_scope"
                                                  << "";
        QTest::newRow("wrong client secret (token endpoint)") << "secret"
                                                              << "invalid_client"
                                                              << "wrong client secret";
    }

    void authorizationCode_serverErrors_reachUserWithErrorAndDescription()
    {
        QFETCH(QString, setup);
        QFETCH(QString, error);
        QFETCH(QString, descriptionPart);
        Profile profile = interactiveProfile();
        if (setup == QLatin1String("deny"))
            m_sandbox->setAuthorizeMode(AuthorizeMode::Deny);
        if (setup == QLatin1String("scope"))
            profile.scope = QStringLiteral("read teleport");
        if (setup == QLatin1String("secret"))
            profile.clientSecret = QStringLiteral("not-the-secret");
        makeStack(profile);
        AuthorizationCodeFlow flow(m_stack->tokens.get(), m_stack->events.get(), m_clock.get());
        QSignalSpy finished(&flow, &AuthorizationCodeFlow::finished);
        const QList<Page> pages = m_browser.open(startAndGetUrl(flow));

        const SignInResult result = waitFinished(finished);
        QCOMPARE(result.status, SignInResult::Status::Refused);
        QCOMPARE(result.error, error);
        QVERIFY(!result.errorDescription.isEmpty());
        if (pages.first().location.isValid()
            && QUrlQuery(pages.first().location).hasQueryItem(QStringLiteral("error"))) {
            // Exactly what the server put in the redirect.
            QCOMPARE(result.errorDescription,
                     queryValue(pages.first().location, QStringLiteral("error_description")));
            QVERIFY2(pages.last().body.contains(result.error.toUtf8()), pages.last().body.data());
        }
        if (!descriptionPart.isEmpty())
            QVERIFY2(result.errorDescription.contains(descriptionPart, Qt::CaseInsensitive),
                     qPrintable(result.errorDescription));
        QVERIFY2(result.message.contains(result.error), qPrintable(result.message));
        QVERIFY2(result.message.contains(result.errorDescription), qPrintable(result.message));
        const QList<Event> failed = stepEvents(QStringLiteral("signin.failed"));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed[0].details.value(QStringLiteral("grant")).toString(),
                 QStringLiteral("authorization_code"));
        QCOMPARE(failed[0].details.value(QStringLiteral("error")).toString(), error);
        QCOMPARE(failed[0].details.value(QStringLiteral("error_description")).toString(),
                 result.errorDescription);
    }

    void authorizationCode_timesOut_andStopsListening()
    {
        makeStack(interactiveProfile());
        AuthorizationCodeFlow flow(m_stack->tokens.get(), m_stack->events.get(), m_clock.get());
        flow.setTimeoutMs(120000);
        QSignalSpy finished(&flow, &AuthorizationCodeFlow::finished);
        startAndGetUrl(flow);
        const quint16 port = quint16(flow.redirectUri().port());
        QVERIFY(accepts(QHostAddress::LocalHost, port));
        m_clock->advance(119999);
        QCOMPARE(finished.size(), 0);
        m_clock->advance(1);
        QCOMPARE(finished.size(), 1);
        const auto result = finished.first().first().value<SignInResult>();
        QCOMPARE(result.status, SignInResult::Status::TimedOut);
        QVERIFY2(result.message.contains(QStringLiteral("120 s")), qPrintable(result.message));
        QVERIFY(!accepts(QHostAddress::LocalHost, port));
    }

    // ---- the loopback receiver ---------------------------------------------------------------

    void loopbackReceiver_isBoundTo127001Only()
    {
        LoopbackReceiver receiver(m_clock.get());
        QString error;
        QVERIFY2(receiver.listen(QStringLiteral("/callback"), QStringLiteral("s"), 60000, &error),
                 qPrintable(error));
        const quint16 port = receiver.port();
        QVERIFY(port != 0);
        QVERIFY(accepts(QHostAddress::LocalHost, port));
        // Not on the IPv6 loopback, and not on any address another machine could reach.
        QVERIFY(!accepts(QHostAddress::LocalHostIPv6, port));
        int others = 0;
        const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
        for (const QHostAddress &address : addresses) {
            if (address.isLoopback())
                continue;
            ++others;
            QVERIFY2(!accepts(address, port), qPrintable(address.toString()));
        }
        qInfo("checked %d non-loopback address(es)", others);
        QVERIFY(receiver.isListening());
    }

    void loopbackReceiver_strayRequestsDoNotEndTheWait()
    {
        LoopbackReceiver receiver(m_clock.get());
        QSignalSpy finished(&receiver, &LoopbackReceiver::finished);
        QString error;
        QVERIFY(receiver.listen(QStringLiteral("/callback"), QStringLiteral("s"), 60000, &error));
        QUrl favicon = receiver.redirectUri();
        favicon.setPath(QStringLiteral("/favicon.ico"));
        QCOMPARE(m_browser.get(favicon).status, 404);
        QVERIFY(receiver.isListening());
        QCOMPARE(finished.size(), 0);

        QUrl redirect = receiver.redirectUri();
        redirect.setQuery(QStringLiteral("code=abc&state=s"));
        const Page page = m_browser.get(redirect);
        QCOMPARE(page.status, 200);
        QVERIFY(page.body.contains("Signed in to Keyway"));
        QCOMPARE(finished.size(), 1);
        const auto result = finished.first().first().value<LoopbackRedirect>();
        QCOMPARE(result.status, LoopbackRedirect::Status::Code);
        QCOMPARE(result.code, QStringLiteral("abc"));
        // Used once, then closed: a second connection is refused.
        QVERIFY(!receiver.isListening());
        QVERIFY(!accepts(QHostAddress::LocalHost, receiver.port()));
    }

    void loopbackReceiver_errorRedirect_decodesFormEncoding()
    {
        LoopbackReceiver receiver(m_clock.get());
        QSignalSpy finished(&receiver, &LoopbackReceiver::finished);
        QString error;
        QVERIFY(receiver.listen(QStringLiteral("/cb"), QStringLiteral("s 1"), 60000, &error));
        QUrl redirect = receiver.redirectUri();
        redirect.setQuery(QStringLiteral("error=access_denied&error_description=The+user+said+"
                                         "%22no%22+%26+left&state=s+1"),
                          QUrl::StrictMode);
        const Page page = m_browser.get(redirect);
        QCOMPARE(page.status, 400);
        // The server's words reach the page, escaped.
        QVERIFY2(page.body.contains("The user said &quot;no&quot; &amp; left"),
                 page.body.constData());
        QCOMPARE(finished.size(), 1);
        const auto result = finished.first().first().value<LoopbackRedirect>();
        QCOMPARE(result.status, LoopbackRedirect::Status::ServerError);
        QCOMPARE(result.error, QStringLiteral("access_denied"));
        QCOMPARE(result.errorDescription, QStringLiteral("The user said \"no\" & left"));
    }

    // ---- device code ---------------------------------------------------------------------------

    void deviceCode_approvedOnSandbox_signsIn_data()
    {
        QTest::addColumn<bool>("publicClient");
        QTest::newRow("confidential") << false;
        QTest::newRow("public") << true;
    }

    void deviceCode_approvedOnSandbox_signsIn()
    {
        QFETCH(bool, publicClient);
        m_sandbox->setDeviceInterval(0);
        makeStack(interactiveProfile(publicClient));
        DeviceFlow flow(m_stack->tokens.get(), m_stack->events.get(), m_clock.get());
        QSignalSpy codes(&flow, &DeviceFlow::userCodeReady);
        QSignalSpy finished(&flow, &DeviceFlow::finished);
        flow.start();
        QVERIFY(codes.wait(10000));
        const QString userCode = codes.first().at(0).toString();
        const QUrl verificationUri = codes.first().at(1).toUrl();
        const QUrl complete = codes.first().at(2).toUrl();
        QCOMPARE(userCode.size(), 9); // XXXX-XXXX
        QCOMPARE(verificationUri.path(), QStringLiteral("/device"));
        QCOMPARE(queryValue(complete, QStringLiteral("user_code")), userCode);
        QCOMPARE(codes.first().at(3).toInt(), 600);

        // Not approved yet: authorization_pending, and the flow keeps polling.
        m_clock->advance(0);
        QTRY_COMPARE(m_sandbox->counters().devicePolls, 1);
        QTRY_COMPARE(m_clock->nextDueInMs(), qint64(0));
        QCOMPARE(finished.size(), 0);

        QVERIFY(m_sandbox->approveDeviceCode(userCode));
        m_clock->advance(0);
        const SignInResult result = waitFinished(finished);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(m_sandbox->counters().deviceGrants, 1);
        QCOMPARE(m_sandbox->counters().devicePolls, 2);
        QVERIFY(apiAnswers200());
        // Nothing keeps running after the sign-in.
        QVERIFY(!flow.isRunning());
        const QJsonObject sent = m_sandbox->lastTokenRequest();
        QCOMPARE(sent.value(QStringLiteral("grant_type")).toString(),
                 QStringLiteral("urn:ietf:params:oauth:grant-type:device_code"));
        QCOMPARE(sent.contains(QStringLiteral("client_secret")), false);
    }

    void deviceCode_slowDown_addsFiveSecondsToTheInterval()
    {
        m_sandbox->setDeviceInterval(5);
        makeStack(interactiveProfile());
        DeviceFlow flow(m_stack->tokens.get(), m_stack->events.get(), m_clock.get());
        QSignalSpy codes(&flow, &DeviceFlow::userCodeReady);
        flow.start();
        QVERIFY(codes.wait(10000));
        QCOMPARE(flow.pollIntervalMs(), 5000);
        QCOMPARE(m_clock->nextDueInMs(), qint64(5000));

        m_clock->advance(5000); // first poll: pending
        QTRY_COMPARE(m_sandbox->counters().devicePolls, 1);
        QTRY_COMPARE(m_clock->nextDueInMs(), qint64(5000));
        // Five seconds on the test's clock are milliseconds on the sandbox's: too soon.
        m_clock->advance(5000);
        QTRY_COMPARE(m_sandbox->counters().slowDowns, 1);
        QTRY_COMPARE(flow.pollIntervalMs(), 10000);
        QTRY_COMPARE(m_clock->nextDueInMs(), qint64(10000));
        QVERIFY(flow.isRunning());
        const QList<Event> slowed = stepEvents(QStringLiteral("signin.slow_down"));
        QCOMPARE(slowed.size(), 1);
        QVERIFY2(slowed[0].message.contains(QStringLiteral("10 s")), qPrintable(slowed[0].message));
        flow.cancel();
        QVERIFY(!flow.isRunning());
    }

    void deviceCode_deniedOrExpired_endsWithClearMessage_data()
    {
        QTest::addColumn<QString>("decision");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("denied") << "deny" << int(SignInResult::Status::Refused) << "access_denied"
                                << "denied on the verification page";
        QTest::newRow("expired") << "expire" << int(SignInResult::Status::Expired)
                                 << "expired_token"
                                 << "expired before the sign-in was approved";
    }

    void deviceCode_deniedOrExpired_endsWithClearMessage()
    {
        QFETCH(QString, decision);
        QFETCH(int, status);
        QFETCH(QString, error);
        QFETCH(QString, messagePart);
        m_sandbox->setDeviceInterval(0);
        makeStack(interactiveProfile());
        DeviceFlow flow(m_stack->tokens.get(), m_stack->events.get(), m_clock.get());
        QSignalSpy codes(&flow, &DeviceFlow::userCodeReady);
        QSignalSpy finished(&flow, &DeviceFlow::finished);
        flow.start();
        QVERIFY(codes.wait(10000));
        const QString userCode = codes.first().at(0).toString();
        QVERIFY(decision == QLatin1String("deny") ? m_sandbox->denyDeviceCode(userCode)
                                                  : m_sandbox->expireDeviceCode(userCode));
        m_clock->advance(0);
        const SignInResult result = waitFinished(finished);
        QCOMPARE(int(result.status), status);
        QCOMPARE(result.error, error);
        QVERIFY(!result.errorDescription.isEmpty());
        QVERIFY2(result.message.contains(messagePart), qPrintable(result.message));
        QVERIFY2(result.message.contains(error), qPrintable(result.message));
        QVERIFY2(result.message.contains(result.errorDescription), qPrintable(result.message));
        QVERIFY(!flow.isRunning());
        const QList<Event> failed = stepEvents(QStringLiteral("signin.failed"));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed[0].details.value(QStringLiteral("grant")).toString(),
                 QStringLiteral("device_code"));
        QCOMPARE(failed[0].details.value(QStringLiteral("error")).toString(), error);
        // No more polling.
        const int polls = m_sandbox->counters().devicePolls;
        m_clock->advance(60000);
        QTest::qWait(50);
        QCOMPARE(m_sandbox->counters().devicePolls, polls);
        QVERIFY(!m_stack->tokens->tokens().isValid());
    }

    void deviceCode_endsByItsOwnExpiresIn()
    {
        m_sandbox->setDeviceInterval(100);
        m_sandbox->setDeviceExpiresIn(30);
        makeStack(interactiveProfile());
        DeviceFlow flow(m_stack->tokens.get(), m_stack->events.get(), m_clock.get());
        QSignalSpy codes(&flow, &DeviceFlow::userCodeReady);
        QSignalSpy finished(&flow, &DeviceFlow::finished);
        flow.start();
        QVERIFY(codes.wait(10000));
        m_clock->advance(29999);
        QCOMPARE(finished.size(), 0);
        m_clock->advance(1);
        QCOMPARE(finished.size(), 1);
        const auto result = finished.first().first().value<SignInResult>();
        QCOMPARE(result.status, SignInResult::Status::Expired);
        QVERIFY2(result.message.contains(QStringLiteral("expired after 30 s")),
                 qPrintable(result.message));
        QCOMPARE(m_sandbox->counters().devicePolls, 0);
    }

    void deviceCode_wrongClientSecret_reachesUserWithServerError()
    {
        Profile profile = interactiveProfile();
        profile.clientSecret = QStringLiteral("not-the-secret");
        makeStack(profile);
        DeviceFlow flow(m_stack->tokens.get(), m_stack->events.get(), m_clock.get());
        QSignalSpy finished(&flow, &DeviceFlow::finished);
        flow.start();
        const SignInResult result = waitFinished(finished);
        QCOMPARE(result.status, SignInResult::Status::Refused);
        QCOMPARE(result.error, QStringLiteral("invalid_client"));
        QCOMPARE(result.httpStatus, 401);
        QVERIFY(!result.errorDescription.isEmpty());
        QVERIFY2(result.message.contains(result.errorDescription), qPrintable(result.message));
    }

    // ---- the grants that need no person -------------------------------------------------------

    void password_signsIn_andTheApiAnswers()
    {
        makeStack(ClientStack::profileFor(*m_sandbox));
        QString error;
        QVERIFY2(m_stack->signIn(&error), qPrintable(error));
        QCOMPARE(m_sandbox->counters().passwordGrants, 1);
        QVERIFY(apiAnswers200());
    }

    void clientCredentials_expiredToken_exactlyOneNewGrantForManyWaitingRequests_data()
    {
        QTest::addColumn<bool>("byClock");
        QTest::newRow("expired by the clock") << true;
        QTest::newRow("rejected by the API") << false;
    }

    void clientCredentials_expiredToken_exactlyOneNewGrantForManyWaitingRequests()
    {
        QFETCH(bool, byClock);
        Profile profile = ClientStack::profileFor(*m_sandbox);
        profile.grant = GrantType::ClientCredentials;
        profile.username.clear();
        profile.password.clear();
        makeStack(profile);
        QString error;
        QVERIFY2(m_stack->signIn(&error), qPrintable(error));
        QVERIFY(!m_stack->tokens->tokens().hasRefreshToken()); // RFC 6749 §4.4.3
        const QString first = m_stack->tokens->tokens().accessToken;
        m_sandbox->resetCounters();

        m_sandbox->expireAllTokens();
        if (byClock)
            m_clock->jump(m_stack->tokens->tokens().expiresAtMs - m_clock->nowMs());
        QList<ApiCall *> calls;
        for (int i = 0; i < 20; ++i)
            calls.append(m_stack->send("GET", QStringLiteral("/api/items")));
        QVERIFY(ClientStack::waitAll(calls, 20000));
        for (ApiCall *call : calls)
            QVERIFY2(call->isSuccess(), qPrintable(call->errorString()));
        QCOMPARE(m_sandbox->counters().clientCredentialsGrants, 1);
        QCOMPARE(m_sandbox->counters().refreshGrants, 0);
        QVERIFY(m_stack->tokens->tokens().accessToken != first);
    }

    // ---- discovery -----------------------------------------------------------------------------

    void discovery_fillsProfileEndpointsAndClientAuthentication()
    {
        Discovery discovery(m_clock.get());
        QSignalSpy finished(&discovery, &Discovery::finished);
        discovery.start(m_sandbox->issuer());
        const SignInResult result = waitFinished(finished);
        QVERIFY2(result.ok(), qPrintable(result.message));
        const AuthorizationServerMetadata &metadata = discovery.metadata();
        QCOMPARE(metadata.issuer, m_sandbox->issuer());
        QCOMPARE(metadata.source.path(), QStringLiteral("/.well-known/openid-configuration"));
        QVERIFY(metadata.codeChallengeMethodsSupported.contains(QStringLiteral("S256")));

        Profile confidential;
        confidential.clientId = m_sandbox->config().clientId;
        confidential.clientSecret = m_sandbox->config().clientSecret;
        confidential.clientAuth = ClientAuthMethod::Body;
        QCOMPARE(metadata.applyTo(&confidential), QString());
        QCOMPARE(confidential.issuer, m_sandbox->issuer());
        QCOMPARE(confidential.tokenUrl, m_sandbox->tokenUrl());
        QCOMPARE(confidential.authorizationUrl, m_sandbox->authorizeUrl());
        QCOMPARE(confidential.deviceAuthorizationUrl, m_sandbox->deviceAuthorizationUrl());
        QCOMPARE(confidential.revocationUrl, m_sandbox->revocationUrl());
        QCOMPARE(confidential.clientAuth, ClientAuthMethod::Basic);
        QVERIFY(!confidential.publicClient);

        Profile publicClient;
        publicClient.clientId = m_sandbox->config().publicClientId;
        QCOMPARE(metadata.applyTo(&publicClient), QString());
        QVERIFY(publicClient.publicClient);

        // The discovered profile signs in.
        confidential.name = QStringLiteral("discovered");
        confidential.scope = QStringLiteral("read");
        makeStack(confidential);
        AuthorizationCodeFlow flow(m_stack->tokens.get(), m_stack->events.get(), m_clock.get());
        QSignalSpy signedIn(&flow, &AuthorizationCodeFlow::finished);
        m_browser.open(startAndGetUrl(flow));
        const SignInResult signInResult = waitFinished(signedIn);
        QVERIFY2(signInResult.ok(), qPrintable(signInResult.message));
    }

    void discovery_refusesMismatchingIssuer_data()
    {
        QTest::addColumn<QString>("advertised");
        QTest::addColumn<bool>("askWithTrailingSlash");
        QTest::newRow("another issuer") << "https://impostor.example" << false;
        QTest::newRow("trailing slash asked, none advertised") << "" << true;
    }

    void discovery_refusesMismatchingIssuer()
    {
        QFETCH(QString, advertised);
        QFETCH(bool, askWithTrailingSlash);
        if (!advertised.isEmpty())
            m_sandbox->setIssuerOverride(advertised);
        const QString asked = m_sandbox->baseUrl().toString()
            + (askWithTrailingSlash ? QStringLiteral("/") : QString());
        Discovery discovery(m_clock.get());
        QSignalSpy finished(&discovery, &Discovery::finished);
        discovery.start(asked);
        const SignInResult result = waitFinished(finished);
        QCOMPARE(result.status, SignInResult::Status::IssuerMismatch);
        QVERIFY2(result.message.contains(QStringLiteral("'%1'").arg(asked)),
                 qPrintable(result.message));
        QVERIFY2(result.message.contains(QStringLiteral("'%1'").arg(m_sandbox->issuer())),
                 qPrintable(result.message));
        QVERIFY(discovery.metadata().tokenEndpoint.isEmpty());
    }

    void discovery_withoutOpenIdConfiguration_fallsBackToRfc8414Document()
    {
        DocumentServer server;
        const QString issuer = server.base() + QStringLiteral("/tenant");
        server.publish(QStringLiteral("/.well-known/oauth-authorization-server/tenant"),
                       {{QStringLiteral("issuer"), issuer},
                        {QStringLiteral("token_endpoint"), issuer + QStringLiteral("/token")},
                        {QStringLiteral("token_endpoint_auth_methods_supported"),
                         QJsonArray {QStringLiteral("client_secret_post")}}});
        Discovery discovery(m_clock.get());
        QSignalSpy finished(&discovery, &Discovery::finished);
        discovery.start(issuer);
        const SignInResult result = waitFinished(finished);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(server.requested,
                 QStringList({QStringLiteral("/tenant/.well-known/openid-configuration"),
                              QStringLiteral("/.well-known/oauth-authorization-server/tenant")}));
        Profile profile;
        profile.clientId = QStringLiteral("c");
        profile.clientSecret = QStringLiteral("s");
        QCOMPARE(discovery.metadata().applyTo(&profile), QString());
        QCOMPARE(profile.clientAuth, ClientAuthMethod::Body);
        QCOMPARE(profile.tokenUrl.path(), QStringLiteral("/tenant/token"));
        QVERIFY(profile.authorizationUrl.isEmpty());
        // A public client where the server lists no "none" is told so.
        Profile publicClient;
        publicClient.clientId = QStringLiteral("p");
        QVERIFY(discovery.metadata().applyTo(&publicClient).contains(QStringLiteral("\"none\"")));
    }

    void discovery_noDocumentAtAll_saysWhatWasTried()
    {
        DocumentServer server;
        Discovery discovery(m_clock.get());
        QSignalSpy finished(&discovery, &Discovery::finished);
        discovery.start(server.base());
        const SignInResult result = waitFinished(finished);
        QCOMPARE(result.status, SignInResult::Status::Failed);
        QVERIFY2(result.message.contains(QStringLiteral("openid-configuration")),
                 qPrintable(result.message));
        QVERIFY2(result.message.contains(QStringLiteral("oauth-authorization-server")),
                 qPrintable(result.message));
        QVERIFY2(result.message.contains(QStringLiteral("404")), qPrintable(result.message));
    }

    void discovery_wellKnownUrls_followOpenIdThenRfc8414()
    {
        const QList<QUrl> root = Discovery::wellKnownUrls(QStringLiteral("https://as.example"));
        QCOMPARE(root.size(), 2);
        QCOMPARE(root[0].toString(),
                 QStringLiteral("https://as.example/.well-known/openid-configuration"));
        QCOMPARE(root[1].toString(),
                 QStringLiteral("https://as.example/.well-known/oauth-authorization-server"));
        const QList<QUrl> tenant =
            Discovery::wellKnownUrls(QStringLiteral("https://as.example/tenant/1"));
        QCOMPARE(tenant[0].toString(),
                 QStringLiteral("https://as.example/tenant/1/.well-known/openid-configuration"));
        QCOMPARE(
            tenant[1].toString(),
            QStringLiteral("https://as.example/.well-known/oauth-authorization-server/tenant/1"));
        QVERIFY(Discovery::wellKnownUrls(QStringLiteral("https://as.example/?x=1")).isEmpty());
        QVERIFY(Discovery::wellKnownUrls(QStringLiteral("ftp://as.example")).isEmpty());
    }

    // ---- logout --------------------------------------------------------------------------------

    void logout_revokesRefreshToken_andClearsStore()
    {
        Profile profile = ClientStack::profileFor(*m_sandbox);
        profile.revocationUrl = m_sandbox->revocationUrl();
        makeStack(profile);
        QString error;
        QVERIFY2(m_stack->signIn(&error), qPrintable(error));
        const TokenSet before = m_stack->tokens->tokens();
        QVERIFY(before.hasRefreshToken());

        Revoker revoker(m_stack->events.get(), m_clock.get());
        QSignalSpy revoked(&revoker, &Revoker::finished);
        QSignalSpy idle(&revoker, &Revoker::idle);
        Logout logout(m_stack->tokens.get(), &revoker, m_stack->events.get());
        QSignalSpy finished(&logout, &Logout::finished);
        logout.start();
        const SignInResult result = waitFinished(finished);
        QVERIFY2(result.ok(), qPrintable(result.message));

        std::optional<StoreResult> stored;
        m_stack->store->load(profile.name, &m_stack->context,
                             [&stored](const StoreResult &r) { stored = r; });
        QTRY_VERIFY(stored.has_value());
        QVERIFY(stored->ok());
        QVERIFY(!stored->tokens.has_value());
        // Gone from this process's memory too, not only from the store.
        QVERIFY(!m_stack->tokens->tokens().isValid());
        QCOMPARE(m_stack->tokens->state(), TokenManager::State::NoToken);

        QTRY_COMPARE(revoked.size(), 1);
        QVERIFY(revoked.first().at(1).value<SignInResult>().ok());
        QCOMPARE(idle.size(), 1);
        QCOMPARE(m_sandbox->counters().revocations, 1);

        // The old refresh token is dead at the server, and so is the access token of its family.
        TokenEndpoint endpoint(m_clock.get());
        std::optional<TokenExchangeResult> answer;
        endpoint.exchange(profile, TokenEndpoint::refreshForm(profile, before.refreshToken),
                          &m_stack->context,
                          [&answer](const TokenExchangeResult &r) { answer = r; });
        QTRY_VERIFY(answer.has_value());
        const auto *refused = std::get_if<TokenError>(&*answer);
        QVERIFY(refused);
        QCOMPARE(refused->oauthError, QStringLiteral("invalid_grant"));
        QCOMPARE(stepEvents(QStringLiteral("signed_out")).size(), 1);
        QCOMPARE(stepEvents(QStringLiteral("revocation.done")).size(), 1);
    }

    void logout_revocationUnavailable_isRetriedLaterAndSaidInLog()
    {
        Profile profile = ClientStack::profileFor(*m_sandbox);
        profile.revocationUrl = m_sandbox->revocationUrl();
        makeStack(profile);
        QString error;
        QVERIFY2(m_stack->signIn(&error), qPrintable(error));
        m_sandbox->setRevocationFault(503, 1);

        Revoker revoker(m_stack->events.get(), m_clock.get());
        QSignalSpy revoked(&revoker, &Revoker::finished);
        Logout logout(m_stack->tokens.get(), &revoker, m_stack->events.get());
        QSignalSpy finished(&logout, &Logout::finished);
        logout.start();
        // The local tokens are gone without waiting for the server.
        const SignInResult result = waitFinished(finished);
        QVERIFY2(result.ok(), qPrintable(result.message));

        QTRY_COMPARE(stepEvents(QStringLiteral("revocation.retry")).size(), 1);
        const Event retry = stepEvents(QStringLiteral("revocation.retry")).first();
        QCOMPARE(retry.details.value(QStringLiteral("status")).toInt(), 503);
        QCOMPARE(retry.details.value(QStringLiteral("retry_after")).toString(),
                 QStringLiteral("1"));
        QCOMPARE(retry.details.value(QStringLiteral("delay_ms")).toInt(), 1000);
        QVERIFY2(retry.message.contains(QStringLiteral("503")), qPrintable(retry.message));
        QVERIFY2(retry.message.contains(QStringLiteral("trying again in 1000 ms")),
                 qPrintable(retry.message));
        QCOMPARE(revoker.pendingCount(), 1);
        QCOMPARE(revoked.size(), 0);
        QCOMPARE(m_sandbox->counters().revocations, 0);

        m_clock->advance(999);
        QTest::qWait(50);
        QCOMPARE(m_sandbox->counters().revocations, 0);
        m_clock->advance(1); // Retry-After: 1
        QTRY_COMPARE(revoked.size(), 1);
        QVERIFY(revoked.first().at(1).value<SignInResult>().ok());
        QCOMPARE(m_sandbox->counters().revocations, 1);
        QCOMPARE(revoker.pendingCount(), 0);
    }

    void revocation_refusedByServer_isNotRetried()
    {
        Profile profile = ClientStack::profileFor(*m_sandbox);
        profile.revocationUrl = m_sandbox->revocationUrl();
        profile.clientSecret = QStringLiteral("not-the-secret");
        makeStack(profile);
        Revoker revoker(m_stack->events.get(), m_clock.get());
        QSignalSpy revoked(&revoker, &Revoker::finished);
        revoker.revoke(profile, QStringLiteral("some-token"), Revoker::TokenKind::RefreshToken);
        QTRY_COMPARE(revoked.size(), 1);
        const auto result = revoked.first().at(1).value<SignInResult>();
        QCOMPARE(result.status, SignInResult::Status::Refused);
        QCOMPARE(result.error, QStringLiteral("invalid_client"));
        QVERIFY2(result.message.contains(result.errorDescription), qPrintable(result.message));
        QCOMPARE(m_clock->pendingCount(), 0);
    }

    void logout_withoutRevocationEndpoint_stillClearsAndSaysSo()
    {
        makeStack(ClientStack::profileFor(*m_sandbox));
        QString error;
        QVERIFY2(m_stack->signIn(&error), qPrintable(error));
        Revoker revoker(m_stack->events.get(), m_clock.get());
        Logout logout(m_stack->tokens.get(), &revoker, m_stack->events.get());
        QSignalSpy finished(&logout, &Logout::finished);
        logout.start();
        const SignInResult result = waitFinished(finished);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QVERIFY2(result.message.contains(QStringLiteral("no revocation endpoint")),
                 qPrintable(result.message));
        QCOMPARE(revoker.pendingCount(), 0);
        QCOMPARE(m_sandbox->counters().revocations, 0);
    }
};

QTEST_GUILESS_MAIN(tst_SignIn)
#include "tst_signin.moc"
