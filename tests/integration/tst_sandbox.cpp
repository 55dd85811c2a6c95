// The sandbox server over real loopback sockets, driven by a plain QNetworkAccessManager:
// OAuth grants and errors, rotation and reuse detection, the protected API, faults, admin.
#include "rawhttp.h"
#include "sandbox/sandbox.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

#include <csignal>
#include <memory>
#include <vector>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

bool looksLikeJwt(const QString &token)
{
    return token.count(QLatin1Char('.')) == 2;
}

} // namespace

class tst_Sandbox : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<QNetworkAccessManager> m_network;

    void startSandbox(const SandboxConfig &config = {})
    {
        m_sandbox = std::make_unique<Sandbox>(config);
        QString error;
        QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    }

    QNetworkReply *send(const QByteArray &verb, const QUrl &url, const QByteArray &body = {},
                        const RawHeaders &headers = {})
    {
        return sendRaw(*m_network, verb, url, body, headers);
    }

    Answer exchange(const QByteArray &verb, const QUrl &url, const QByteArray &body = {},
                    const RawHeaders &headers = {})
    {
        return await(send(verb, url, body, headers));
    }

    // Sent, not waited for: a test can look at the server while the answer is on its way.
    QNetworkReply *sendTokenRequest(const QList<QPair<QString, QString>> &fields, bool basic = true)
    {
        RawHeaders headers {{"Content-Type", "application/x-www-form-urlencoded"}};
        auto allFields = fields;
        if (basic) {
            headers.append(
                {"Authorization",
                 basicAuth(m_sandbox->config().clientId, m_sandbox->config().clientSecret)});
        } else {
            allFields.append({QStringLiteral("client_id"), m_sandbox->config().clientId});
            allFields.append({QStringLiteral("client_secret"), m_sandbox->config().clientSecret});
        }
        return send("POST", m_sandbox->tokenUrl(), formEncode(allFields), headers);
    }

    Answer tokenRequest(const QList<QPair<QString, QString>> &fields, bool basic = true)
    {
        return await(sendTokenRequest(fields, basic));
    }

    QNetworkReply *sendPasswordLogin(const QString &scope = {})
    {
        Fields fields {{QStringLiteral("grant_type"), QStringLiteral("password")},
                       {QStringLiteral("username"), m_sandbox->config().username},
                       {QStringLiteral("password"), m_sandbox->config().password}};
        if (!scope.isEmpty())
            fields.append({QStringLiteral("scope"), scope});
        return sendTokenRequest(fields);
    }

    Answer passwordLogin(const QString &scope = {}) { return await(sendPasswordLogin(scope)); }

    Answer refresh(const QString &refreshToken)
    {
        return tokenRequest({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                             {QStringLiteral("refresh_token"), refreshToken}});
    }

    Answer getItems(const QString &accessToken)
    {
        return exchange("GET", m_sandbox->apiUrl(QStringLiteral("/api/items")), {},
                        {{"Authorization", bearer(accessToken)}});
    }

private slots:
    void init()
    {
        m_network = std::make_unique<QNetworkAccessManager>();
        startSandbox();
    }

    void cleanup()
    {
        // The sandbox goes first so that hung connections close before the manager does.
        m_sandbox.reset();
        m_network.reset();
    }

    void start_bindsLoopbackUrls()
    {
        QCOMPARE(m_sandbox->baseUrl().host(), QStringLiteral("127.0.0.1"));
        QVERIFY(m_sandbox->config().port != 0);
        QVERIFY(m_sandbox->config().otherOriginPort != 0);
        QVERIFY(m_sandbox->config().port != m_sandbox->config().otherOriginPort);
        QCOMPARE(m_sandbox->tokenUrl().path(), QStringLiteral("/oauth/token"));
        QCOMPARE(m_sandbox->apiUrl(QStringLiteral("/api/items?x=1")).query(),
                 QStringLiteral("x=1"));
        QCOMPARE(m_sandbox->otherOriginUrl().port(), int(m_sandbox->config().otherOriginPort));
    }

    void start_portInUse_failsWithError()
    {
        SandboxConfig config;
        config.port = m_sandbox->config().port;
        Sandbox second(config);
        QString error;
        QVERIFY(!second.start(&error));
        QVERIFY(!error.isEmpty());
    }

    void passwordGrant_issuesOpaqueBearerTokens_data()
    {
        QTest::addColumn<bool>("basic");
        QTest::newRow("HTTP Basic") << true;
        QTest::newRow("credentials in body") << false;
    }

    void passwordGrant_issuesOpaqueBearerTokens()
    {
        QFETCH(bool, basic);
        const Answer answer =
            tokenRequest({{QStringLiteral("grant_type"), QStringLiteral("password")},
                          {QStringLiteral("username"), QStringLiteral("demo")},
                          {QStringLiteral("password"), QStringLiteral("demo-password")}},
                         basic);
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.header("Content-Type").startsWith("application/json"));
        QCOMPARE(answer.header("Cache-Control"), QByteArray("no-store"));
        const QJsonObject json = answer.json();
        QCOMPARE(json.value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
        QCOMPARE(json.value(QStringLiteral("expires_in")).toInt(), 3600);
        QCOMPARE(json.value(QStringLiteral("scope")).toString(), QStringLiteral("read write"));
        const QString access = json.value(QStringLiteral("access_token")).toString();
        const QString refreshToken = json.value(QStringLiteral("refresh_token")).toString();
        QVERIFY(access.size() >= 40);
        QVERIFY(refreshToken.size() >= 40);
        QVERIFY(access != refreshToken);
        QVERIFY(!looksLikeJwt(access));
        QCOMPARE(m_sandbox->counters().passwordGrants, 1);
        QCOMPARE(m_sandbox->counters().tokenRequests, 1);
        QCOMPARE(getItems(access).status, 200);
    }

    void basicAuth_formEncodesIdAndSecret()
    {
        SandboxConfig config;
        config.clientId = QStringLiteral("app:one");
        config.clientSecret = QStringLiteral("s3cr+t %/ü");
        startSandbox(config);
        const Answer answer = passwordLogin();
        QCOMPARE(answer.status, 200);
    }

    void passwordGrant_wrongPassword_isInvalidGrant()
    {
        const Answer answer =
            tokenRequest({{QStringLiteral("grant_type"), QStringLiteral("password")},
                          {QStringLiteral("username"), QStringLiteral("demo")},
                          {QStringLiteral("password"), QStringLiteral("wrong")}});
        QCOMPARE(answer.status, 400);
        QCOMPARE(answer.json().value(QStringLiteral("error")).toString(),
                 QStringLiteral("invalid_grant"));
        QVERIFY(!answer.json().value(QStringLiteral("error_description")).toString().isEmpty());
    }

    void wrongClientSecret_isInvalidClient401_data()
    {
        QTest::addColumn<bool>("basic");
        QTest::newRow("HTTP Basic, with challenge") << true;
        QTest::newRow("body, no challenge") << false;
    }

    void wrongClientSecret_isInvalidClient401()
    {
        QFETCH(bool, basic);
        Fields fields {{QStringLiteral("grant_type"), QStringLiteral("password")},
                       {QStringLiteral("username"), QStringLiteral("demo")},
                       {QStringLiteral("password"), QStringLiteral("demo-password")}};
        RawHeaders headers {{"Content-Type", "application/x-www-form-urlencoded"}};
        if (basic) {
            headers.append({"Authorization",
                            basicAuth(QStringLiteral("keyway-demo"), QStringLiteral("nope"))});
        } else {
            fields.append({QStringLiteral("client_id"), QStringLiteral("keyway-demo")});
            fields.append({QStringLiteral("client_secret"), QStringLiteral("nope")});
        }
        const Answer answer = exchange("POST", m_sandbox->tokenUrl(), formEncode(fields), headers);
        QCOMPARE(answer.status, 401);
        QCOMPARE(answer.json().value(QStringLiteral("error")).toString(),
                 QStringLiteral("invalid_client"));
        QCOMPARE(answer.header("WWW-Authenticate"),
                 basic ? QByteArray("Basic realm=\"keyway-sandbox\"") : QByteArray());
    }

    // Requests the token endpoint refuses with 400 and the error that says why, each sent with
    // the demo client's valid Basic credentials.
    void malformedTokenRequest_is400WithItsError_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        QTest::newRow("client credentials in Basic and in the body")
            << formEncode({{QStringLiteral("grant_type"), QStringLiteral("password")},
                           {QStringLiteral("username"), QStringLiteral("demo")},
                           {QStringLiteral("password"), QStringLiteral("demo-password")},
                           {QStringLiteral("client_id"), QStringLiteral("keyway-demo")},
                           {QStringLiteral("client_secret"), QStringLiteral("demo-secret")}})
            << QStringLiteral("invalid_request");
        QTest::newRow("a repeated parameter")
            << QByteArrayLiteral("grant_type=password&grant_type=password&username=demo")
            << QStringLiteral("invalid_request");
        QTest::newRow("an unsupported grant type")
            << formEncode({{QStringLiteral("grant_type"), QStringLiteral("urn:example:magic")}})
            << QStringLiteral("unsupported_grant_type");
    }

    void malformedTokenRequest_is400WithItsError()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        const Answer answer =
            exchange("POST", m_sandbox->tokenUrl(), body,
                     {{"Content-Type", "application/x-www-form-urlencoded"},
                      {"Authorization",
                       basicAuth(QStringLiteral("keyway-demo"), QStringLiteral("demo-secret"))}});
        QCOMPARE(answer.status, 400);
        QCOMPARE(answer.json().value(QStringLiteral("error")).toString(), error);
    }

    void clientCredentials_issuesNoRefreshToken()
    {
        const Answer answer =
            tokenRequest({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}});
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.json().contains(QStringLiteral("access_token")));
        QVERIFY(!answer.json().contains(QStringLiteral("refresh_token")));
        QCOMPARE(m_sandbox->counters().clientCredentialsGrants, 1);
    }

    void refresh_rotatesRefreshToken()
    {
        const QJsonObject login = passwordLogin().json();
        const QString first = login.value(QStringLiteral("refresh_token")).toString();
        const Answer answer = refresh(first);
        QCOMPARE(answer.status, 200);
        const QString second = answer.json().value(QStringLiteral("refresh_token")).toString();
        const QString access = answer.json().value(QStringLiteral("access_token")).toString();
        QVERIFY(!second.isEmpty());
        QVERIFY(second != first);
        QVERIFY(access != login.value(QStringLiteral("access_token")).toString());
        QCOMPARE(getItems(access).status, 200);
        QCOMPARE(m_sandbox->counters().refreshes, 1);
        QCOMPARE(m_sandbox->counters().refreshGrants, 1);
        // The rotated token still works once more.
        QCOMPARE(refresh(second).status, 200);
        QCOMPARE(m_sandbox->counters().refreshes, 2);
    }

    void refresh_withoutRotation_returnsSameToken()
    {
        m_sandbox->setRotation(false);
        const QString token =
            passwordLogin().json().value(QStringLiteral("refresh_token")).toString();
        for (int i = 0; i < 3; ++i) {
            const Answer answer = refresh(token);
            QCOMPARE(answer.status, 200);
            QCOMPARE(answer.json().value(QStringLiteral("refresh_token")).toString(), token);
        }
        QCOMPARE(m_sandbox->counters().refreshes, 3);
        QCOMPARE(m_sandbox->counters().reuseDetections, 0);
    }

    void refresh_reusedToken_revokesWholeFamily()
    {
        const QString first =
            passwordLogin().json().value(QStringLiteral("refresh_token")).toString();
        const QJsonObject rotated = refresh(first).json();
        const QString current = rotated.value(QStringLiteral("access_token")).toString();
        const QString second = rotated.value(QStringLiteral("refresh_token")).toString();
        QCOMPARE(getItems(current).status, 200);

        const Answer reuse = refresh(first);
        QCOMPARE(reuse.status, 400);
        QCOMPARE(reuse.json().value(QStringLiteral("error")).toString(),
                 QStringLiteral("invalid_grant"));
        QCOMPARE(m_sandbox->counters().reuseDetections, 1);

        const Answer revoked = getItems(current);
        QCOMPARE(revoked.status, 401);
        QVERIFY(revoked.header("WWW-Authenticate").contains("error=\"invalid_token\""));
        QCOMPARE(refresh(second).json().value(QStringLiteral("error")).toString(),
                 QStringLiteral("invalid_grant"));
        // Another login starts a new, unaffected family.
        const QString fresh =
            passwordLogin().json().value(QStringLiteral("access_token")).toString();
        QCOMPARE(getItems(fresh).status, 200);
    }

    void refresh_reuseWithoutDetection_keepsFamily()
    {
        m_sandbox->setReuseDetection(false);
        const QString first =
            passwordLogin().json().value(QStringLiteral("refresh_token")).toString();
        const QString current =
            refresh(first).json().value(QStringLiteral("access_token")).toString();
        QCOMPARE(refresh(first).status, 400);
        QCOMPARE(getItems(current).status, 200);
    }

    void expiredToken_answersConfiguredStatus_data()
    {
        QTest::addColumn<int>("expiredStatus");
        QTest::newRow("401") << 401;
        QTest::newRow("403") << 403;
    }

    void expiredToken_answersConfiguredStatus()
    {
        QFETCH(int, expiredStatus);
        m_sandbox->setExpiredStatus(expiredStatus);
        const QJsonObject login = passwordLogin().json();
        const QString access = login.value(QStringLiteral("access_token")).toString();
        QCOMPARE(getItems(access).status, 200);

        m_sandbox->expireAllTokens();
        const Answer answer = getItems(access);
        QCOMPARE(answer.status, expiredStatus);
        const QByteArray challenge = answer.header("WWW-Authenticate");
        QVERIFY2(challenge.startsWith("Bearer realm=\"keyway-sandbox\""), challenge.constData());
        QVERIFY(challenge.contains("error=\"invalid_token\""));
        QVERIFY(challenge.contains("error_description=\""));
        QCOMPARE(answer.json().value(QStringLiteral("error")).toString(),
                 QStringLiteral("invalid_token"));
        QCOMPARE(m_sandbox->counters().sent401, expiredStatus == 401 ? 1 : 0);
        QCOMPARE(m_sandbox->counters().sent403, expiredStatus == 403 ? 1 : 0);

        // Refresh tokens survive expireAllTokens.
        const Answer refreshed = refresh(login.value(QStringLiteral("refresh_token")).toString());
        QCOMPARE(refreshed.status, 200);
        QCOMPARE(getItems(refreshed.json().value(QStringLiteral("access_token")).toString()).status,
                 200);
    }

    void zeroLifetime_tokenIsExpiredOnArrival()
    {
        m_sandbox->setAccessTokenLifetime(0);
        const QJsonObject login = passwordLogin().json();
        QCOMPARE(login.value(QStringLiteral("expires_in")).toInt(), 0);
        QCOMPARE(getItems(login.value(QStringLiteral("access_token")).toString()).status, 401);
    }

    void missingAuthorization_is401WithBareChallenge()
    {
        m_sandbox->setExpiredStatus(403);
        const Answer answer = exchange("GET", m_sandbox->apiUrl(QStringLiteral("/api/items")));
        QCOMPARE(answer.status, 401);
        QCOMPARE(answer.header("WWW-Authenticate"), QByteArray("Bearer realm=\"keyway-sandbox\""));
        QCOMPARE(m_sandbox->counters().apiHits, 1);
        QCOMPARE(m_sandbox->counters().sent401, 1);
    }

    void items_returnsFixedList()
    {
        const QString access =
            passwordLogin().json().value(QStringLiteral("access_token")).toString();
        const Answer answer = getItems(access);
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.header("Content-Type").startsWith("application/json"));
        QCOMPARE(answer.json().value(QStringLiteral("items")).toArray().size(), 3);
    }

    void scoped_withoutAdminScope_isInsufficientScope()
    {
        const QString plain =
            passwordLogin().json().value(QStringLiteral("access_token")).toString();
        const Answer denied = exchange("GET", m_sandbox->apiUrl(QStringLiteral("/api/scoped")), {},
                                       {{"Authorization", bearer(plain)}});
        QCOMPARE(denied.status, 403);
        QCOMPARE(denied.header("WWW-Authenticate"),
                 QByteArray("Bearer error=\"insufficient_scope\", scope=\"admin\""));
        QCOMPARE(m_sandbox->counters().sent403, 1);

        const QJsonObject admin = passwordLogin(QStringLiteral("read admin")).json();
        QCOMPARE(admin.value(QStringLiteral("scope")).toString(), QStringLiteral("read admin"));
        const Answer allowed = exchange(
            "GET", m_sandbox->apiUrl(QStringLiteral("/api/scoped")), {},
            {{"Authorization", bearer(admin.value(QStringLiteral("access_token")).toString())}});
        QCOMPARE(allowed.status, 200);
    }

    void echo_reportsMethodBodyDigestAndHeaders_data()
    {
        QTest::addColumn<QByteArray>("verb");
        QTest::newRow("PATCH") << QByteArray("PATCH");
        QTest::newRow("custom verb PURGE") << QByteArray("PURGE");
        QTest::newRow("DELETE") << QByteArray("DELETE");
    }

    void echo_reportsMethodBodyDigestAndHeaders()
    {
        QFETCH(QByteArray, verb);
        const QString access =
            passwordLogin().json().value(QStringLiteral("access_token")).toString();
        const QByteArray body = QByteArrayLiteral("{\"op\":\"replace\",\"value\":\"ü\"}");
        const Answer answer = exchange(verb, m_sandbox->apiUrl(QStringLiteral("/api/echo")), body,
                                       {{"Authorization", bearer(access)},
                                        {"Content-Type", "application/json-patch+json"},
                                        {"X-Keyway-Trace", "abc-123"}});
        QCOMPARE(answer.status, 200);
        const QJsonObject json = answer.json();
        QCOMPARE(json.value(QStringLiteral("method")).toString(), QString::fromLatin1(verb));
        QCOMPARE(json.value(QStringLiteral("length")).toInt(), body.size());
        QCOMPARE(json.value(QStringLiteral("sha256")).toString(),
                 QString::fromLatin1(
                     QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(json.value(QStringLiteral("contentType")).toString(),
                 QStringLiteral("application/json-patch+json"));
        const QJsonObject headers = json.value(QStringLiteral("headers")).toObject();
        QCOMPARE(headers.value(QStringLiteral("x-keyway-trace")).toString(),
                 QStringLiteral("abc-123"));
        QVERIFY(!headers.contains(QStringLiteral("authorization")));
        QCOMPARE(m_sandbox->lastRequestHeader("x-keyway-trace"), QByteArray("abc-123"));
        QCOMPARE(m_sandbox->lastRequestHeader("Authorization"), bearer(access));
    }

    void upload_50MB_digestMatches()
    {
        const QString access =
            passwordLogin().json().value(QStringLiteral("access_token")).toString();
        QByteArray body(50 * 1024 * 1024, Qt::Uninitialized);
        for (qsizetype i = 0; i < body.size(); ++i)
            body[i] = char((i * 7919) >> 3);
        const Answer answer = exchange(
            "PUT", m_sandbox->apiUrl(QStringLiteral("/api/upload")), body,
            {{"Authorization", bearer(access)}, {"Content-Type", "application/octet-stream"}});
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json().value(QStringLiteral("length")).toDouble(), double(body.size()));
        QCOMPARE(answer.json().value(QStringLiteral("sha256")).toString(),
                 QString::fromLatin1(
                     QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex()));
    }

    void slow_answersAfterRequestedDelay()
    {
        const QString access =
            passwordLogin().json().value(QStringLiteral("access_token")).toString();
        QElapsedTimer elapsed;
        elapsed.start();
        const Answer answer = exchange("GET", m_sandbox->apiUrl(QStringLiteral("/api/slow?ms=300")),
                                       {}, {{"Authorization", bearer(access)}});
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json().value(QStringLiteral("slept")).toInt(), 300);
        QVERIFY2(elapsed.elapsed() >= 290, qPrintable(QString::number(elapsed.elapsed())));
    }

    void redirect_toOtherOrigin_isCountedThere()
    {
        const QString access =
            passwordLogin().json().value(QStringLiteral("access_token")).toString();
        const Answer redirect =
            exchange("GET", m_sandbox->apiUrl(QStringLiteral("/api/redirect?to=/landing")), {},
                     {{"Authorization", bearer(access)}});
        QCOMPARE(redirect.status, 302);
        const QUrl location = QUrl::fromEncoded(redirect.header("Location"));
        QCOMPARE(location.port(), int(m_sandbox->config().otherOriginPort));
        QCOMPARE(location.path(), QStringLiteral("/landing"));

        const Answer clean = exchange("GET", location);
        QCOMPARE(clean.status, 200);
        QCOMPARE(clean.json().value(QStringLiteral("origin")).toString(), QStringLiteral("other"));
        QCOMPARE(clean.json().value(QStringLiteral("authorization")).toBool(), false);
        const Answer leaky = exchange("GET", location, {}, {{"Authorization", bearer(access)}});
        QCOMPARE(leaky.json().value(QStringLiteral("authorization")).toBool(), true);

        QCOMPARE(m_sandbox->counters().otherOriginHits, 2);
        QCOMPARE(m_sandbox->counters().otherOriginAuthHeaders, 1);
        QCOMPARE(m_sandbox->counters().apiHits, 1);
    }

    void redirect_sameOrigin_pointsAtMainListener()
    {
        const QString access =
            passwordLogin().json().value(QStringLiteral("access_token")).toString();
        const Answer redirect = exchange(
            "GET", m_sandbox->apiUrl(QStringLiteral("/api/redirect?to=/api/items&origin=same")), {},
            {{"Authorization", bearer(access)}});
        QCOMPARE(redirect.status, 302);
        QCOMPARE(QUrl::fromEncoded(redirect.header("Location")),
                 m_sandbox->apiUrl(QStringLiteral("/api/items")));
    }

    void tokenFault_givesDocumentedAnswer_data()
    {
        QTest::addColumn<TokenFault>("fault");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("error");
        QTest::newRow("500") << TokenFault::ServerError500 << 500 << QByteArray("application/json")
                             << QStringLiteral("server_error");
        QTest::newRow("503") << TokenFault::Unavailable503 << 503 << QByteArray("application/json")
                             << QStringLiteral("temporarily_unavailable");
        QTest::newRow("429") << TokenFault::TooManyRequests429 << 429
                             << QByteArray("application/json")
                             << QStringLiteral("temporarily_unavailable");
        QTest::newRow("invalid-json")
            << TokenFault::InvalidJson << 200 << QByteArray("application/json") << QString();
        QTest::newRow("html") << TokenFault::HtmlPage200 << 200 << QByteArray("text/html")
                              << QString();
        QTest::newRow("missing-access-token")
            << TokenFault::MissingAccessToken << 200 << QByteArray("application/json") << QString();
        QTest::newRow("invalid-grant")
            << TokenFault::InvalidGrant << 400 << QByteArray("application/json")
            << QStringLiteral("invalid_grant");
        QTest::newRow("invalid-client")
            << TokenFault::InvalidClient << 401 << QByteArray("application/json")
            << QStringLiteral("invalid_client");
        QTest::newRow("huge-body")
            << TokenFault::HugeBody << 200 << QByteArray("application/json") << QString();
        QTest::newRow("invalid-grant-200")
            << TokenFault::InvalidGrant200 << 200 << QByteArray("application/json")
            << QStringLiteral("invalid_grant");
    }

    void tokenFault_givesDocumentedAnswer()
    {
        QFETCH(TokenFault, fault);
        QFETCH(int, status);
        QFETCH(QByteArray, contentType);
        QFETCH(QString, error);
        m_sandbox->setTokenFault(fault);
        const Answer answer = passwordLogin();
        QCOMPARE(answer.status, status);
        QVERIFY2(answer.header("Content-Type").startsWith(contentType),
                 answer.header("Content-Type").constData());
        if (!error.isEmpty())
            QCOMPARE(answer.json().value(QStringLiteral("error")).toString(), error);

        switch (fault) {
        case TokenFault::Unavailable503:
            QCOMPARE(answer.header("Retry-After"), QByteArray("2"));
            break;
        case TokenFault::TooManyRequests429:
            QCOMPARE(answer.header("Retry-After"), QByteArray("3"));
            break;
        case TokenFault::InvalidJson: {
            QCOMPARE(answer.body, QByteArray("{\"access_token\": "));
            QJsonParseError parseError;
            QJsonDocument::fromJson(answer.body, &parseError);
            QVERIFY(parseError.error != QJsonParseError::NoError);
            break;
        }
        case TokenFault::HtmlPage200: QVERIFY(answer.body.contains("<html>")); break;
        case TokenFault::MissingAccessToken:
            QCOMPARE(answer.json().value(QStringLiteral("token_type")).toString(),
                     QStringLiteral("Bearer"));
            QVERIFY(!answer.json().contains(QStringLiteral("access_token")));
            break;
        case TokenFault::HugeBody: {
            QVERIFY(answer.body.size() >= 20 * 1024 * 1024);
            QJsonParseError parseError;
            QJsonDocument::fromJson(answer.body, &parseError);
            QCOMPARE(parseError.error, QJsonParseError::NoError);
            break;
        }
        default: break;
        }
        // Faults are answered without issuing anything, and apply to every grant type.
        QVERIFY(m_sandbox->issuedSecrets().isEmpty());
        QCOMPARE(
            tokenRequest({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}})
                .status,
            status);
        QCOMPARE(m_sandbox->counters().tokenRequests, 2);
        QCOMPARE(m_sandbox->counters().passwordGrants, 1);
        QCOMPARE(m_sandbox->counters().clientCredentialsGrants, 1);

        m_sandbox->setTokenFault(TokenFault::None);
        QCOMPARE(passwordLogin().status, 200);
    }

    void hangFault_neverAnswersWhileAdminStillDoes()
    {
        m_sandbox->setTokenFault(TokenFault::Hang);
        QNetworkReply *hung = sendPasswordLogin();
        QSignalSpy hungFinished(hung, &QNetworkReply::finished);
        QTRY_COMPARE(m_sandbox->counters().tokenRequests, 1);

        // Answered on another connection after the hung request reached the server, so the
        // event loop had every chance to deliver an answer to it.
        const Answer counters =
            exchange("GET", m_sandbox->apiUrl(QStringLiteral("/admin/counters")));
        QCOMPARE(counters.status, 200);
        QCOMPARE(counters.json().value(QStringLiteral("tokenRequests")).toInt(), 1);
        QCOMPARE(hungFinished.count(), 0);
        QVERIFY(!hung->isFinished());

        // Destroying the sandbox closes the held connection; the client sees an error.
        m_sandbox.reset();
        QTRY_COMPARE_WITH_TIMEOUT(hungFinished.count(), 1, 10000);
        QVERIFY(hung->error() != QNetworkReply::NoError);
        hung->deleteLater();
    }

    void tokenFault_forTheNextRequestsOnly()
    {
        m_sandbox->setTokenFault(TokenFault::ServerError500, 2);
        QCOMPARE(passwordLogin().status, 500);
        QCOMPARE(passwordLogin().status, 500);
        QCOMPARE(passwordLogin().status, 200);

        const Answer set = exchange(
            "POST", m_sandbox->apiUrl(QStringLiteral("/admin/fault?token=invalid-grant&times=1")));
        QCOMPARE(set.status, 200);
        QCOMPARE(passwordLogin().status, 400);
        QCOMPARE(passwordLogin().status, 200);
        QCOMPARE(
            exchange("POST", m_sandbox->apiUrl(QStringLiteral("/admin/fault?token=500&times=x")))
                .status,
            400);
    }

    void tokenDelay_grantsAtOnceAndAnswersLate()
    {
        const Answer set =
            exchange("POST", m_sandbox->apiUrl(QStringLiteral("/admin/config?token_delay_ms=400")));
        QCOMPARE(set.json().value(QStringLiteral("token_delay_ms")).toInt(), 400);
        QElapsedTimer timer;
        timer.start();
        QNetworkReply *login = sendPasswordLogin();
        // The grant is done as soon as the request arrives; the answer is what waits.
        QTRY_COMPARE(m_sandbox->counters().passwordGrants, 1);
        QCOMPARE(m_sandbox->issuedSecrets().size(), 2);
        const Answer answer = await(login);
        QCOMPARE(answer.status, 200);
        QVERIFY(timer.elapsed() >= 400);
    }

    void resetAfterCommitFault_dropsConnectionAfterRefreshCommitted()
    {
        const QString first =
            passwordLogin().json().value(QStringLiteral("refresh_token")).toString();
        m_sandbox->resetCounters();
        m_sandbox->setTokenFault(TokenFault::ResetAfterCommit);

        const Answer answer = refresh(first);
        QVERIFY(answer.finished);
        QCOMPARE(answer.status, 0);
        QCOMPARE(answer.networkError, QNetworkReply::RemoteHostClosedError);
        QCOMPARE(m_sandbox->counters().refreshes, 1);
        // The rotation really happened: a new refresh token exists that the client never saw.
        QCOMPARE(m_sandbox->issuedSecrets().size(), 4);
        // QNetworkAccessManager (6.4) silently resends a request whose connection closed before
        // any response byte, so the server may see this refresh twice; the copy presents a used
        // token. Either way the client's token is used up once the fault clears.
        QVERIFY(m_sandbox->counters().refreshGrants >= 1);
        m_sandbox->setTokenFault(TokenFault::None);
        QCOMPARE(refresh(first).json().value(QStringLiteral("error")).toString(),
                 QStringLiteral("invalid_grant"));
    }

    void apiFault_unauthorizedForever_rejectsEveryToken()
    {
        m_sandbox->setExpiredStatus(403);
        m_sandbox->setApiFault(ApiFault::UnauthorizedForever);
        for (int i = 0; i < 3; ++i) {
            const QString access =
                passwordLogin().json().value(QStringLiteral("access_token")).toString();
            const Answer answer = getItems(access);
            QCOMPARE(answer.status, 401);
            QVERIFY(answer.header("WWW-Authenticate").contains("error=\"invalid_token\""));
        }
        QCOMPARE(m_sandbox->counters().sent401, 3);
        QCOMPARE(m_sandbox->counters().apiHits, 3);
        QCOMPARE(m_sandbox->counters().apiSuccesses, 0);
        m_sandbox->setApiFault(ApiFault::None);
        QCOMPARE(getItems(passwordLogin().json().value(QStringLiteral("access_token")).toString())
                     .status,
                 200);
        QCOMPARE(m_sandbox->counters().apiSuccesses, 1); // the 2xx answers, and only those
    }

    void adminRoutes_steerTheSandboxOverHttp()
    {
        const auto admin = [this](const QByteArray &verb, const QString &pathAndQuery) {
            return exchange(verb, m_sandbox->apiUrl(pathAndQuery));
        };

        QCOMPARE(admin("POST", QStringLiteral("/admin/fault?token=503")).status, 200);
        QCOMPARE(passwordLogin().status, 503);
        QCOMPARE(admin("POST", QStringLiteral("/admin/fault?token=none&api=401-forever")).status,
                 200);
        const QJsonObject login = passwordLogin().json();
        const QString access = login.value(QStringLiteral("access_token")).toString();
        QCOMPARE(getItems(access).status, 401);
        QCOMPARE(admin("POST", QStringLiteral("/admin/fault?api=none")).status, 200);
        QCOMPARE(getItems(access).status, 200);

        // Unknown names change nothing.
        const Answer unknownFault =
            admin("POST", QStringLiteral("/admin/fault?token=hang&api=bogus"));
        QCOMPARE(unknownFault.status, 400);
        QCOMPARE(unknownFault.json().value(QStringLiteral("error_description")).toString(),
                 QStringLiteral("Unknown api fault 'bogus'; expected one of none|401-forever"));
        const Answer unknownMode = admin("POST", QStringLiteral("/admin/config?authorize=maybe"));
        QCOMPARE(unknownMode.status, 400);
        QCOMPARE(unknownMode.json().value(QStringLiteral("error_description")).toString(),
                 QStringLiteral("Unknown authorize mode 'maybe'; expected one of auto|form|deny"));
        QCOMPARE(passwordLogin().status, 200);

        const Answer config =
            admin("POST",
                  QStringLiteral(
                      "/admin/config?lifetime=7&expired_status=403&rotation=0&reuse_detection=0"));
        QCOMPARE(config.status, 200);
        QCOMPARE(m_sandbox->config().accessTokenLifetimeSec, 7);
        QCOMPARE(m_sandbox->config().expiredStatus, 403);
        QVERIFY(!m_sandbox->config().rotateRefreshTokens);
        QVERIFY(!m_sandbox->config().reuseDetection);
        QCOMPARE(admin("POST", QStringLiteral("/admin/config?expired_status=418")).status, 400);
        QCOMPARE(m_sandbox->config().expiredStatus, 403);

        QCOMPARE(admin("POST", QStringLiteral("/admin/expire")).status, 200);
        QCOMPARE(getItems(access).status, 403);

        const Answer counters = admin("GET", QStringLiteral("/admin/counters"));
        QCOMPARE(counters.status, 200);
        QStringList keys = counters.json().keys();
        keys.sort();
        QStringList expected {QStringLiteral("tokenRequests"),
                              QStringLiteral("passwordGrants"),
                              QStringLiteral("clientCredentialsGrants"),
                              QStringLiteral("refreshGrants"),
                              QStringLiteral("refreshes"),
                              QStringLiteral("reuseDetections"),
                              QStringLiteral("apiHits"),
                              QStringLiteral("apiSuccesses"),
                              QStringLiteral("sent401"),
                              QStringLiteral("sent403"),
                              QStringLiteral("otherOriginHits"),
                              QStringLiteral("otherOriginAuthHeaders"),
                              QStringLiteral("authorizationRequests"),
                              QStringLiteral("codeGrants"),
                              QStringLiteral("devicePolls"),
                              QStringLiteral("deviceGrants"),
                              QStringLiteral("slowDowns"),
                              QStringLiteral("revocations"),
                              QStringLiteral("tlsHandshakes")};
        expected.sort();
        QCOMPARE(keys, expected);
        QCOMPARE(counters.json().value(QStringLiteral("tokenRequests")).toInt(), 3);
        QCOMPARE(counters.json().value(QStringLiteral("apiHits")).toInt(), 3);
        QCOMPARE(counters.json(), m_sandbox->counters().toJson());

        QCOMPARE(admin("GET", QStringLiteral("/admin/expire")).status, 405);
        QCOMPARE(admin("POST", QStringLiteral("/admin/counters/reset")).status, 200);
        QCOMPARE(m_sandbox->counters().toJson(), SandboxCounters().toJson());
    }

    void issuedSecrets_listsEveryAccessAndRefreshToken()
    {
        const QJsonObject login = passwordLogin().json();
        const QJsonObject rotated =
            refresh(login.value(QStringLiteral("refresh_token")).toString()).json();
        const QStringList secrets = m_sandbox->issuedSecrets();
        QCOMPARE(secrets.size(), 4);
        for (const QJsonObject &grant : {login, rotated}) {
            QVERIFY(secrets.contains(grant.value(QStringLiteral("access_token")).toString()));
            QVERIFY(secrets.contains(grant.value(QStringLiteral("refresh_token")).toString()));
        }
    }

    void concurrentGets_200Connections_allSucceed()
    {
        const QString access =
            passwordLogin().json().value(QStringLiteral("access_token")).toString();
        // QNetworkAccessManager opens at most 6 connections per host; 50 managers with 4
        // requests each put 200 connections on the listener at once.
        constexpr int managers = 50;
        constexpr int perManager = 4;
        std::vector<std::unique_ptr<QNetworkAccessManager>> clients;
        int finished = 0;
        int ok = 0;
        for (int m = 0; m < managers; ++m) {
            clients.push_back(std::make_unique<QNetworkAccessManager>());
            for (int r = 0; r < perManager; ++r) {
                QNetworkRequest request(m_sandbox->apiUrl(QStringLiteral("/api/items")));
                request.setRawHeader("Authorization", bearer(access));
                QNetworkReply *reply = clients.back()->get(request);
                connect(reply, &QNetworkReply::finished, this, [reply, &finished, &ok] {
                    ++finished;
                    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
                        ++ok;
                    reply->deleteLater();
                });
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(finished, managers * perManager, 30000);
        QCOMPARE(ok, managers * perManager);
        QCOMPARE(m_sandbox->counters().apiHits, managers * perManager);
    }

    void binary_printsReadyLineServesAndQuitsOnSignal_data()
    {
        QTest::addColumn<int>("signalNumber");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT (Ctrl-C)") << int(SIGINT);
    }
    void binary_printsReadyLineServesAndQuitsOnSignal()
    {
        QFETCH(int, signalNumber);
        const QString binary =
            qEnvironmentVariable("KEYWAY_BIN_DIR") + QStringLiteral("/keyway-sandbox");
        // ctest sets KEYWAY_BIN_DIR and builds keyway-sandbox first (add_dependencies).
        QVERIFY2(QFile::exists(binary), qPrintable(binary + QStringLiteral(" is missing")));
        QProcess process;
        process.start(binary,
                      {QStringLiteral("--lifetime"), QStringLiteral("60"),
                       QStringLiteral("--expired-status"), QStringLiteral("403")});
        QVERIFY(process.waitForStarted());
        const QRegularExpression ready(
            QStringLiteral("keyway-sandbox listening on (http://127\\.0\\.0\\.1:\\d+)\n"));
        QString output;
        QTRY_VERIFY_WITH_TIMEOUT((output += QString::fromUtf8(process.readAllStandardOutput()),
                                  ready.match(output).hasMatch()),
                                 15000);
        QVERIFY(output.contains(QStringLiteral("keyway-demo")));
        QVERIFY(output.contains(QStringLiteral("demo-password")));
        QVERIFY(output.contains(QStringLiteral("/oauth/token")));
        for (const char *expected : {"/oauth/authorize", "/oauth/device_authorization", "/device",
                                     "/oauth/revoke", "/.well-known/openid-configuration",
                                     "/.well-known/oauth-authorization-server", "keyway-public"})
            QVERIFY2(output.contains(QLatin1String(expected)), expected);
        const QUrl base(ready.match(output).captured(1));

        const Answer counters =
            exchange("GET", base.resolved(QUrl(QStringLiteral("/admin/counters"))));
        QCOMPARE(counters.status, 200);
        QVERIFY(counters.json().contains(QStringLiteral("apiHits")));

        QCOMPARE(::kill(pid_t(process.processId()), signalNumber), 0);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        // Left its event loop, rather than being ended by the signal's default action.
        QVERIFY(process.readAllStandardOutput().contains("keyway-sandbox stopped\n"));
    }

    void binary_badOptionExitsTwoSayingWhatIsAllowed_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("allowed");
        const auto row = [](const char *option, const char *value, const char *allowed) {
            QTest::newRow(option) << QString::fromLatin1(option) << QString::fromLatin1(value)
                                  << QString::fromLatin1(allowed);
        };
        row("--port", "70000", "a port number from 0 to 65535");
        row("--other-port", "-1", "a port number from 0 to 65535");
        row("--lifetime", "-1", "seconds from 0 to 31536000");
        row("--expired-status", "500", "401 or 403");
        row("--authorize", "maybe", "auto, form or deny");
        row("--device-interval", "soon", "seconds from 0 to 86400");
    }
    void binary_badOptionExitsTwoSayingWhatIsAllowed()
    {
        QFETCH(QString, option);
        QFETCH(QString, value);
        QFETCH(QString, allowed);
        QProcess process;
        process.start(qEnvironmentVariable("KEYWAY_BIN_DIR") + QStringLiteral("/keyway-sandbox"),
                      {option, value});
        QVERIFY(process.waitForFinished(15000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 2);
        QCOMPARE(QString::fromUtf8(process.readAllStandardError()).trimmed(),
                 QStringLiteral("keyway-sandbox: %1 is %2, not '%3'").arg(option, allowed, value));
        QVERIFY(process.readAllStandardOutput().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_Sandbox)
#include "tst_sandbox.moc"
