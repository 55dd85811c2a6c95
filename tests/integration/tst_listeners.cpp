// Every socket Keyway listens on is bound to 127.0.0.1 only, as the kernel itself lists it
// (/proc/net/tcp and /proc/net/tcp6): the sandbox's two listeners (HTTP and HTTPS, in process
// and as the keyway-sandbox binary) and the loopback redirect receiver of the browser sign-in.
// A socket bound to every address is reported as such, so the check can fail.
#include "auth/clock.h"
#include "auth/signin/loopbackreceiver.h"
#include "sandbox/sandbox.h"
#include "sandboxprocess.h"
#include "testcertificates.h"

#include <QFile>
#include <QHostAddress>
#include <QTcpServer>
#include <QTest>
#include <QtEndian>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

// The local address of every TCP socket in LISTEN state on `port`: "127.0.0.1", "0.0.0.0", or
// "ipv6 <hex>" for any IPv6 listener.
QStringList listeningAddresses(quint16 port)
{
    QStringList addresses;
    for (const QString &table :
         {QStringLiteral("/proc/net/tcp"), QStringLiteral("/proc/net/tcp6")}) {
        QFile file(table);
        if (!file.open(QIODevice::ReadOnly))
            continue; // no IPv6 in this kernel: nothing can listen there either
        file.readLine(); // the column names
        while (!file.atEnd()) {
            const QList<QByteArray> fields = file.readLine().simplified().split(' ');
            if (fields.size() < 4 || fields.at(3) != "0A") // 0A: TCP_LISTEN
                continue;
            const QList<QByteArray> local = fields.at(1).split(':');
            if (local.size() != 2 || local.at(1).toUInt(nullptr, 16) != port)
                continue;
            if (local.at(0).size() == 8) {
                // The address as the kernel stores it (network order), printed as a host integer.
                const quint32 raw = local.at(0).toUInt(nullptr, 16);
                addresses.append(QHostAddress(qFromBigEndian(raw)).toString());
            } else {
                addresses.append(QStringLiteral("ipv6 ") + QString::fromLatin1(local.at(0)));
            }
        }
    }
    return addresses;
}

const QStringList LoopbackOnly {QStringLiteral("127.0.0.1")};

} // namespace

class TstListeners : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void check_seesASocketBoundToEveryAddress()
    {
        QTcpServer everywhere;
        QVERIFY(everywhere.listen(QHostAddress::AnyIPv4, 0));
        QCOMPARE(listeningAddresses(everywhere.serverPort()),
                 QStringList {QStringLiteral("0.0.0.0")});
        QTcpServer loopback;
        QVERIFY(loopback.listen(QHostAddress::LocalHost, 0));
        QCOMPARE(listeningAddresses(loopback.serverPort()), LoopbackOnly);
        loopback.close();
        QCOMPARE(listeningAddresses(loopback.serverPort()), QStringList());
    }

    void sandbox_bothListenersOnLoopbackOnly_data()
    {
        QTest::addColumn<bool>("https");
        QTest::newRow("http") << false;
        QTest::newRow("https") << true;
    }
    void sandbox_bothListenersOnLoopbackOnly()
    {
        QFETCH(bool, https);
        TestCertificates certificates;
        SandboxConfig config;
        if (https) {
            QString error;
            QVERIFY2(certificates.generate(&error), qPrintable(error));
            config.tlsCertificateFile = certificates.serverCertificate();
            config.tlsKeyFile = certificates.serverKey();
        }
        Sandbox sandbox(config);
        QString error;
        QVERIFY2(sandbox.start(&error), qPrintable(error));
        QCOMPARE(listeningAddresses(sandbox.config().port), LoopbackOnly);
        QCOMPARE(listeningAddresses(sandbox.config().otherOriginPort), LoopbackOnly);
    }

    void sandboxBinary_listensOnLoopbackOnly()
    {
        SandboxProcess process;
        QString error;
        QVERIFY2(process.start({}, &error), qPrintable(error));
        const quint16 port = quint16(process.url(QStringLiteral("/")).port());
        QVERIFY(port > 0);
        QCOMPARE(listeningAddresses(port), LoopbackOnly);
    }

    void loopbackRedirectReceiver_listensOnLoopbackOnly()
    {
        LoopbackReceiver receiver(SystemClock::instance());
        QString error;
        QVERIFY2(
            receiver.listen(QStringLiteral("/callback"), QStringLiteral("state"), 60000, &error),
            qPrintable(error));
        QCOMPARE(listeningAddresses(receiver.port()), LoopbackOnly);
        QCOMPARE(receiver.redirectUri().host(), QStringLiteral("127.0.0.1"));
        receiver.close();
        QCOMPARE(listeningAddresses(receiver.port()), QStringList());
    }
};

QTEST_GUILESS_MAIN(TstListeners)
#include "tst_listeners.moc"
