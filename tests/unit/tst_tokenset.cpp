#include "auth/tokenset.h"
#include "log/fingerprint.h"
#include "log/redaction.h"

#include <QJsonDocument>
#include <QTest>

using namespace Keyway;

class tst_TokenSet : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void storedForm_roundTrips()
    {
        TokenSet set;
        set.accessToken = QStringLiteral("access");
        set.refreshToken = QStringLiteral("refresh");
        set.scope = QStringLiteral("read write");
        set.obtainedAtMs = 1000;
        set.expiresAtMs = 61000;
        set.generation = 42;
        QString error;
        const auto back = TokenSet::fromStoredJson(set.toStoredJson(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->accessToken, set.accessToken);
        QCOMPARE(back->refreshToken, set.refreshToken);
        QCOMPARE(back->generation, set.generation);
        QCOMPARE(back->expiresAtMs, set.expiresAtMs);
    }

    void storedForm_refusesForeignAndFutureValues()
    {
        QString error;
        QVERIFY(!TokenSet::fromStoredJson(QJsonObject {{QStringLiteral("token"), 1}}, &error));
        QVERIFY(error.contains(QStringLiteral("not a Keyway token set")));
        QJsonObject future = TokenSet {}.toStoredJson();
        future.insert(QStringLiteral("version"), 99);
        QVERIFY(!TokenSet::fromStoredJson(future, &error));
        QVERIFY(error.contains(QStringLiteral("99")));
    }

    void describe_showsFingerprintsOnly()
    {
        TokenSet set;
        set.accessToken = QStringLiteral("super-secret-access");
        set.refreshToken = QStringLiteral("super-secret-refresh");
        const QByteArray shown = QJsonDocument(set.describe()).toJson();
        QVERIFY(!shown.contains("super-secret"));
        QVERIFY(shown.contains(fingerprint(set.accessToken).toUtf8()));
        QCOMPARE(fingerprint(set.accessToken).size(), 12);
    }

    void redactedUrl_hidesSecretsInQuery()
    {
        const QString shown = redactedUrl(QUrl(
            QStringLiteral("https://user:pw@api.example/x?access_token=abc&page=2&api_key=k")));
        QVERIFY(!shown.contains(QStringLiteral("abc")));
        QVERIFY(!shown.contains(QStringLiteral("pw")));
        QVERIFY(shown.contains(QStringLiteral("page=2")));
        QVERIFY(!shown.contains(QStringLiteral("=k")));
    }
};

QTEST_GUILESS_MAIN(tst_TokenSet)
#include "tst_tokenset.moc"
