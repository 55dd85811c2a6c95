#include "auth/challenge.h"

#include <QTest>

using namespace Keyway;

class tst_Challenge : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_bearerWithQuotedParams()
    {
        const auto challenges =
            parseWwwAuthenticate("Bearer realm=\"example\", error=\"invalid_token\", "
                                 "error_description=\"The access token expired\"");
        QCOMPARE(challenges.size(), 1);
        QCOMPARE(challenges[0].scheme, QByteArray("bearer"));
        QCOMPARE(challenges[0].param("realm"), QByteArray("example"));
        QCOMPARE(challenges[0].param("error"), QByteArray("invalid_token"));
        QCOMPARE(challenges[0].param("error_description"), QByteArray("The access token expired"));
    }

    void parse_severalChallengesAndEscapes()
    {
        const auto challenges =
            parseWwwAuthenticate("Basic realm=\"a, b\", Bearer error=insufficient_scope, "
                                 "scope=\"read \\\"admin\\\"\", Newauth");
        QCOMPARE(challenges.size(), 3);
        QCOMPARE(challenges[0].scheme, QByteArray("basic"));
        QCOMPARE(challenges[0].param("realm"), QByteArray("a, b"));
        QCOMPARE(challenges[1].param("error"), QByteArray("insufficient_scope"));
        QCOMPARE(challenges[1].param("scope"), QByteArray("read \"admin\""));
        QCOMPARE(challenges[2].scheme, QByteArray("newauth"));
    }

    void parse_garbageDoesNotCrash()
    {
        for (const QByteArray &junk :
             {QByteArray(",,,"), QByteArray("=\"\""), QByteArray("Bearer \""),
              QByteArray("\x01\x02"), QByteArray()})
            parseWwwAuthenticate(junk);
    }

    void classify_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<bool>("forbiddenMeansExpired");
        QTest::addColumn<int>("verdict");
        const int no = int(ChallengeVerdict::NotAChallenge);
        const int expired = int(ChallengeVerdict::ExpiredToken);
        const int scope = int(ChallengeVerdict::InsufficientScope);
        QTest::newRow("200") << 200 << QByteArray() << false << no;
        QTest::newRow("401 bare") << 401 << QByteArray() << false << expired;
        QTest::newRow("401 invalid_token")
            << 401 << QByteArray("Bearer error=\"invalid_token\"") << false << expired;
        QTest::newRow("401 insufficient_scope")
            << 401 << QByteArray("Bearer error=\"insufficient_scope\"") << false << scope;
        QTest::newRow("403 not configured")
            << 403 << QByteArray("Bearer error=\"invalid_token\"") << false << no;
        QTest::newRow("403 configured")
            << 403 << QByteArray("Bearer error=\"invalid_token\"") << true << expired;
        QTest::newRow("403 configured, scope")
            << 403 << QByteArray("Bearer error=\"insufficient_scope\", scope=\"admin\"") << true
            << scope;
        QTest::newRow("403 not configured, scope")
            << 403 << QByteArray("Bearer error=\"insufficient_scope\"") << false << scope;
        QTest::newRow("500") << 500 << QByteArray() << true << no;
    }

    void classify()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, header);
        QFETCH(bool, forbiddenMeansExpired);
        QFETCH(int, verdict);
        const QList<int> statuses =
            forbiddenMeansExpired ? QList<int> {401, 403} : QList<int> {401};
        QCOMPARE(int(classifyAnswer(status, header, statuses)), verdict);
    }
};

QTEST_GUILESS_MAIN(tst_Challenge)
#include "tst_challenge.moc"
