#include "auth/tokenresponseclassifier.h"

#include <QTest>

using namespace Keyway;

namespace {

TokenEndpointAnswer answer(int status, const QByteArray &body, const QByteArray &retryAfter = {})
{
    TokenEndpointAnswer a;
    a.httpStatus = status;
    a.body = body;
    a.retryAfter = retryAfter;
    a.requestSent = true;
    return a;
}

TokenError errorOf(const std::variant<TokenResponse, TokenError> &result)
{
    if (!std::holds_alternative<TokenError>(result))
        qFatal("expected an error");
    return std::get<TokenError>(result);
}

} // namespace

class tst_TokenResponse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void success_parsesFields()
    {
        const auto result = classifyTokenAnswer(
            answer(200,
                   "{\"access_token\":\"a\",\"token_type\":\"bearer\",\"expires_in\":\"60\","
                   "\"refresh_token\":\"r\",\"scope\":\"read\"}"),
            0, 1 << 20);
        QVERIFY(std::holds_alternative<TokenResponse>(result));
        const auto &response = std::get<TokenResponse>(result);
        QCOMPARE(response.accessToken, QStringLiteral("a"));
        QCOMPARE(response.tokenType, QStringLiteral("Bearer"));
        QCOMPARE(response.expiresInSec, 60);
        QCOMPARE(response.refreshToken, QStringLiteral("r"));
    }

    void refreshTokenLifetime_readAndCarried()
    {
        QString error;
        const auto response = TokenResponse::parse(
            "{\"access_token\":\"a\",\"expires_in\":300,\"refresh_token\":\"r\","
            "\"refresh_expires_in\":\"1800\"}",
            &error);
        QVERIFY2(response, qPrintable(error));
        QCOMPARE(response->refreshExpiresInSec, 1800);
        const TokenSet first = response->toTokenSet(TokenSet {}, 1000);
        QCOMPARE(first.refreshExpiresAtMs, 1000 + 1800 * 1000);
        QString storedError;
        QCOMPARE(TokenSet::fromStoredJson(first.toStoredJson(), &storedError)->refreshExpiresAtMs,
                 first.refreshExpiresAtMs);
        // A refresh that keeps the same refresh token keeps its end of life.
        TokenResponse again;
        again.accessToken = QStringLiteral("a2");
        QCOMPARE(again.toTokenSet(first, 5000).refreshExpiresAtMs, first.refreshExpiresAtMs);
    }

    void keepsOldRefreshTokenWhenNoneComesBack()
    {
        TokenSet previous;
        previous.refreshToken = QStringLiteral("old-refresh");
        previous.generation = 4;
        TokenResponse response;
        response.accessToken = QStringLiteral("new-access");
        response.expiresInSec = 10;
        const TokenSet next = response.toTokenSet(previous, 1000);
        QCOMPARE(next.refreshToken, QStringLiteral("old-refresh"));
        QCOMPARE(next.generation, quint64(5));
        QCOMPARE(next.expiresAtMs, 11000);
    }

    void classification_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("retryAfterMs");
        const int terminal = int(TokenError::Kind::Terminal);
        const int transient = int(TokenError::Kind::Transient);
        QTest::newRow("invalid_grant") << 400 << QByteArray("{\"error\":\"invalid_grant\"}")
                                       << QByteArray() << terminal << qint64(-1);
        QTest::newRow("invalid_client") << 401 << QByteArray("{\"error\":\"invalid_client\"}")
                                        << QByteArray() << terminal << qint64(-1);
        QTest::newRow("500") << 500 << QByteArray("{\"error\":\"server_error\"}") << QByteArray()
                             << transient << qint64(-1);
        QTest::newRow("503 retry-after")
            << 503 << QByteArray("busy") << QByteArray("7") << transient << qint64(7000);
        QTest::newRow("429 retry-after date")
            << 429 << QByteArray() << QByteArray("Thu, 01 Jan 1970 00:00:09 GMT") << transient
            << qint64(9000);
        QTest::newRow("broken json 200")
            << 200 << QByteArray("{\"access_token\": ") << QByteArray() << transient << qint64(-1);
        QTest::newRow("html 200") << 200 << QByteArray("<html><body>Login</body></html>")
                                  << QByteArray() << transient << qint64(-1);
        QTest::newRow("no access_token") << 200 << QByteArray("{\"token_type\":\"Bearer\"}")
                                         << QByteArray() << transient << qint64(-1);
        QTest::newRow("mac token type")
            << 200 << QByteArray("{\"access_token\":\"a\",\"token_type\":\"mac\"}") << QByteArray()
            << transient << qint64(-1);
        QTest::newRow("400 unknown error") << 400 << QByteArray("{\"error\":\"whatever\"}")
                                           << QByteArray() << transient << qint64(-1);
        // GitHub's OAuth server answers its errors with 200.
        QTest::newRow("invalid_grant with 200")
            << 200 << QByteArray("{\"error\":\"invalid_grant\"}") << QByteArray() << terminal
            << qint64(-1);
        QTest::newRow("invalid_client with 200 beside an access_token")
            << 200 << QByteArray("{\"error\":\"invalid_client\",\"access_token\":\"a\"}")
            << QByteArray() << terminal << qint64(-1);
        QTest::newRow("authorization_pending with 200")
            << 200 << QByteArray("{\"error\":\"authorization_pending\"}") << QByteArray()
            << transient << qint64(-1);
        QTest::newRow("error member that is no code, with 200")
            << 200 << QByteArray("{\"error\":{\"code\":7}}") << QByteArray() << transient
            << qint64(-1);
    }

    void classification()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, retryAfter);
        QFETCH(int, kind);
        QFETCH(qint64, retryAfterMs);
        const TokenError error =
            errorOf(classifyTokenAnswer(answer(status, body, retryAfter), 0, 1 << 20));
        QCOMPARE(int(error.kind), kind);
        QCOMPARE(error.retryAfterMs, retryAfterMs);
        QVERIFY(!error.message.isEmpty());
    }

    void serverErrorReachesTheMessage()
    {
        const TokenError error = errorOf(classifyTokenAnswer(
            answer(400,
                   "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token revoked\"}"),
            0, 1 << 20));
        QCOMPARE(error.oauthError, QStringLiteral("invalid_grant"));
        QCOMPARE(error.oauthDescription, QStringLiteral("refresh token revoked"));
        QVERIFY(error.message.contains(QStringLiteral("refresh token revoked")));
    }

    void errorMemberWith200_isTheServersOAuthError()
    {
        const TokenError error = errorOf(classifyTokenAnswer(
            answer(200,
                   "{\"error\":\"invalid_grant\",\"error_description\":\"bad verification "
                   "code\"}"),
            0, 1 << 20));
        QCOMPARE(error.kind, TokenError::Kind::Terminal);
        QCOMPARE(error.httpStatus, 200);
        QCOMPARE(error.oauthError, QStringLiteral("invalid_grant"));
        QCOMPARE(error.oauthDescription, QStringLiteral("bad verification code"));
        QVERIFY2(error.message.contains(QStringLiteral("refused (invalid_grant: bad verification "
                                                       "code)")),
                 qPrintable(error.message));
        QVERIFY2(!error.message.contains(QStringLiteral("access_token")),
                 qPrintable(error.message));
        QVERIFY2(!error.message.contains(QStringLiteral("again later")), qPrintable(error.message));
    }

    void noAnswer_isOutcomeUnknown()
    {
        TokenEndpointAnswer timedOut;
        timedOut.timedOut = true;
        timedOut.requestSent = true;
        QCOMPARE(errorOf(classifyTokenAnswer(timedOut, 0, 100)).kind,
                 TokenError::Kind::OutcomeUnknown);

        TokenEndpointAnswer reset;
        reset.networkError = QNetworkReply::RemoteHostClosedError;
        reset.requestSent = true;
        QCOMPARE(errorOf(classifyTokenAnswer(reset, 0, 100)).kind,
                 TokenError::Kind::OutcomeUnknown);

        TokenEndpointAnswer refused;
        refused.networkError = QNetworkReply::ConnectionRefusedError;
        QCOMPARE(errorOf(classifyTokenAnswer(refused, 0, 100)).kind, TokenError::Kind::Transient);

        TokenEndpointAnswer huge;
        huge.oversize = true;
        huge.requestSent = true;
        QCOMPARE(errorOf(classifyTokenAnswer(huge, 0, 100)).kind, TokenError::Kind::Transient);
    }

    void refusedHandshake_isTerminal_withWhatToDo()
    {
        // Written before a TLS 1.3 server checked the client's certificate: still refused.
        for (const bool requestSent : {false, true}) {
            TokenEndpointAnswer tls;
            tls.networkError = QNetworkReply::SslHandshakeFailedError;
            tls.networkErrorString = QStringLiteral("the certificate of 127.0.0.1:8443 is not "
                                                    "trusted (self-signed): add its CA with "
                                                    "--ca-cert FILE");
            tls.requestSent = requestSent;
            const TokenError error = errorOf(classifyTokenAnswer(tls, 0, 100));
            QCOMPARE(error.kind, TokenError::Kind::Terminal);
            QVERIFY(error.tlsRefused);
            QVERIFY(error.message.startsWith(tls.networkErrorString));
            QVERIFY2(error.message.contains(QStringLiteral("TLS settings")),
                     qPrintable(error.message));
        }
    }
};

QTEST_GUILESS_MAIN(tst_TokenResponse)
#include "tst_tokenresponse.moc"
