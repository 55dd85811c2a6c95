// A 50 MB upload from a file, rejected with 401 and replayed after the refresh: the server gets the
// same bytes twice, and this process never holds the file in memory. The sandbox runs as its own
// process so that its copy of the body does not count against ours.
#include "auth/clock.h"
#include "auth/tokenmanager.h"
#include "http/authorizedclient.h"
#include "log/eventlog.h"
#include "memorybound.h"
#include "sandboxprocess.h"
#include "store/memorytokenstore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

class tst_LargeUpload : public QObject
{
    Q_OBJECT

    SandboxProcess m_sandbox;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_sandbox.start({}, &error), qPrintable(error));
    }
    void fileUpload_replayedFromDiskAfterA401()
    {
        // 50 MB of random bytes, hashed while written.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("upload.bin"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCryptographicHash hash(QCryptographicHash::Sha256);
        QByteArray chunk(1 << 20, Qt::Uninitialized);
        for (int i = 0; i < 50; ++i) {
            QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(chunk.data()),
                                                  chunk.size() / 4);
            hash.addData(chunk);
            QCOMPARE(file.write(chunk), chunk.size());
        }
        file.close();
        chunk = QByteArray();

        const Profile profile = m_sandbox.profile();
        QNetworkAccessManager network;
        EventLog events(SystemClock::instance());
        MemoryTokenStore store;
        TokenManager tokens(profile, &store, &events, SystemClock::instance());
        AuthorizedClient client(&network, &tokens, &events, SystemClock::instance());
        bool signedIn = false;
        tokens.signIn(this, [&](const TokenError *error) { signedIn = !error; });
        QTRY_VERIFY(signedIn);
        m_sandbox.admin("POST", QStringLiteral("/admin/counters/reset"));
        const QJsonObject expired = m_sandbox.admin("POST", QStringLiteral("/admin/expire"));
        QVERIFY2(expired.value(QStringLiteral("expired")).toInt() >= 1,
                 QJsonDocument(expired).toJson().constData());

        const qint64 rssBeforeKb = residentKb();
        ApiCall *call = client.send(Request("POST", m_sandbox.url(QStringLiteral("/api/upload")),
                                            BodySource::file(path),
                                            {{"Content-Type", "application/octet-stream"}}));
        QTRY_VERIFY_WITH_TIMEOUT(call->isFinished(), 120000);
        const qint64 peakKb = peakResidentKb();

        QVERIFY2(call->isSuccess(), qPrintable(call->errorString()));
        QCOMPARE(call->authReplays(), 1);
        const QJsonObject answer = QJsonDocument::fromJson(call->body()).object();
        QCOMPARE(answer.value(QStringLiteral("length")).toInteger(), qint64(50) << 20);
        QCOMPARE(answer.value(QStringLiteral("sha256")).toString(),
                 QString::fromLatin1(hash.result().toHex()));
        const QJsonObject counters = m_sandbox.admin("GET", QStringLiteral("/admin/counters"));
        QCOMPARE(counters.value(QStringLiteral("refreshes")).toInt(), 1);
        QCOMPARE(counters.value(QStringLiteral("apiHits")).toInt(), 2);

        // Twice 50 MB went out; the process's peak may not have grown by even one file size.
        qInfo("resident before: %lld KiB, peak: %lld KiB", rssBeforeKb, peakKb);
        KEYWAY_VERIFY_MEMORY_BOUND(
            peakKb - rssBeforeKb < 25 * 1024,
            qPrintable(QStringLiteral("peak grew by %1 KiB").arg(peakKb - rssBeforeKb)));
    }
};

QTEST_GUILESS_MAIN(tst_LargeUpload)
#include "tst_largeupload.moc"
