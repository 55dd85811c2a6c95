// --workspace NAME|PATH: a bare name lives under the shared data folder, a path is a path, the
// name and id come from workspace.json, and a missing workspace is created with a minimal one.
#include "collection/workspacelocation.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;

class tst_WorkspaceLocation : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void bareName_isAFolderUnderTheSharedDataFolder()
    {
        QString error;
        const auto location = WorkspaceLocation::resolve(QStringLiteral("team-api"), &error);
        QVERIFY2(location, qPrintable(error));
        QCOMPARE(location->folder(),
                 QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
                     + QStringLiteral("/keyway/workspaces/team-api"));
        QCOMPARE(location->name(), QStringLiteral("team-api"));
        QCOMPARE(WorkspaceLocation::resolve(QString(), &error)->name(), QStringLiteral("default"));
    }

    void pathWithoutWorkspaceFile_createdWithAMinimalOne()
    {
        const QString folder = m_dir.filePath(QStringLiteral("projects/billing"));
        QString error;
        auto location = WorkspaceLocation::resolve(folder, &error);
        QVERIFY2(location, qPrintable(error));
        QCOMPARE(location->folder(), folder);
        QCOMPARE(location->name(), QStringLiteral("billing"));
        QVERIFY(!location->exists());
        QVERIFY(location->id().isEmpty());
        QVERIFY(location->localDataPath().isEmpty());

        QCOMPARE(location->ensureExists(), QString());
        QVERIFY(location->exists());
        QVERIFY(!location->id().isEmpty());
        QFile file(location->workspaceFile());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(json.value(QStringLiteral("format")).toInt(), 1);
        QCOMPARE(json.value(QStringLiteral("name")).toString(), QStringLiteral("billing"));
        QCOMPARE(json.value(QStringLiteral("id")).toString(), location->id());

        // Read back: the same id; local data outside the workspace folder.
        const auto again = WorkspaceLocation::resolve(folder, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->id(), location->id());
        QCOMPARE(again->localDataPath(),
                 WorkspaceLocation::localRoot() + QLatin1Char('/') + location->id());
        QVERIFY(!again->localDataPath().startsWith(folder));
    }

    void workspaceFile_givesNameAndId()
    {
        const QString folder = m_dir.filePath(QStringLiteral("named"));
        QVERIFY(QDir().mkpath(folder));
        QFile file(folder + QStringLiteral("/workspace.json"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"format\": 1, \"id\": \"1b4e28ba-2fa1-11d2-883f-0016d3cca427\", "
                   "\"name\": \"Billing API\"}");
        file.close();
        QString error;
        auto location = WorkspaceLocation::resolve(folder + QLatin1Char('/'), &error);
        QVERIFY2(location, qPrintable(error));
        QCOMPARE(location->name(), QStringLiteral("Billing API"));
        QCOMPARE(location->id(), QStringLiteral("1b4e28ba-2fa1-11d2-883f-0016d3cca427"));
        QCOMPARE(location->ensureExists(), QString()); // left as it is
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("Billing API"));
    }

    void brokenWorkspaceFile_errorNamesIt()
    {
        const QString folder = m_dir.filePath(QStringLiteral("broken"));
        QVERIFY(QDir().mkpath(folder));
        QFile file(folder + QStringLiteral("/workspace.json"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"format\": 1,");
        file.close();
        QString error;
        QVERIFY(!WorkspaceLocation::resolve(folder, &error));
        QVERIFY2(error.contains(folder + QStringLiteral("/workspace.json")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("not valid JSON")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(tst_WorkspaceLocation)
#include "tst_workspacelocation.moc"
