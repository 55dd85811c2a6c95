#include "http/endpoint.h"
#include "http/request.h"

#include <QTest>

using namespace Keyway;

// Where a URL connects, and which URLs share an origin: the token goes only to the origin the
// caller addressed, so "https://api" and "https://api:443" must be one origin and "http://api"
// another.
class tst_Endpoint : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void portOf_isTheUrlsOwnOrTheSchemesDefault_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("endpoint");
        QTest::newRow("https default")
            << "https://api.example.com/v1" << 443 << "api.example.com:443";
        QTest::newRow("http default") << "http://api.example.com/" << 80 << "api.example.com:80";
        QTest::newRow("own port") << "https://127.0.0.1:8443/x" << 8443 << "127.0.0.1:8443";
        QTest::newRow("scheme in capitals")
            << "HTTPS://api.example.com" << 443 << "api.example.com:443";
    }

    void portOf_isTheUrlsOwnOrTheSchemesDefault()
    {
        QFETCH(QString, url);
        QFETCH(int, port);
        QFETCH(QString, endpoint);
        QCOMPARE(int(portOf(QUrl(url))), port);
        QCOMPARE(endpointOf(QUrl(url)), endpoint);
    }

    void isSameOrigin_comparesSchemeHostAndEffectivePort_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("same");
        QTest::newRow("default port spelled out") << "https://api.example.com/a"
                                                  << "https://api.example.com:443/b" << true;
        QTest::newRow("host case") << "https://API.example.com"
                                   << "https://api.example.com" << true;
        QTest::newRow("other scheme") << "https://api.example.com"
                                      << "http://api.example.com" << false;
        QTest::newRow("https on port 80") << "https://api.example.com:80"
                                          << "http://api.example.com" << false;
        QTest::newRow("other port") << "https://api.example.com"
                                    << "https://api.example.com:8443" << false;
        QTest::newRow("other host") << "https://api.example.com"
                                    << "https://api.example.com.evil" << false;
    }

    void isSameOrigin_comparesSchemeHostAndEffectivePort()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, same);
        QCOMPARE(isSameOrigin(QUrl(a), QUrl(b)), same);
        QCOMPARE(isSameOrigin(QUrl(b), QUrl(a)), same);
    }
};

QTEST_GUILESS_MAIN(tst_Endpoint)
#include "tst_endpoint.moc"
