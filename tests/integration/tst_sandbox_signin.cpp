// The sandbox's sign-in flows over real loopback sockets, with a plain QNetworkAccessManager
// playing both the client and the browser (redirects are read, never followed): discovery,
// authorization code with PKCE, the device flow, id_tokens and JWT access tokens, revocation.
#include "rawhttp.h"
#include "sandbox/sandbox.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

#include <memory>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

const QString deviceGrantType = QStringLiteral("urn:ietf:params:oauth:grant-type:device_code");
const QString loopbackRedirect = QStringLiteral("http://127.0.0.1:49152/callback");

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray fromBase64Url(const QString &text)
{
    return QByteArray::fromBase64(text.toLatin1(),
                                  QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// RFC 7636 4.1 and 4.2, computed here independently of the sandbox.
struct Pkce
{
    QString verifier;
    QString challenge;

    static Pkce generate()
    {
        QByteArray random(32, Qt::Uninitialized);
        for (char &byte : random)
            byte = char(QRandomGenerator::global()->bounded(256));
        Pkce pkce;
        pkce.verifier = QString::fromLatin1(base64Url(random));
        pkce.challenge = QString::fromLatin1(base64Url(
            QCryptographicHash::hash(pkce.verifier.toLatin1(), QCryptographicHash::Sha256)));
        return pkce;
    }
};

// A compact JWS taken apart, its HS256 signature checked against `key`.
struct Jwt
{
    QByteArray rawHeader;
    QJsonObject header;
    QJsonObject claims;
    bool signatureValid = false;

    static Jwt decode(const QString &token, const QByteArray &key)
    {
        Jwt jwt;
        const QStringList parts = token.split(QLatin1Char('.'));
        if (parts.size() != 3)
            return jwt;
        jwt.rawHeader = fromBase64Url(parts.at(0));
        jwt.header = QJsonDocument::fromJson(jwt.rawHeader).object();
        jwt.claims = QJsonDocument::fromJson(fromBase64Url(parts.at(1))).object();
        const QByteArray signingInput = (parts.at(0) + QLatin1Char('.') + parts.at(1)).toLatin1();
        jwt.signatureValid =
            QMessageAuthenticationCode::hash(signingInput, key, QCryptographicHash::Sha256)
            == fromBase64Url(parts.at(2));
        return jwt;
    }
};

QString htmlUnescape(QString text)
{
    text.replace(QLatin1String("&quot;"), QLatin1String("\""));
    text.replace(QLatin1String("&lt;"), QLatin1String("<"));
    text.replace(QLatin1String("&gt;"), QLatin1String(">"));
    text.replace(QLatin1String("&amp;"), QLatin1String("&"));
    return text;
}

// What a browser would submit from a page's hidden inputs.
Fields hiddenFields(const QByteArray &html)
{
    static const QRegularExpression input(
        QStringLiteral("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">"));
    Fields fields;
    auto matches = input.globalMatch(QString::fromUtf8(html));
    while (matches.hasNext()) {
        const auto match = matches.next();
        fields.append({htmlUnescape(match.captured(1)), htmlUnescape(match.captured(2))});
    }
    return fields;
}

// How a client authenticates in the requests below.
enum class ClientKind { ConfidentialBasic, ConfidentialBody, Public };

} // namespace

class tst_SandboxSignin : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<QNetworkAccessManager> m_network;

    Answer exchange(const QByteArray &verb, const QUrl &url, const QByteArray &body = {},
                    const RawHeaders &headers = {})
    {
        return await(sendRaw(*m_network, verb, url, body, headers));
    }

    Answer admin(const QByteArray &verb, const QString &pathAndQuery)
    {
        return exchange(verb, m_sandbox->apiUrl(pathAndQuery));
    }

    QString clientId(ClientKind kind) const
    {
        return kind == ClientKind::Public ? m_sandbox->config().publicClientId
                                          : m_sandbox->config().clientId;
    }

    // A form POST from the given client to one of the sandbox's OAuth endpoints.
    Answer clientPost(const QUrl &url, Fields fields,
                      ClientKind kind = ClientKind::ConfidentialBasic)
    {
        RawHeaders headers {{"Content-Type", "application/x-www-form-urlencoded"}};
        switch (kind) {
        case ClientKind::ConfidentialBasic:
            headers.append(
                {"Authorization",
                 basicAuth(m_sandbox->config().clientId, m_sandbox->config().clientSecret)});
            break;
        case ClientKind::ConfidentialBody:
            fields.append({QStringLiteral("client_id"), m_sandbox->config().clientId});
            fields.append({QStringLiteral("client_secret"), m_sandbox->config().clientSecret});
            break;
        case ClientKind::Public:
            fields.append({QStringLiteral("client_id"), m_sandbox->config().publicClientId});
            break;
        }
        return exchange("POST", url, formEncode(fields), headers);
    }

    Answer tokenRequest(const Fields &fields, ClientKind kind = ClientKind::ConfidentialBasic)
    {
        return clientPost(m_sandbox->tokenUrl(), fields, kind);
    }

    Answer passwordLogin(const QString &scope = {})
    {
        Fields fields {{QStringLiteral("grant_type"), QStringLiteral("password")},
                       {QStringLiteral("username"), m_sandbox->config().username},
                       {QStringLiteral("password"), m_sandbox->config().password}};
        if (!scope.isEmpty())
            fields.append({QStringLiteral("scope"), scope});
        return tokenRequest(fields);
    }

    Answer refresh(const QString &refreshToken, ClientKind kind = ClientKind::ConfidentialBasic)
    {
        return tokenRequest({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                             {QStringLiteral("refresh_token"), refreshToken}},
                            kind);
    }

    Answer getItems(const QString &accessToken)
    {
        return exchange("GET", m_sandbox->apiUrl(QStringLiteral("/api/items")), {},
                        {{"Authorization", bearer(accessToken)}});
    }

    // The query of a typical authorization request; tests change or drop entries.
    Fields authorizeParameters(ClientKind kind, const Pkce &pkce, const QString &scope = {}) const
    {
        Fields fields {{QStringLiteral("response_type"), QStringLiteral("code")},
                       {QStringLiteral("client_id"), clientId(kind)},
                       {QStringLiteral("redirect_uri"), loopbackRedirect},
                       {QStringLiteral("state"), QStringLiteral("xyz-state")},
                       {QStringLiteral("code_challenge"), pkce.challenge},
                       {QStringLiteral("code_challenge_method"), QStringLiteral("S256")}};
        if (!scope.isEmpty())
            fields.append({QStringLiteral("scope"), scope});
        return fields;
    }

    // The browser's GET of the authorization URL.
    Answer authorize(const Fields &parameters)
    {
        QUrl url = m_sandbox->authorizeUrl();
        url.setQuery(QString::fromLatin1(formEncode(parameters)), QUrl::StrictMode);
        return exchange("GET", url);
    }

    Answer redeemCode(const QString &code, const QString &verifier, ClientKind kind,
                      const QString &redirectUri = loopbackRedirect)
    {
        return tokenRequest({{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                             {QStringLiteral("code"), code},
                             {QStringLiteral("redirect_uri"), redirectUri},
                             {QStringLiteral("code_verifier"), verifier}},
                            kind);
    }

    // Authorization and code exchange, verified step by step; returns the token answer.
    Answer signInWithCode(ClientKind kind, const QString &scope = {})
    {
        const Pkce pkce = Pkce::generate();
        const Answer redirect = authorize(authorizeParameters(kind, pkce, scope));
        if (redirect.status != 302 || !redirect.redirectHas("code"))
            return redirect;
        return redeemCode(redirect.redirectParameter("code"), pkce.verifier, kind);
    }

    Answer startDevice(ClientKind kind = ClientKind::Public, const QString &scope = {})
    {
        Fields fields;
        if (!scope.isEmpty())
            fields.append({QStringLiteral("scope"), scope});
        return clientPost(m_sandbox->deviceAuthorizationUrl(), fields, kind);
    }

    Answer pollDevice(const QString &deviceCode, ClientKind kind = ClientKind::Public)
    {
        return tokenRequest({{QStringLiteral("grant_type"), deviceGrantType},
                             {QStringLiteral("device_code"), deviceCode}},
                            kind);
    }

    Answer revoke(const QString &token, const QString &hint = {},
                  ClientKind kind = ClientKind::ConfidentialBasic)
    {
        Fields fields {{QStringLiteral("token"), token}};
        if (!hint.isEmpty())
            fields.append({QStringLiteral("token_type_hint"), hint});
        return clientPost(m_sandbox->revocationUrl(), fields, kind);
    }

private slots:
    void init()
    {
        m_network = std::make_unique<QNetworkAccessManager>();
        m_sandbox = std::make_unique<Sandbox>();
        QString error;
        QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    }

    void cleanup()
    {
        m_sandbox.reset();
        m_network.reset();
    }

    // --- Discovery (RFC 8414, OpenID Connect Discovery) ---

    void discovery_advertisesEveryEndpoint_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("openid-configuration")
            << QStringLiteral("/.well-known/openid-configuration");
        QTest::newRow("oauth-authorization-server")
            << QStringLiteral("/.well-known/oauth-authorization-server");
    }

    void discovery_advertisesEveryEndpoint()
    {
        QFETCH(QString, path);
        const Answer answer = admin("GET", path);
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.header("Content-Type").startsWith("application/json"));
        const QJsonObject doc = answer.json();
        const QString base = m_sandbox->baseUrl().toString();
        QVERIFY(!base.endsWith(QLatin1Char('/')));
        QCOMPARE(doc.value(QStringLiteral("issuer")).toString(), base);
        QCOMPARE(m_sandbox->issuer(), base);
        QCOMPARE(doc.value(QStringLiteral("authorization_endpoint")).toString(),
                 m_sandbox->authorizeUrl().toString());
        QCOMPARE(doc.value(QStringLiteral("token_endpoint")).toString(),
                 m_sandbox->tokenUrl().toString());
        QCOMPARE(doc.value(QStringLiteral("device_authorization_endpoint")).toString(),
                 m_sandbox->deviceAuthorizationUrl().toString());
        QCOMPARE(doc.value(QStringLiteral("revocation_endpoint")).toString(),
                 m_sandbox->revocationUrl().toString());
        QCOMPARE(m_sandbox->authorizeUrl().toString(), base + QStringLiteral("/oauth/authorize"));
        QCOMPARE(m_sandbox->deviceAuthorizationUrl().toString(),
                 base + QStringLiteral("/oauth/device_authorization"));
        QCOMPARE(m_sandbox->revocationUrl().toString(), base + QStringLiteral("/oauth/revoke"));

        const auto list = [&doc](const char *key) {
            QStringList values;
            for (const QJsonValue &value : doc.value(QString::fromLatin1(key)).toArray())
                values.append(value.toString());
            return values;
        };
        QCOMPARE(list("grant_types_supported"),
                 QStringList({QStringLiteral("authorization_code"), QStringLiteral("refresh_token"),
                              QStringLiteral("password"), QStringLiteral("client_credentials"),
                              deviceGrantType}));
        QCOMPARE(list("response_types_supported"), QStringList {QStringLiteral("code")});
        QCOMPARE(list("code_challenge_methods_supported"), QStringList {QStringLiteral("S256")});
        QCOMPARE(list("token_endpoint_auth_methods_supported"),
                 QStringList({QStringLiteral("client_secret_basic"),
                              QStringLiteral("client_secret_post"), QStringLiteral("none")}));
        QCOMPARE(list("scopes_supported"),
                 QStringList({QStringLiteral("openid"), QStringLiteral("profile"),
                              QStringLiteral("read"), QStringLiteral("write"),
                              QStringLiteral("admin")}));
    }

    void discovery_issuerOverride_isAdvertisedUntilCleared()
    {
        const QString elsewhere = QStringLiteral("https://login.example.com/tenant");
        QCOMPARE(admin("POST", QStringLiteral("/admin/config?issuer=") + elsewhere).status, 200);
        const QJsonObject overridden =
            admin("GET", QStringLiteral("/.well-known/openid-configuration")).json();
        QCOMPARE(overridden.value(QStringLiteral("issuer")).toString(), elsewhere);
        QCOMPARE(m_sandbox->issuer(), elsewhere);
        // Only the claim changes; the endpoints stay where the sandbox listens.
        QCOMPARE(overridden.value(QStringLiteral("token_endpoint")).toString(),
                 m_sandbox->tokenUrl().toString());

        QCOMPARE(admin("POST", QStringLiteral("/admin/config?issuer=")).status, 200);
        QCOMPARE(admin("GET", QStringLiteral("/.well-known/oauth-authorization-server"))
                     .json()
                     .value(QStringLiteral("issuer"))
                     .toString(),
                 m_sandbox->baseUrl().toString());

        m_sandbox->setIssuerOverride(elsewhere);
        QCOMPARE(admin("GET", QStringLiteral("/.well-known/openid-configuration"))
                     .json()
                     .value(QStringLiteral("issuer"))
                     .toString(),
                 elsewhere);
        m_sandbox->setIssuerOverride(QString());
        QCOMPARE(m_sandbox->issuer(), m_sandbox->baseUrl().toString());
        QCOMPARE(admin("POST", QStringLiteral("/admin/config?issuer=not%20a%20url")).status, 400);
    }

    // --- Authorization code with PKCE (RFC 6749 4.1, RFC 7636) ---

    void authorizationCode_withPkce_issuesWorkingTokens_data()
    {
        QTest::addColumn<ClientKind>("kind");
        QTest::addColumn<QString>("redirectUri");
        QTest::newRow("confidential, Basic") << ClientKind::ConfidentialBasic << loopbackRedirect;
        QTest::newRow("confidential, body")
            << ClientKind::ConfidentialBody << QStringLiteral("http://127.0.0.1:8123/");
        QTest::newRow("public, IPv4 loopback")
            << ClientKind::Public << QStringLiteral("http://127.0.0.1:61000/oauth/cb");
        QTest::newRow("public, IPv6 loopback, no port")
            << ClientKind::Public << QStringLiteral("http://[::1]/cb");
    }

    void authorizationCode_withPkce_issuesWorkingTokens()
    {
        QFETCH(ClientKind, kind);
        QFETCH(QString, redirectUri);
        const Pkce pkce = Pkce::generate();
        Fields parameters = authorizeParameters(kind, pkce, QStringLiteral("read write"));
        parameters[2].second = redirectUri;

        const Answer redirect = authorize(parameters);
        QCOMPARE(redirect.status, 302);
        const QUrl location = redirect.location();
        QCOMPARE(location.adjusted(QUrl::RemoveQuery), QUrl(redirectUri));
        QCOMPARE(redirect.redirectParameter("state"), QStringLiteral("xyz-state"));
        QVERIFY(!redirect.redirectHas("error"));
        const QString code = redirect.redirectParameter("code");
        QVERIFY(code.size() >= 40);

        const Answer tokens = redeemCode(code, pkce.verifier, kind, redirectUri);
        QCOMPARE(tokens.status, 200);
        QCOMPARE(tokens.header("Cache-Control"), QByteArray("no-store"));
        QCOMPARE(tokens.field("token_type"), QStringLiteral("Bearer"));
        QCOMPARE(tokens.field("scope"), QStringLiteral("read write"));
        QVERIFY(!tokens.field("refresh_token").isEmpty());
        QVERIFY(!tokens.json().contains(QStringLiteral("id_token")));
        QCOMPARE(getItems(tokens.field("access_token")).status, 200);
        QCOMPARE(refresh(tokens.field("refresh_token"), kind).status, 200);

        QCOMPARE(m_sandbox->counters().authorizationRequests, 1);
        QCOMPARE(m_sandbox->counters().codeGrants, 1);
        QCOMPARE(m_sandbox->counters().tokenRequests, 2);
    }

    void authorizationCode_redirectUriQuery_isKept()
    {
        const Pkce pkce = Pkce::generate();
        Fields parameters = authorizeParameters(ClientKind::Public, pkce);
        const QString redirectUri = QStringLiteral("http://127.0.0.1:5000/cb?session=a%2Bb");
        parameters[2].second = redirectUri;
        const Answer redirect = authorize(parameters);
        QCOMPARE(redirect.status, 302);
        QCOMPARE(redirect.redirectParameter("session"), QStringLiteral("a+b"));
        QVERIFY(redirect.redirectHas("code"));
        QCOMPARE(redeemCode(redirect.redirectParameter("code"), pkce.verifier, ClientKind::Public,
                            redirectUri)
                     .status,
                 200);
    }

    void authorizationCode_wrongVerifier_isInvalidGrant()
    {
        const Pkce pkce = Pkce::generate();
        const Answer redirect = authorize(authorizeParameters(ClientKind::Public, pkce));
        const Answer answer = redeemCode(redirect.redirectParameter("code"),
                                         Pkce::generate().verifier, ClientKind::Public);
        QCOMPARE(answer.status, 400);
        QCOMPARE(answer.error(), QStringLiteral("invalid_grant"));
        QCOMPARE(answer.field("error_description"), QStringLiteral("PKCE verification failed"));
        QVERIFY(m_sandbox->issuedSecrets().isEmpty());
    }

    void authorizationCode_missingVerifier_isInvalidGrant()
    {
        const Pkce pkce = Pkce::generate();
        const Answer redirect = authorize(authorizeParameters(ClientKind::ConfidentialBasic, pkce));
        const Answer answer =
            tokenRequest({{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                          {QStringLiteral("code"), redirect.redirectParameter("code")},
                          {QStringLiteral("redirect_uri"), loopbackRedirect}});
        QCOMPARE(answer.error(), QStringLiteral("invalid_grant"));
        QVERIFY(answer.field("error_description").startsWith(QLatin1String("PKCE")));
    }

    void authorizationCode_confidentialClientWithoutPkce_works()
    {
        Fields parameters = authorizeParameters(ClientKind::ConfidentialBasic, Pkce());
        parameters.removeLast(); // code_challenge_method
        parameters.removeLast(); // code_challenge
        const Answer redirect = authorize(parameters);
        QCOMPARE(redirect.status, 302);
        const QString code = redirect.redirectParameter("code");
        QVERIFY(!code.isEmpty());
        const Answer tokens =
            tokenRequest({{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                          {QStringLiteral("code"), code},
                          {QStringLiteral("redirect_uri"), loopbackRedirect}});
        QCOMPARE(tokens.status, 200);
    }

    void authorizationCode_reused_isRefusedAndRevokesItsTokens()
    {
        const Pkce pkce = Pkce::generate();
        const QString code =
            authorize(authorizeParameters(ClientKind::Public, pkce)).redirectParameter("code");
        const Answer first = redeemCode(code, pkce.verifier, ClientKind::Public);
        QCOMPARE(first.status, 200);
        const QString access = first.field("access_token");
        QCOMPARE(getItems(access).status, 200);

        const Answer second = redeemCode(code, pkce.verifier, ClientKind::Public);
        QCOMPARE(second.status, 400);
        QCOMPARE(second.error(), QStringLiteral("invalid_grant"));
        // RFC 6749 4.1.2: what the code bought is revoked with it.
        QCOMPARE(getItems(access).status, 401);
        QCOMPARE(refresh(first.field("refresh_token"), ClientKind::Public).error(),
                 QStringLiteral("invalid_grant"));
        QCOMPARE(m_sandbox->counters().codeGrants, 2);
    }

    void authorizationCode_redirectUriMismatch_isInvalidGrant()
    {
        const Pkce pkce = Pkce::generate();
        const QString code =
            authorize(authorizeParameters(ClientKind::Public, pkce)).redirectParameter("code");
        const Answer answer = redeemCode(code, pkce.verifier, ClientKind::Public,
                                         QStringLiteral("http://127.0.0.1:49153/callback"));
        QCOMPARE(answer.status, 400);
        QCOMPARE(answer.error(), QStringLiteral("invalid_grant"));
    }

    void authorizationCode_otherClientsCode_isInvalidGrant()
    {
        const Pkce pkce = Pkce::generate();
        const QString code =
            authorize(authorizeParameters(ClientKind::Public, pkce)).redirectParameter("code");
        QCOMPARE(redeemCode(code, pkce.verifier, ClientKind::ConfidentialBasic).error(),
                 QStringLiteral("invalid_grant"));
        // The rightful client can still use it.
        QCOMPARE(redeemCode(code, pkce.verifier, ClientKind::Public).status, 200);
    }

    void authorize_untrustedClientOrRedirect_showsPageWithoutRedirect_data()
    {
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<QString>("redirectUri");
        const QString client = QStringLiteral("keyway-public");
        QTest::newRow("unregistered host")
            << client << QStringLiteral("http://evil.example/callback");
        QTest::newRow("localhost is not a loopback literal")
            << client << QStringLiteral("http://localhost:49152/callback");
        QTest::newRow("https") << client << QStringLiteral("https://127.0.0.1:49152/callback");
        QTest::newRow("custom scheme") << client << QStringLiteral("com.example.app:/callback");
        QTest::newRow("fragment") << client << QStringLiteral("http://127.0.0.1:49152/cb#x");
        QTest::newRow("missing redirect_uri") << client << QString();
        QTest::newRow("unknown client") << QStringLiteral("nobody") << loopbackRedirect;
        QTest::newRow("missing client") << QString() << loopbackRedirect;
        QTest::newRow("unknown client with markup")
            << QStringLiteral("<script>alert(1)</script>") << loopbackRedirect;
    }

    void authorize_untrustedClientOrRedirect_showsPageWithoutRedirect()
    {
        QFETCH(QString, clientId);
        QFETCH(QString, redirectUri);
        Fields parameters {{QStringLiteral("response_type"), QStringLiteral("code")},
                           {QStringLiteral("state"), QStringLiteral("s")}};
        if (!clientId.isEmpty())
            parameters.append({QStringLiteral("client_id"), clientId});
        if (!redirectUri.isEmpty())
            parameters.append({QStringLiteral("redirect_uri"), redirectUri});
        parameters.append({QStringLiteral("code_challenge"), Pkce::generate().challenge});
        parameters.append({QStringLiteral("code_challenge_method"), QStringLiteral("S256")});

        const Answer answer = authorize(parameters);
        QCOMPARE(answer.status, 400);
        QVERIFY(answer.header("Location").isEmpty());
        QVERIFY(answer.header("Content-Type").startsWith("text/html"));
        QVERIFY(answer.body.contains("<html"));
        // Whatever was sent is escaped on the page.
        QVERIFY(!answer.body.contains("<script>"));
    }

    void authorize_stateIsEchoedVerbatim()
    {
        const QString state = QStringLiteral("a+b&c=d %/?é\"<");
        const Pkce pkce = Pkce::generate();
        Fields parameters = authorizeParameters(ClientKind::Public, pkce);
        parameters[3].second = state;
        const Answer success = authorize(parameters);
        QCOMPARE(success.redirectParameter("state"), state);

        parameters[0].second = QStringLiteral("token");
        const Answer failure = authorize(parameters);
        QCOMPARE(failure.redirectParameter("error"), QStringLiteral("unsupported_response_type"));
        QCOMPARE(failure.redirectParameter("state"), state);

        parameters.removeAt(3);
        QVERIFY(!authorize(parameters).redirectHas("state"));
    }

    void authorize_errorsGoBackByRedirect_data()
    {
        QTest::addColumn<ClientKind>("kind");
        QTest::addColumn<QString>("name"); // parameter to change; "-name" removes it
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("error");
        QTest::newRow("implicit grant asked for")
            << ClientKind::Public << QStringLiteral("response_type") << QStringLiteral("token")
            << QStringLiteral("unsupported_response_type");
        QTest::newRow("response_type missing")
            << ClientKind::Public << QStringLiteral("-response_type") << QString()
            << QStringLiteral("invalid_request");
        QTest::newRow("public client without PKCE")
            << ClientKind::Public << QStringLiteral("-code_challenge") << QString()
            << QStringLiteral("invalid_request");
        QTest::newRow("plain method")
            << ClientKind::Public << QStringLiteral("code_challenge_method")
            << QStringLiteral("plain") << QStringLiteral("invalid_request");
        QTest::newRow("method missing means plain")
            << ClientKind::ConfidentialBasic << QStringLiteral("-code_challenge_method")
            << QString() << QStringLiteral("invalid_request");
        QTest::newRow("malformed challenge")
            << ClientKind::ConfidentialBasic << QStringLiteral("code_challenge")
            << QStringLiteral("short") << QStringLiteral("invalid_request");
        QTest::newRow("unknown scope")
            << ClientKind::Public << QStringLiteral("scope")
            << QStringLiteral("read launch-missiles") << QStringLiteral("invalid_scope");
    }

    void authorize_errorsGoBackByRedirect()
    {
        QFETCH(ClientKind, kind);
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QString, error);
        Fields parameters = authorizeParameters(kind, Pkce::generate());
        if (name.startsWith(QLatin1Char('-'))) {
            const QString removed = name.mid(1);
            parameters.removeIf([&removed](const auto &field) { return field.first == removed; });
        } else {
            parameters.removeIf([&name](const auto &field) { return field.first == name; });
            parameters.append({name, value});
        }
        const Answer answer = authorize(parameters);
        QCOMPARE(answer.status, 302);
        QCOMPARE(answer.location().adjusted(QUrl::RemoveQuery), QUrl(loopbackRedirect));
        QCOMPARE(answer.redirectParameter("error"), error);
        QVERIFY(!answer.redirectParameter("error_description").isEmpty());
        QCOMPARE(answer.redirectParameter("state"), QStringLiteral("xyz-state"));
        QVERIFY(!answer.redirectHas("code"));
    }

    void authorize_denyMode_redirectsAccessDenied()
    {
        QCOMPARE(admin("POST", QStringLiteral("/admin/config?authorize=deny")).status, 200);
        QCOMPARE(m_sandbox->config().authorizeMode, AuthorizeMode::Deny);
        const Answer answer = authorize(authorizeParameters(ClientKind::Public, Pkce::generate()));
        QCOMPARE(answer.status, 302);
        QCOMPARE(answer.redirectParameter("error"), QStringLiteral("access_denied"));
        QCOMPARE(answer.redirectParameter("state"), QStringLiteral("xyz-state"));
        QCOMPARE(admin("POST", QStringLiteral("/admin/config?authorize=maybe")).status, 400);
        QCOMPARE(m_sandbox->counters().authorizationRequests, 1);

        m_sandbox->setAuthorizeMode(AuthorizeMode::Auto);
        QVERIFY(authorize(authorizeParameters(ClientKind::Public, Pkce::generate()))
                    .redirectHas("code"));
    }

    void authorize_extraParameters_areAccepted()
    {
        Fields parameters = authorizeParameters(ClientKind::Public, Pkce::generate());
        parameters.append({QStringLiteral("audience"), QStringLiteral("https://api.example")});
        parameters.append({QStringLiteral("resource"), QStringLiteral("https://api.example/v1")});
        parameters.append({QStringLiteral("prompt"), QStringLiteral("consent")});
        parameters.append({QStringLiteral("x-custom"), QStringLiteral("1")});
        QVERIFY(authorize(parameters).redirectHas("code"));
    }

    void authorize_formEncodedScope_plusMeansSpace()
    {
        const Pkce pkce = Pkce::generate();
        QUrl url = m_sandbox->authorizeUrl();
        url.setQuery(QStringLiteral("response_type=code&client_id=keyway-public&redirect_uri=")
                         + QString::fromLatin1(QUrl::toPercentEncoding(loopbackRedirect))
                         + QStringLiteral("&scope=openid+read&code_challenge=") + pkce.challenge
                         + QStringLiteral("&code_challenge_method=S256"),
                     QUrl::StrictMode);
        const Answer redirect = exchange("GET", url);
        QCOMPARE(redirect.status, 302);
        const Answer tokens =
            redeemCode(redirect.redirectParameter("code"), pkce.verifier, ClientKind::Public);
        QCOMPARE(tokens.field("scope"), QStringLiteral("openid read"));
    }

    void authorize_formMode_signInWithApprove_redirectsWithCode()
    {
        m_sandbox->setAuthorizeMode(AuthorizeMode::Form);
        const Pkce pkce = Pkce::generate();
        const Answer page = authorize(authorizeParameters(ClientKind::Public, pkce));
        QCOMPARE(page.status, 200);
        QVERIFY(page.header("Content-Type").startsWith("text/html"));
        QVERIFY(page.body.contains("action=\"/oauth/authorize\""));
        QVERIFY(page.body.contains("name=\"username\""));
        QVERIFY(page.body.contains("name=\"password\""));
        QVERIFY(page.body.contains("value=\"approve\""));
        QVERIFY(page.body.contains("value=\"deny\""));
        const Fields hidden = hiddenFields(page.body);
        QVERIFY(hidden.contains({QStringLiteral("state"), QStringLiteral("xyz-state")}));
        QVERIFY(hidden.contains({QStringLiteral("code_challenge"), pkce.challenge}));

        const RawHeaders formHeaders {{"Content-Type", "application/x-www-form-urlencoded"}};
        Fields wrong = hidden;
        wrong.append({QStringLiteral("username"), QStringLiteral("demo")});
        wrong.append({QStringLiteral("password"), QStringLiteral("guess")});
        wrong.append({QStringLiteral("decision"), QStringLiteral("approve")});
        const Answer retry =
            exchange("POST", m_sandbox->authorizeUrl(), formEncode(wrong), formHeaders);
        QCOMPARE(retry.status, 200);
        QVERIFY(retry.header("Location").isEmpty());
        QVERIFY(retry.body.contains("Wrong username or password"));
        QCOMPARE(hiddenFields(retry.body), hidden);

        Fields approve = hidden;
        approve.append({QStringLiteral("username"), m_sandbox->config().username});
        approve.append({QStringLiteral("password"), m_sandbox->config().password});
        approve.append({QStringLiteral("decision"), QStringLiteral("approve")});
        const Answer redirect =
            exchange("POST", m_sandbox->authorizeUrl(), formEncode(approve), formHeaders);
        QCOMPARE(redirect.status, 302);
        QCOMPARE(redirect.location().adjusted(QUrl::RemoveQuery), QUrl(loopbackRedirect));
        QCOMPARE(redirect.redirectParameter("state"), QStringLiteral("xyz-state"));
        QCOMPARE(redeemCode(redirect.redirectParameter("code"), pkce.verifier, ClientKind::Public)
                     .status,
                 200);
        QCOMPARE(m_sandbox->counters().authorizationRequests, 1);
    }

    void authorize_formMode_deny_redirectsAccessDenied()
    {
        QCOMPARE(admin("POST", QStringLiteral("/admin/config?authorize=form")).status, 200);
        const Answer page = authorize(authorizeParameters(ClientKind::Public, Pkce::generate()));
        QCOMPARE(page.status, 200);
        Fields deny = hiddenFields(page.body);
        deny.append({QStringLiteral("decision"), QStringLiteral("deny")});
        const Answer redirect = exchange("POST", m_sandbox->authorizeUrl(), formEncode(deny),
                                         {{"Content-Type", "application/x-www-form-urlencoded"}});
        QCOMPARE(redirect.status, 302);
        QCOMPARE(redirect.redirectParameter("error"), QStringLiteral("access_denied"));
        QCOMPARE(redirect.redirectParameter("state"), QStringLiteral("xyz-state"));
        QVERIFY(!redirect.redirectHas("code"));
    }

    // --- Device authorization grant (RFC 8628) ---

    void deviceAuthorization_returnsCodesAndVerificationUris_data()
    {
        QTest::addColumn<ClientKind>("kind");
        QTest::newRow("public") << ClientKind::Public;
        QTest::newRow("confidential") << ClientKind::ConfidentialBasic;
    }

    void deviceAuthorization_returnsCodesAndVerificationUris()
    {
        QFETCH(ClientKind, kind);
        const Answer answer = startDevice(kind);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.header("Cache-Control"), QByteArray("no-store"));
        const QJsonObject json = answer.json();
        QVERIFY(json.value(QStringLiteral("device_code")).toString().size() >= 40);
        const QString userCode = json.value(QStringLiteral("user_code")).toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^[BCDFGHJKLMNPQRSTVWXZ]{4}-"
                                                   "[BCDFGHJKLMNPQRSTVWXZ]{4}$"))
                     .match(userCode)
                     .hasMatch(),
                 qPrintable(userCode));
        const QString verification = m_sandbox->baseUrl().toString() + QStringLiteral("/device");
        QCOMPARE(json.value(QStringLiteral("verification_uri")).toString(), verification);
        const QUrl complete(json.value(QStringLiteral("verification_uri_complete")).toString());
        QCOMPARE(complete.adjusted(QUrl::RemoveQuery).toString(), verification);
        QCOMPARE(QUrlQuery(complete).queryItemValue(QStringLiteral("user_code")), userCode);
        QCOMPARE(json.value(QStringLiteral("expires_in")).toInt(), 600);
        QCOMPARE(json.value(QStringLiteral("interval")).toInt(), 5);

        QCOMPARE(startDevice(ClientKind::Public, QStringLiteral("read nonsense")).error(),
                 QStringLiteral("invalid_scope"));
        const Answer anonymous = exchange("POST", m_sandbox->deviceAuthorizationUrl(), QByteArray(),
                                          {{"Content-Type", "application/x-www-form-urlencoded"}});
        QCOMPARE(anonymous.status, 401);
        QCOMPARE(anonymous.error(), QStringLiteral("invalid_client"));
    }

    void devicePoll_pendingUntilApprovedByAdmin_thenTokensOnce()
    {
        m_sandbox->setDeviceInterval(0);
        const QJsonObject device = startDevice(ClientKind::Public, QStringLiteral("read")).json();
        const QString deviceCode = device.value(QStringLiteral("device_code")).toString();
        const QString userCode = device.value(QStringLiteral("user_code")).toString();

        for (int i = 0; i < 3; ++i) {
            const Answer pending = pollDevice(deviceCode);
            QCOMPARE(pending.status, 400);
            QCOMPARE(pending.error(), QStringLiteral("authorization_pending"));
        }
        const Answer approved =
            admin("POST", QStringLiteral("/admin/device/approve?user_code=") + userCode);
        QCOMPARE(approved.status, 200);

        const Answer tokens = pollDevice(deviceCode);
        QCOMPARE(tokens.status, 200);
        QCOMPARE(tokens.field("scope"), QStringLiteral("read"));
        QVERIFY(!tokens.field("refresh_token").isEmpty());
        QCOMPARE(getItems(tokens.field("access_token")).status, 200);
        QCOMPARE(refresh(tokens.field("refresh_token"), ClientKind::Public).status, 200);

        QCOMPARE(pollDevice(deviceCode).error(), QStringLiteral("invalid_grant"));
        QCOMPARE(pollDevice(QStringLiteral("no-such-code")).error(),
                 QStringLiteral("invalid_grant"));
        QCOMPARE(pollDevice(deviceCode, ClientKind::ConfidentialBasic).error(),
                 QStringLiteral("invalid_grant"));
        QCOMPARE(m_sandbox->counters().devicePolls, 7);
        QCOMPARE(m_sandbox->counters().deviceGrants, 1);
        QCOMPARE(m_sandbox->counters().slowDowns, 0);
        // Approving twice is not possible: the code is no longer pending.
        QCOMPARE(
            admin("POST", QStringLiteral("/admin/device/approve?user_code=") + userCode).status,
            404);
        QVERIFY(!m_sandbox->approveDeviceCode(userCode));
    }

    void deviceApproval_throughThePage_signsTheDeviceIn()
    {
        m_sandbox->setDeviceInterval(0);
        const QJsonObject device = startDevice().json();
        const QString userCode = device.value(QStringLiteral("user_code")).toString();
        const QUrl complete(device.value(QStringLiteral("verification_uri_complete")).toString());

        const Answer page = exchange("GET", complete);
        QCOMPARE(page.status, 200);
        QVERIFY(page.header("Content-Type").startsWith("text/html"));
        QVERIFY(page.body.contains(userCode.toUtf8()));
        QVERIFY(page.body.contains("action=\"/device\""));
        QVERIFY(page.body.contains("value=\"approve\""));
        QVERIFY(page.body.contains("value=\"deny\""));
        QCOMPARE(exchange("GET", QUrl(device.value(QStringLiteral("verification_uri")).toString()))
                     .status,
                 200);

        // RFC 8628 6.1: what a person types is compared without case or dashes.
        const QString typed = userCode.toLower().remove(QLatin1Char('-'));
        const Answer decided =
            exchange("POST", complete.adjusted(QUrl::RemoveQuery),
                     formEncode({{QStringLiteral("user_code"), typed},
                                 {QStringLiteral("decision"), QStringLiteral("approve")}}),
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
        QCOMPARE(decided.status, 200);
        QVERIFY(decided.header("Content-Type").startsWith("text/html"));

        const Answer tokens = pollDevice(device.value(QStringLiteral("device_code")).toString());
        QCOMPARE(tokens.status, 200);
        QCOMPARE(m_sandbox->counters().deviceGrants, 1);
        QCOMPARE(exchange("GET", complete).status, 404);
    }

    void deviceDenial_isAccessDenied_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("page") << QStringLiteral("page");
        QTest::newRow("admin route") << QStringLiteral("admin");
        QTest::newRow("C++") << QStringLiteral("api");
    }

    void deviceDenial_isAccessDenied()
    {
        QFETCH(QString, how);
        m_sandbox->setDeviceInterval(0);
        const QJsonObject device = startDevice().json();
        const QString userCode = device.value(QStringLiteral("user_code")).toString();
        if (how == QLatin1String("page")) {
            const Answer page =
                exchange("POST", m_sandbox->apiUrl(QStringLiteral("/device")),
                         formEncode({{QStringLiteral("user_code"), userCode},
                                     {QStringLiteral("decision"), QStringLiteral("deny")}}),
                         {{"Content-Type", "application/x-www-form-urlencoded"}});
            QCOMPARE(page.status, 200);
        } else if (how == QLatin1String("admin")) {
            QCOMPARE(
                admin("POST", QStringLiteral("/admin/device/deny?user_code=") + userCode).status,
                200);
        } else {
            QVERIFY(m_sandbox->denyDeviceCode(userCode));
        }
        const Answer answer = pollDevice(device.value(QStringLiteral("device_code")).toString());
        QCOMPARE(answer.status, 400);
        QCOMPARE(answer.error(), QStringLiteral("access_denied"));
        QVERIFY(m_sandbox->issuedSecrets().isEmpty());
    }

    void deviceExpiry_isExpiredToken()
    {
        m_sandbox->setDeviceInterval(0);
        const QJsonObject viaAdmin = startDevice().json();
        QCOMPARE(admin("POST",
                       QStringLiteral("/admin/device/expire?user_code=")
                           + viaAdmin.value(QStringLiteral("user_code")).toString())
                     .status,
                 200);
        QCOMPARE(pollDevice(viaAdmin.value(QStringLiteral("device_code")).toString()).error(),
                 QStringLiteral("expired_token"));
        // An expired code can no longer be approved.
        QVERIFY(
            !m_sandbox->approveDeviceCode(viaAdmin.value(QStringLiteral("user_code")).toString()));

        const QJsonObject viaApi = startDevice().json();
        QVERIFY(m_sandbox->expireDeviceCode(viaApi.value(QStringLiteral("user_code")).toString()));
        QCOMPARE(pollDevice(viaApi.value(QStringLiteral("device_code")).toString()).error(),
                 QStringLiteral("expired_token"));
        QCOMPARE(admin("POST", QStringLiteral("/admin/device/expire?user_code=BCDF-GHJK")).status,
                 404);
    }

    void deviceConfig_expiresInAndIntervalAreAdvertised()
    {
        const Answer config =
            admin("POST", QStringLiteral("/admin/config?device_interval=2&device_expires_in=30"));
        QCOMPARE(config.status, 200);
        QCOMPARE(config.json().value(QStringLiteral("device_interval")).toInt(), 2);
        const QJsonObject device = startDevice().json();
        QCOMPARE(device.value(QStringLiteral("interval")).toInt(), 2);
        QCOMPARE(device.value(QStringLiteral("expires_in")).toInt(), 30);
        QCOMPARE(admin("POST", QStringLiteral("/admin/config?device_interval=-1")).status, 400);
        QCOMPARE(admin("POST", QStringLiteral("/admin/config?device_expires_in=0")).status, 400);
    }

    void devicePoll_tooFast_slowDownAddsFiveSeconds()
    {
        QCOMPARE(admin("POST", QStringLiteral("/admin/config?device_interval=1")).status, 200);
        const QString hurried =
            startDevice().json().value(QStringLiteral("device_code")).toString();
        const QString patient =
            startDevice().json().value(QStringLiteral("device_code")).toString();

        // The first poll has no previous one to be too close to.
        QCOMPARE(pollDevice(hurried).error(), QStringLiteral("authorization_pending"));
        QCOMPARE(pollDevice(patient).error(), QStringLiteral("authorization_pending"));
        const Answer slowDown = pollDevice(hurried);
        QCOMPARE(slowDown.status, 400);
        QCOMPARE(slowDown.error(), QStringLiteral("slow_down"));

        // One real interval: enough for a device that kept to 1 s, not for one now held to 6 s.
        QTest::qWait(1200);
        QCOMPARE(pollDevice(patient).error(), QStringLiteral("authorization_pending"));
        QCOMPARE(pollDevice(hurried).error(), QStringLiteral("slow_down"));
        QCOMPARE(m_sandbox->counters().slowDowns, 2);
        QCOMPARE(m_sandbox->counters().devicePolls, 5);
    }

    // --- id_token and JWT access tokens ---

    void idToken_forOpenidScope_isSignedWithSandboxKey_data()
    {
        QTest::addColumn<ClientKind>("kind");
        QTest::newRow("confidential") << ClientKind::ConfidentialBasic;
        QTest::newRow("public") << ClientKind::Public;
    }

    void idToken_forOpenidScope_isSignedWithSandboxKey()
    {
        QFETCH(ClientKind, kind);
        const Pkce pkce = Pkce::generate();
        Fields parameters = authorizeParameters(kind, pkce, QStringLiteral("openid profile read"));
        parameters.append({QStringLiteral("nonce"), QStringLiteral("n-0S6_WzA2Mj")});
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        const Answer tokens =
            redeemCode(authorize(parameters).redirectParameter("code"), pkce.verifier, kind);
        QCOMPARE(tokens.status, 200);
        const QString idToken = tokens.field("id_token");
        QVERIFY(!idToken.isEmpty());

        const Jwt jwt = Jwt::decode(idToken, m_sandbox->jwtSigningKey());
        QCOMPARE(jwt.rawHeader, QByteArray("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
        QVERIFY(jwt.signatureValid);
        QVERIFY(!Jwt::decode(idToken, QByteArrayLiteral("another key")).signatureValid);
        QCOMPARE(jwt.claims.value(QStringLiteral("iss")).toString(), m_sandbox->issuer());
        QCOMPARE(jwt.claims.value(QStringLiteral("sub")).toString(), QStringLiteral("demo"));
        QCOMPARE(jwt.claims.value(QStringLiteral("aud")).toString(), clientId(kind));
        QCOMPARE(jwt.claims.value(QStringLiteral("name")).toString(), QStringLiteral("Demo User"));
        QCOMPARE(jwt.claims.value(QStringLiteral("nonce")).toString(),
                 QStringLiteral("n-0S6_WzA2Mj"));
        const qint64 iat = jwt.claims.value(QStringLiteral("iat")).toInteger();
        QVERIFY(iat >= before && iat <= QDateTime::currentSecsSinceEpoch());
        QVERIFY(jwt.claims.value(QStringLiteral("exp")).toInteger() > iat);

        // A refresh of an openid grant answers with a fresh id_token as well.
        const Answer refreshed = refresh(tokens.field("refresh_token"), kind);
        QVERIFY(
            Jwt::decode(refreshed.field("id_token"), m_sandbox->jwtSigningKey()).signatureValid);
    }

    void idToken_followsTheIssuerAndOnlyComesWithOpenid()
    {
        QVERIFY(!passwordLogin(QStringLiteral("read")).json().contains(QStringLiteral("id_token")));
        QCOMPARE(tokenRequest({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                               {QStringLiteral("scope"), QStringLiteral("openid")}})
                     .error(),
                 QStringLiteral("invalid_scope"));

        m_sandbox->setIssuerOverride(QStringLiteral("https://issuer.example"));
        const Jwt jwt = Jwt::decode(passwordLogin(QStringLiteral("openid")).field("id_token"),
                                    m_sandbox->jwtSigningKey());
        QVERIFY(jwt.signatureValid);
        QCOMPARE(jwt.claims.value(QStringLiteral("iss")).toString(),
                 QStringLiteral("https://issuer.example"));
        QCOMPARE(jwt.claims.value(QStringLiteral("aud")).toString(), m_sandbox->config().clientId);
        QVERIFY(!jwt.claims.contains(QStringLiteral("nonce")));

        m_sandbox->setDeviceInterval(0);
        const QJsonObject device = startDevice(ClientKind::Public, QStringLiteral("openid")).json();
        QVERIFY(m_sandbox->approveDeviceCode(device.value(QStringLiteral("user_code")).toString()));
        const Answer deviceTokens =
            pollDevice(device.value(QStringLiteral("device_code")).toString());
        QCOMPARE(Jwt::decode(deviceTokens.field("id_token"), m_sandbox->jwtSigningKey())
                     .claims.value(QStringLiteral("aud"))
                     .toString(),
                 m_sandbox->config().publicClientId);
    }

    void jwtAccessTokens_whenSwitchedOn_areSignedJwtsTheApiAccepts()
    {
        const QString opaque = passwordLogin().field("access_token");
        QCOMPARE(opaque.count(QLatin1Char('.')), 0);

        const Answer config = admin("POST", QStringLiteral("/admin/config?jwt_access_tokens=1"));
        QCOMPARE(config.json().value(QStringLiteral("jwt_access_tokens")).toBool(), true);
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        const Answer login = passwordLogin(QStringLiteral("read admin"));
        const Jwt jwt = Jwt::decode(login.field("access_token"), m_sandbox->jwtSigningKey());
        QVERIFY(jwt.signatureValid);
        QCOMPARE(jwt.header.value(QStringLiteral("alg")).toString(), QStringLiteral("HS256"));
        QCOMPARE(jwt.claims.value(QStringLiteral("iss")).toString(), m_sandbox->issuer());
        QCOMPARE(jwt.claims.value(QStringLiteral("sub")).toString(), QStringLiteral("demo"));
        QCOMPARE(jwt.claims.value(QStringLiteral("aud")).toString(), m_sandbox->config().clientId);
        QCOMPARE(jwt.claims.value(QStringLiteral("scope")).toString(),
                 QStringLiteral("read admin"));
        const qint64 iat = jwt.claims.value(QStringLiteral("iat")).toInteger();
        QVERIFY(iat >= before);
        QCOMPARE(jwt.claims.value(QStringLiteral("exp")).toInteger(), iat + 3600);
        QVERIFY(!jwt.claims.value(QStringLiteral("jti")).toString().isEmpty());
        QCOMPARE(getItems(login.field("access_token")).status, 200);

        // Refreshed tokens are JWTs too, each with its own jti.
        const QString refreshed = refresh(login.field("refresh_token")).field("access_token");
        const Jwt second = Jwt::decode(refreshed, m_sandbox->jwtSigningKey());
        QVERIFY(second.signatureValid);
        QVERIFY(second.claims.value(QStringLiteral("jti"))
                != jwt.claims.value(QStringLiteral("jti")));

        const Answer audience =
            tokenRequest({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                          {QStringLiteral("audience"), QStringLiteral("https://api.example")}});
        const Jwt machine = Jwt::decode(audience.field("access_token"), m_sandbox->jwtSigningKey());
        QCOMPARE(machine.claims.value(QStringLiteral("aud")).toString(),
                 QStringLiteral("https://api.example"));
        QCOMPARE(machine.claims.value(QStringLiteral("sub")).toString(),
                 m_sandbox->config().clientId);

        m_sandbox->setJwtAccessTokens(false);
        QCOMPARE(passwordLogin().field("access_token").count(QLatin1Char('.')), 0);
    }

    // --- Revocation (RFC 7009) ---

    void revoke_refreshToken_revokesItsWholeFamily_data()
    {
        QTest::addColumn<QString>("hint");
        QTest::newRow("no hint") << QString();
        QTest::newRow("right hint") << QStringLiteral("refresh_token");
        QTest::newRow("wrong hint") << QStringLiteral("access_token");
    }

    void revoke_refreshToken_revokesItsWholeFamily()
    {
        QFETCH(QString, hint);
        const Answer login = passwordLogin();
        const Answer rotated = refresh(login.field("refresh_token"));
        const QString access = rotated.field("access_token");
        const QString refreshToken = rotated.field("refresh_token");
        const Answer other = passwordLogin();
        QCOMPARE(getItems(access).status, 200);

        const Answer answer = revoke(refreshToken, hint);
        QCOMPARE(answer.status, 200);
        QCOMPARE(m_sandbox->counters().revocations, 1);
        const Answer rejected = getItems(access);
        QCOMPARE(rejected.status, 401);
        QVERIFY(rejected.header("WWW-Authenticate").contains("error=\"invalid_token\""));
        QCOMPARE(getItems(login.field("access_token")).status, 401);
        QCOMPARE(refresh(refreshToken).error(), QStringLiteral("invalid_grant"));
        // Another login's family is untouched.
        QCOMPARE(getItems(other.field("access_token")).status, 200);

        // Revoking again changes nothing and is still fine.
        QCOMPARE(revoke(refreshToken, hint).status, 200);
        QCOMPARE(m_sandbox->counters().revocations, 1);
    }

    void revoke_accessToken_revokesOnlyThatToken()
    {
        const Answer login = passwordLogin();
        QCOMPARE(revoke(login.field("access_token"), QStringLiteral("access_token")).status, 200);
        QCOMPARE(getItems(login.field("access_token")).status, 401);
        const Answer refreshed = refresh(login.field("refresh_token"));
        QCOMPARE(refreshed.status, 200);
        QCOMPARE(getItems(refreshed.field("access_token")).status, 200);
        QCOMPARE(m_sandbox->counters().revocations, 1);
    }

    void revoke_unknownOrForeignToken_is200AndRevokesNothing()
    {
        QCOMPARE(revoke(QStringLiteral("never-issued")).status, 200);
        const Answer login = passwordLogin();
        QCOMPARE(revoke(login.field("refresh_token"), {}, ClientKind::Public).status, 200);
        QCOMPARE(getItems(login.field("access_token")).status, 200);
        QCOMPARE(m_sandbox->counters().revocations, 0);
    }

    void revoke_publicClient_byClientIdAlone()
    {
        const Answer tokens = signInWithCode(ClientKind::Public);
        QCOMPARE(tokens.status, 200);
        QCOMPARE(revoke(tokens.field("refresh_token"), {}, ClientKind::Public).status, 200);
        QCOMPARE(getItems(tokens.field("access_token")).status, 401);
        QCOMPARE(m_sandbox->counters().revocations, 1);
    }

    void revoke_badRequests_areRefused()
    {
        const Answer anonymous =
            exchange("POST", m_sandbox->revocationUrl(),
                     formEncode({{QStringLiteral("token"), QStringLiteral("x")}}),
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
        QCOMPARE(anonymous.status, 401);
        QCOMPARE(anonymous.error(), QStringLiteral("invalid_client"));
        QCOMPARE(revoke(QString()).error(), QStringLiteral("invalid_request"));
        QCOMPARE(exchange("GET", m_sandbox->revocationUrl()).status, 405);
    }

    void revokeFault_answers503ForTheNextRequestsOnly()
    {
        const Answer login = passwordLogin();
        const Answer set = admin("POST", QStringLiteral("/admin/fault?revoke=503&times=2"));
        QCOMPARE(set.status, 200);
        QCOMPARE(set.json().value(QStringLiteral("revoke")).toInt(), 503);
        for (int i = 0; i < 2; ++i) {
            const Answer failed = revoke(login.field("refresh_token"));
            QCOMPARE(failed.status, 503);
            QCOMPARE(failed.header("Retry-After"), QByteArray("1"));
            QCOMPARE(failed.error(), QStringLiteral("temporarily_unavailable"));
            QCOMPARE(getItems(login.field("access_token")).status, 200);
        }
        QCOMPARE(revoke(login.field("refresh_token")).status, 200);
        QCOMPARE(getItems(login.field("access_token")).status, 401);
        QCOMPARE(m_sandbox->counters().revocations, 1);

        m_sandbox->setRevocationFault(500);
        QCOMPARE(revoke(QStringLiteral("x")).status, 500);
        QCOMPARE(revoke(QStringLiteral("x")).status, 500);
        m_sandbox->setRevocationFault(0);
        QCOMPARE(revoke(QStringLiteral("x")).status, 200);
        QCOMPARE(admin("POST", QStringLiteral("/admin/fault?revoke=200")).status, 400);
    }

    // --- Clients, redaction, counters ---

    void publicClient_rules()
    {
        const Answer machine =
            tokenRequest({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}},
                         ClientKind::Public);
        QCOMPARE(machine.status, 400);
        QCOMPARE(machine.error(), QStringLiteral("unauthorized_client"));

        const Answer withSecret =
            exchange("POST", m_sandbox->tokenUrl(),
                     formEncode({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                 {QStringLiteral("refresh_token"), QStringLiteral("x")},
                                 {QStringLiteral("client_id"), QStringLiteral("keyway-public")},
                                 {QStringLiteral("client_secret"), QStringLiteral("guess")}}),
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
        QCOMPARE(withSecret.status, 401);
        QCOMPARE(withSecret.error(), QStringLiteral("invalid_client"));

        // The confidential client cannot pass as public by leaving out its secret.
        const Answer noSecret = exchange(
            "POST", m_sandbox->tokenUrl(),
            formEncode({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                        {QStringLiteral("client_id"), QStringLiteral("keyway-demo")}}),
            {{"Content-Type", "application/x-www-form-urlencoded"}});
        QCOMPARE(noSecret.status, 401);

        // Basic with an empty password is the public client too.
        const Answer basicPublic =
            exchange("POST", m_sandbox->deviceAuthorizationUrl(), QByteArray(),
                     {{"Content-Type", "application/x-www-form-urlencoded"},
                      {"Authorization", basicAuth(QStringLiteral("keyway-public"), QString())}});
        QCOMPARE(basicPublic.status, 200);
    }

    void lastTokenRequest_showsEveryFieldWithSecretsRedacted()
    {
        QCOMPARE(admin("GET", QStringLiteral("/admin/last-token-request")).json(), QJsonObject());
        const Answer login =
            tokenRequest({{QStringLiteral("grant_type"), QStringLiteral("password")},
                          {QStringLiteral("username"), QStringLiteral("demo")},
                          {QStringLiteral("password"), QStringLiteral("demo-password")},
                          {QStringLiteral("audience"), QStringLiteral("https://api.example")},
                          {QStringLiteral("resource"), QStringLiteral("https://api.example/v1")},
                          {QStringLiteral("x-tenant"), QStringLiteral("acme")}},
                         ClientKind::ConfidentialBody);
        QCOMPARE(login.status, 200);
        const QJsonObject expected {
            {QStringLiteral("grant_type"), QStringLiteral("password")},
            {QStringLiteral("username"), QStringLiteral("demo")},
            {QStringLiteral("password"), QStringLiteral("***")},
            {QStringLiteral("audience"), QStringLiteral("https://api.example")},
            {QStringLiteral("resource"), QStringLiteral("https://api.example/v1")},
            {QStringLiteral("x-tenant"), QStringLiteral("acme")},
            {QStringLiteral("client_id"), QStringLiteral("keyway-demo")},
            {QStringLiteral("client_secret"), QStringLiteral("***")}};
        const Answer recorded = admin("GET", QStringLiteral("/admin/last-token-request"));
        QCOMPARE(recorded.status, 200);
        QCOMPARE(recorded.json(), expected);
        QCOMPARE(m_sandbox->lastTokenRequest(), expected);
        QVERIFY(!recorded.body.contains("demo-password"));
        QVERIFY(!recorded.body.contains("demo-secret"));

        refresh(login.field("refresh_token"));
        QCOMPARE(m_sandbox->lastTokenRequest().value(QStringLiteral("refresh_token")).toString(),
                 QStringLiteral("***"));

        const Pkce pkce = Pkce::generate();
        const QString code =
            authorize(authorizeParameters(ClientKind::Public, pkce)).redirectParameter("code");
        redeemCode(code, pkce.verifier, ClientKind::Public);
        const QJsonObject codeRequest = m_sandbox->lastTokenRequest();
        QCOMPARE(codeRequest.value(QStringLiteral("code")).toString(), QStringLiteral("***"));
        QCOMPARE(codeRequest.value(QStringLiteral("code_verifier")).toString(),
                 QStringLiteral("***"));
        QCOMPARE(codeRequest.value(QStringLiteral("redirect_uri")).toString(), loopbackRedirect);

        pollDevice(startDevice().field("device_code"));
        QCOMPARE(m_sandbox->lastTokenRequest().value(QStringLiteral("device_code")).toString(),
                 QStringLiteral("***"));
        QCOMPARE(admin("POST", QStringLiteral("/admin/last-token-request")).status, 405);
    }

    void counters_signInFlowsAreReportedOverHttp()
    {
        m_sandbox->setDeviceInterval(0);
        QCOMPARE(signInWithCode(ClientKind::Public).status, 200);
        const QJsonObject device = startDevice().json();
        pollDevice(device.value(QStringLiteral("device_code")).toString());
        m_sandbox->approveDeviceCode(device.value(QStringLiteral("user_code")).toString());
        const Answer tokens = pollDevice(device.value(QStringLiteral("device_code")).toString());
        revoke(tokens.field("refresh_token"), {}, ClientKind::Public);

        const QJsonObject counters = admin("GET", QStringLiteral("/admin/counters")).json();
        QCOMPARE(counters, m_sandbox->counters().toJson());
        QCOMPARE(counters.value(QStringLiteral("authorizationRequests")).toInt(), 1);
        QCOMPARE(counters.value(QStringLiteral("codeGrants")).toInt(), 1);
        QCOMPARE(counters.value(QStringLiteral("devicePolls")).toInt(), 2);
        QCOMPARE(counters.value(QStringLiteral("deviceGrants")).toInt(), 1);
        QCOMPARE(counters.value(QStringLiteral("slowDowns")).toInt(), 0);
        QCOMPARE(counters.value(QStringLiteral("revocations")).toInt(), 1);
        QCOMPARE(counters.value(QStringLiteral("tokenRequests")).toInt(), 3);

        m_sandbox->resetCounters();
        QCOMPARE(m_sandbox->counters().toJson(), SandboxCounters().toJson());
    }
};

QTEST_GUILESS_MAIN(tst_SandboxSignin)
#include "tst_sandbox_signin.moc"
