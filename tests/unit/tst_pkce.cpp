#include "auth/signin/pkce.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Keyway;

class tst_Pkce : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void generatedVerifier_hasRfcLengthAndAlphabet_data()
    {
        QTest::addColumn<int>("asked");
        QTest::addColumn<int>("expected");
        QTest::newRow("default") << int(Pkce::DefaultLength) << int(Pkce::DefaultLength);
        QTest::newRow("shortest") << 43 << 43;
        QTest::newRow("longest") << 128 << 128;
        QTest::newRow("too short is raised to 43") << 10 << 43;
        QTest::newRow("too long is cut to 128") << 500 << 128;
    }

    void generatedVerifier_hasRfcLengthAndAlphabet()
    {
        QFETCH(int, asked);
        QFETCH(int, expected);
        const Pkce pkce = Pkce::generate(asked);
        QCOMPARE(pkce.verifier.size(), expected);
        static const QRegularExpression unreserved(QStringLiteral("^[A-Za-z0-9\\-._~]+$"));
        QVERIFY2(unreserved.match(pkce.verifier).hasMatch(), qPrintable(pkce.verifier));
        QVERIFY(Pkce::isValidVerifier(pkce.verifier));
        QCOMPARE(pkce.challenge, Pkce::challengeFor(pkce.verifier));
        QCOMPARE(pkce.method(), QStringLiteral("S256"));
    }

    void challenge_matchesRfc7636AppendixB()
    {
        QCOMPARE(Pkce::challengeFor(QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")),
                 QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    }

    void challenge_isBase64UrlWithoutPadding()
    {
        for (int i = 0; i < 50; ++i) {
            const QString challenge = Pkce::generate().challenge;
            QCOMPARE(challenge.size(), 43); // 32 bytes of SHA-256, unpadded
            QVERIFY(!challenge.contains(QLatin1Char('=')));
            QVERIFY(!challenge.contains(QLatin1Char('+')));
            QVERIFY(!challenge.contains(QLatin1Char('/')));
        }
    }

    void verifiers_differEveryTime()
    {
        QSet<QString> seen;
        for (int i = 0; i < 200; ++i)
            seen.insert(Pkce::generate().verifier);
        QCOMPARE(seen.size(), 200);
    }

    void verifierValidation_refusesWrongLengthAndCharacters_data()
    {
        QTest::addColumn<QString>("verifier");
        QTest::newRow("42 characters") << QString(42, QLatin1Char('a'));
        QTest::newRow("129 characters") << QString(129, QLatin1Char('a'));
        QTest::newRow("a space") << QString(42, QLatin1Char('a')) + QLatin1Char(' ');
        QTest::newRow("a plus") << QString(42, QLatin1Char('a')) + QLatin1Char('+');
        QTest::newRow("a slash") << QString(42, QLatin1Char('a')) + QLatin1Char('/');
        QTest::newRow("padding") << QString(42, QLatin1Char('a')) + QLatin1Char('=');
    }

    void verifierValidation_refusesWrongLengthAndCharacters()
    {
        QFETCH(QString, verifier);
        QVERIFY(!Pkce::isValidVerifier(verifier));
    }
};

QTEST_GUILESS_MAIN(tst_Pkce)
#include "tst_pkce.moc"
