#include "auth/signin/jwt.h"

#include <QJsonDocument>
#include <QTest>

using namespace Keyway;

namespace {

QString segment(const QJsonObject &json)
{
    return QString::fromLatin1(
        QJsonDocument(json)
            .toJson(QJsonDocument::Compact)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString makeJwt(const QJsonObject &header, const QJsonObject &claims,
                const QString &signature = QStringLiteral("c2lnbmF0dXJl"))
{
    return segment(header) + QLatin1Char('.') + segment(claims) + QLatin1Char('.') + signature;
}

} // namespace

class tst_Jwt : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decode_readsHeaderAndClaims_butSaysSignatureNotVerified()
    {
        const QJsonObject header {{QStringLiteral("alg"), QStringLiteral("HS256")},
                                  {QStringLiteral("typ"), QStringLiteral("JWT")}};
        const QJsonObject claims {{QStringLiteral("iss"), QStringLiteral("http://127.0.0.1:1")},
                                  {QStringLiteral("sub"), QStringLiteral("demo")},
                                  {QStringLiteral("aud"), QStringLiteral("keyway-demo")},
                                  {QStringLiteral("exp"), 1800000000},
                                  {QStringLiteral("name"), QStringLiteral("Démo User")}};
        QString error;
        const auto jwt = DecodedJwt::decode(makeJwt(header, claims), &error);
        QVERIFY2(jwt, qPrintable(error));
        QCOMPARE(jwt->header, header);
        QCOMPARE(jwt->claims, claims);
        QVERIFY(!jwt->signatureVerified);
        const QJsonObject display = jwt->toDisplayJson();
        QCOMPARE(display.value(QStringLiteral("signature_verified")), QJsonValue(false));
        QCOMPARE(display.value(QStringLiteral("claims")).toObject(), claims);
    }

    void decode_readsRfc7519Example()
    {
        // RFC 7519 §3.1, with its CRLF line breaks inside the JSON.
        const QString token = QStringLiteral(
            "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
            "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290"
            "Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        QString error;
        const auto jwt = DecodedJwt::decode(token, &error);
        QVERIFY2(jwt, qPrintable(error));
        QCOMPARE(jwt->header.value(QStringLiteral("alg")).toString(), QStringLiteral("HS256"));
        QCOMPARE(jwt->claims.value(QStringLiteral("iss")).toString(), QStringLiteral("joe"));
        QCOMPARE(jwt->claims.value(QStringLiteral("exp")).toInteger(), 1300819380);
        QCOMPARE(jwt->claims.value(QStringLiteral("http://example.com/is_root")).toBool(), true);
    }

    void decode_acceptsUnsecuredJwtWithEmptySignature()
    {
        // RFC 7519 §6: alg "none" has an empty third part; it decodes, and is no more verified.
        QString error;
        const auto jwt =
            DecodedJwt::decode(makeJwt({{QStringLiteral("alg"), QStringLiteral("none")}},
                                       {{QStringLiteral("sub"), QStringLiteral("x")}}, QString()),
                               &error);
        QVERIFY2(jwt, qPrintable(error));
        QVERIFY(!jwt->signatureVerified);
    }

    void decode_opaqueOrMalformedToken_isNotAJwt_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("messagePart");
        const QString header = segment({{QStringLiteral("alg"), QStringLiteral("HS256")}});
        const QString claims = segment({{QStringLiteral("sub"), QStringLiteral("x")}});
        QTest::newRow("opaque") << QStringLiteral("kw_at_3f9a8c1d2e4b") << "opaque";
        QTest::newRow("empty") << QString() << "not a JWT";
        QTest::newRow("two parts") << header + QLatin1Char('.') + claims << "opaque";
        QTest::newRow("encrypted (JWE)") << QStringLiteral("a.b.c.d.e") << "encrypted";
        QTest::newRow("header not base64url")
            << QStringLiteral("%%%.") + claims + QStringLiteral(".sig") << "header";
        QTest::newRow("header without alg")
            << segment({{QStringLiteral("typ"), QStringLiteral("JWT")}}) + QLatin1Char('.') + claims
                + QStringLiteral(".sig")
            << "header";
        QTest::newRow("claims not JSON") << header + QStringLiteral(".bm90IGpzb24.sig") << "claims";
        QTest::newRow("claims an array") << header + QStringLiteral(".WzEsMl0.sig") << "claims";
    }

    void decode_opaqueOrMalformedToken_isNotAJwt()
    {
        QFETCH(QString, token);
        QFETCH(QString, messagePart);
        QString error;
        QVERIFY(!DecodedJwt::decode(token, &error));
        QVERIFY2(error.startsWith(QStringLiteral("not a JWT")), qPrintable(error));
        QVERIFY2(error.contains(messagePart), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(tst_Jwt)
#include "tst_jwt.moc"
