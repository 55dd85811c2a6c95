// writeFileAtomically: the new content whole in place of the old, the old file's mode kept, a link
// kept as a link, and nothing left behind when the file cannot be replaced; the new-file variant
// never replaces one. (The temporary file's name is checked where a killed save leaves it:
// tst_workspacecrash.)
#include "collection/atomicfile.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Keyway;
using namespace Keyway::Test;

class tst_AtomicFile : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QStringList entries() const
    {
        return QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
    }

private Q_SLOTS:
    void init()
    {
        for (const QString &name : entries())
            QFile::remove(m_dir.filePath(name));
    }

    void newFile_getsTheContentAndTheUsersUmask()
    {
        const QString path = m_dir.filePath(QStringLiteral("new.json"));
        const mode_t mask = ::umask(022);
        const QString why = writeFileAtomically(path, "{}\n");
        ::umask(mask);
        QCOMPARE(why, QString());
        QCOMPARE(readFile(path), QByteArray("{}\n"));
        QCOMPARE(QFileInfo(path).permissions() & 0x0777, QFileDevice::Permissions(0x0644));
        QCOMPARE(entries(), QStringList {QStringLiteral("new.json")}); // no temporary file left
    }

    void existingFile_replacedWhole_keepsItsMode()
    {
        const QString path = m_dir.filePath(QStringLiteral("private.json"));
        QVERIFY(writeFile(path, "old content that is longer\n"));
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QCOMPARE(writeFileAtomically(path, "new\n"), QString());
        QCOMPARE(readFile(path), QByteArray("new\n"));
        QCOMPARE(QFileInfo(path).permissions() & 0x0777, QFileDevice::Permissions(0x0600));
        QCOMPARE(entries(), QStringList {QStringLiteral("private.json")});
    }

    void link_staysALink_itsTargetGetsTheContent()
    {
        const QString target = m_dir.filePath(QStringLiteral("target.json"));
        const QString link = m_dir.filePath(QStringLiteral("link.json"));
        QVERIFY(writeFile(target, "old\n"));
        QVERIFY(QFile::link(target, link));
        QCOMPARE(writeFileAtomically(link, "new\n"), QString());
        QVERIFY(QFileInfo(link).isSymLink());
        QCOMPARE(readFile(target), QByteArray("new\n"));
        QCOMPARE(entries(),
                 (QStringList {QStringLiteral("link.json"), QStringLiteral("target.json")}));
    }

    void failedReplace_leavesTheOldInPlace_noTemporaryFile()
    {
        // A directory where the file should be: the temporary file is written, the rename fails.
        const QString path = m_dir.filePath(QStringLiteral("taken"));
        QVERIFY(QDir().mkpath(path + QStringLiteral("/inside")));
        QVERIFY(!writeFileAtomically(path, "content\n").isEmpty());
        QVERIFY(QFileInfo(path + QStringLiteral("/inside")).isDir());
        QCOMPARE(entries(), QStringList());
        QVERIFY(QDir(path).removeRecursively());
    }

    void newFileOnly_createsOnce_neverReplaces()
    {
        const QString path = m_dir.filePath(QStringLiteral("workspace.json"));
        bool existed = true;
        QCOMPARE(writeNewFileAtomically(path, "first\n", &existed), QString());
        QVERIFY(!existed);
        QCOMPARE(readFile(path), QByteArray("first\n"));
        QCOMPARE(writeNewFileAtomically(path, "second\n", &existed), QString());
        QVERIFY(existed);
        QCOMPARE(readFile(path), QByteArray("first\n"));
        QCOMPARE(entries(), QStringList {QStringLiteral("workspace.json")});
    }
};

QTEST_GUILESS_MAIN(tst_AtomicFile)
#include "tst_atomicfile.moc"
