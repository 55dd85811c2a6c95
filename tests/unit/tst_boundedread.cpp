// readAtMost: reads to the end or to the bound, whichever comes first, from files and from
// devices that do not know their size.

#include "collection/boundedread.h"

#include <QBuffer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;

class tst_BoundedRead final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void file_smallerThanTheBound_isReadWhole()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile file(dir.filePath(QStringLiteral("small.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write("{\"a\": 1}"), 8);
        file.close();
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(readAtMost(file, 16 * 1024 * 1024 + 1), QByteArray("{\"a\": 1}"));
    }

    // A file larger than the bound, in several chunks: exactly the bound is read, so a caller
    // asking for limit + 1 learns it is too large.
    void file_largerThanTheBound_stopsAtTheBound()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile file(dir.filePath(QStringLiteral("large.bin")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray content(300 * 1024, 'x');
        QCOMPARE(file.write(content), content.size());
        file.close();
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(readAtMost(file, 200 * 1024 + 1).size(), 200 * 1024 + 1);
    }

    // A file that grows after it was opened (its size was checked before): the bound holds, and
    // what was added is read too.
    void file_grownAfterOpening_isReadToTheBound()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("growing.txt"));
        QFile writer(path);
        QVERIFY(writer.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
        QCOMPARE(writer.write("first"), 5);
        QFile reader(path);
        QVERIFY(reader.open(QIODevice::ReadOnly));
        QCOMPARE(writer.write(QByteArray(100 * 1024, 'y')), 100 * 1024);
        const QByteArray read = readAtMost(reader, 1024 * 1024);
        QCOMPARE(read.size(), 5 + 100 * 1024);
        QVERIFY(read.startsWith("firsty"));
    }

    void pipe_withoutASize_isReadToItsEnd()
    {
        QProcess cat;
        cat.start(QStringLiteral("head"),
                  {QStringLiteral("-c"), QStringLiteral("150000"), QStringLiteral("/dev/zero")});
        QVERIFY(cat.waitForFinished());
        // QProcess holds the output: read it through the device interface in pieces.
        QCOMPARE(readAtMost(cat, 1024 * 1024).size(), 150000);
    }

    void emptyDevice_and_zeroBound_readNothing()
    {
        QBuffer empty;
        QVERIFY(empty.open(QIODevice::ReadOnly));
        QVERIFY(readAtMost(empty, 100).isEmpty());
        QByteArray data("abc");
        QBuffer buffer(&data);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        QVERIFY(readAtMost(buffer, 0).isEmpty());
        QCOMPARE(readAtMost(buffer, 2), QByteArray("ab"));
        QCOMPARE(readAtMost(buffer, 100), QByteArray("c"));
    }
};

QTEST_GUILESS_MAIN(tst_BoundedRead)
#include "tst_boundedread.moc"
