#include "collection/workspacestore.h"
#include "memorybound.h"
#include "testfiles.h"
#include "workspacefixture.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

// Every file below `dir`, relative path -> content.
QMap<QString, QByteArray> snapshot(const QString &dir)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        files.insert(QDir(dir).relativeFilePath(path), readFile(path));
    }
    return files;
}

qint64 peakRssKb()
{
    const QByteArray status = readFile(QStringLiteral("/proc/self/status"));
    for (const QByteArray &line : status.split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

QString problemsText(const QList<WorkspaceProblem> &problems)
{
    QStringList lines;
    for (const auto &p : problems)
        lines.append(p.toString());
    return lines.join(QLatin1Char('\n'));
}

// Removes a chain of nested "d" directories deeper than PATH_MAX, which QTemporaryDir cannot
// (and rm -rf or renames take a time that grows with the square of the depth): down to the
// bottom, then up through "..", removing each level from its parent.
int removeChain(const QString &root)
{
    int fd = ::open(QFile::encodeName(root).constData(), O_RDONLY | O_DIRECTORY);
    int depth = 0;
    for (int next; (next = ::openat(fd, "d", O_RDONLY | O_DIRECTORY)) >= 0; ++depth) {
        ::close(fd);
        fd = next;
    }
    int removed = 0;
    for (int level = depth; level > 0; --level) {
        const int parent = ::openat(fd, "..", O_RDONLY | O_DIRECTORY);
        ::close(fd);
        fd = parent;
        // Files Keyway wrote (or left) at this level.
        ::unlinkat(fd, "d/folder.json", 0);
        ::unlinkat(fd, "d/Top.request.json", 0);
        if (::unlinkat(fd, "d", AT_REMOVEDIR) == 0)
            ++removed;
    }
    ::close(fd);
    return removed;
}

} // namespace

class tst_WorkspaceStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_savedAndLoadedIsEqual()
    {
        QTemporaryDir dir;
        WorkspaceData data = Fixture::richWorkspace();
        const WorkspaceData original = data;
        WorkspaceStore store(dir.path());
        const auto saved = store.save(data);
        QVERIFY2(saved.ok(), qPrintable(problemsText(saved.problems)));
        QVERIFY(saved.notices.isEmpty());
        QCOMPARE(data, original);

        WorkspaceStore reader(dir.path());
        const auto loaded = reader.load();
        QVERIFY2(loaded.problems.isEmpty(), qPrintable(problemsText(loaded.problems)));
        QVERIFY(loaded.found);
        QCOMPARE(loaded.data.collections, original.collections);
        QCOMPARE(loaded.data.requests, original.requests);
        QCOMPARE(loaded.data.environments, original.environments);
        QCOMPARE(loaded.data, original);
    }

    void roundTrip_namesNoFileSystemTakesAsTheyAre()
    {
        const QStringList names {QStringLiteral("environments"),
                                 QStringLiteral("profiles"),
                                 QStringLiteral("workspace.json"),
                                 QStringLiteral("folder.json"),
                                 QStringLiteral(".hidden"),
                                 QStringLiteral("CON"),
                                 QStringLiteral("a/b\\c:d*e?f\"g<h>i|j"),
                                 QStringLiteral("trailing. "),
                                 QStringLiteral("Environments"),
                                 QString(300, QChar(0x00e9)),
                                 QStringLiteral("🚀 launch"),
                                 QStringLiteral("tab\tnew\nline")};
        WorkspaceData data;
        data.name = QStringLiteral("names");
        data.id = QStringLiteral("id");
        for (const QString &name : names) {
            FolderItem folder;
            folder.name = name;
            folder.requests = {Fixture::request(name, QStringLiteral("GET"), QStringLiteral("/"))};
            data.collections.append(folder);
            data.requests.append(
                Fixture::request(name, QStringLiteral("GET"), QStringLiteral("/top")));
        }
        QTemporaryDir dir;
        WorkspaceStore store(dir.path());
        QVERIFY(store.save(data).ok());
        WorkspaceStore reader(dir.path());
        const auto loaded = reader.load();
        QVERIFY2(loaded.problems.isEmpty(), qPrintable(problemsText(loaded.problems)));
        QCOMPARE(loaded.data, data);
        // None of them took the place of the workspace's own files or folders.
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("workspace.json"))).isFile());
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("environments"))));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("profiles"))));
    }

    void save_givesDuplicateAndUnicodeNamesDistinctFiles()
    {
        QTemporaryDir dir;
        WorkspaceData data = Fixture::richWorkspace();
        WorkspaceStore store(dir.path());
        QVERIFY(store.save(data).ok());
        const auto contents = snapshot(dir.path());
        const auto files = contents.keys();
        QVERIFY2(files.contains(QStringLiteral("Users/Create user.request.json")),
                 qPrintable(files.join(QLatin1Char(' '))));
        QVERIFY(files.contains(QStringLiteral("Users/Create user-2.request.json")));
        QVERIFY(files.contains(QStringLiteral("Users/Ünïcødé ✓ inner/Ping.request.json")));
        QVERIFY(files.contains(QStringLiteral("Users/Ünïcødé ✓ inner-2/folder.json")));
        QVERIFY(files.contains(QStringLiteral("Users/Upload 画像.request.json")));
        QVERIFY(files.contains(
            QStringLiteral("Users/Ünïcødé ✓ inner-2/Purge- cache-all-.request.json")));
        QVERIFY(files.contains(QStringLiteral("environments/Prod - EU.json")));
        QCOMPARE(store.entryPath({0, 2}), QStringLiteral("Users/Create user.request.json"));
        QCOMPARE(store.entryPath({0, 1}), QStringLiteral("Users/Ünïcødé ✓ inner-2"));
        // A folder that says nothing but its (file-safe) name needs no folder file, unless it is
        // empty: git keeps no empty directory.
        QVERIFY(!files.contains(QStringLiteral("Users/Ünïcødé ✓ inner/folder.json")));
        QCOMPARE(contents.value(QStringLiteral("Empty/folder.json")), QByteArray("{}\n"));
    }

    void save_writesStableHumanReadableJson()
    {
        QTemporaryDir dir;
        WorkspaceData data = Fixture::richWorkspace();
        WorkspaceStore store(dir.path());
        QVERIFY(store.save(data).ok());
        const QByteArray ping = readFile(
            dir.filePath(QStringLiteral("Users/Ünïcødé ✓ inner-2/Leaf/Ping.request.json")));
        QCOMPARE(ping,
                 QByteArray("{\n  \"name\": \"Ping\",\n  \"method\": \"GET\",\n"
                            "  \"url\": \"{{baseUrl}}/ping\"\n}\n"));
        const QByteArray upload =
            readFile(dir.filePath(QStringLiteral("Users/Upload 画像.request.json")));
        QVERIFY(upload.contains("\"name\": \"Upload 画像\"")); // UTF-8, not \u escapes
        QVERIFY(!upload.contains("\"enabled\": true")); // defaults are left out
        QVERIFY(upload.contains("\"enabled\": false"));

        // Saving the same data again into a fresh folder gives the same bytes.
        QTemporaryDir again;
        WorkspaceData copy = Fixture::richWorkspace();
        WorkspaceStore other(again.path());
        QVERIFY(other.save(copy).ok());
        QCOMPARE(snapshot(again.path()), snapshot(dir.path()));
    }

    void save_oneFieldChangeRewritesOneFileByOneLine()
    {
        QTemporaryDir dir;
        WorkspaceData data = Fixture::richWorkspace();
        WorkspaceStore store(dir.path());
        QVERIFY(store.save(data).ok());
        const auto before = snapshot(dir.path());
        QVERIFY(store.save(data).written.isEmpty()); // nothing changed, nothing written

        data.collections[0].requests[0].url = QStringLiteral("{{baseUrl}}/v2/users");
        const auto saved = store.save(data);
        QVERIFY(saved.ok());
        QCOMPARE(saved.written, QStringList {QStringLiteral("Users/Create user.request.json")});
        QVERIFY(saved.removed.isEmpty());
        const auto after = snapshot(dir.path());
        QCOMPARE(after.keys(), before.keys());
        int changedLines = 0;
        for (auto it = before.cbegin(); it != before.cend(); ++it) {
            if (it.value() == after.value(it.key()))
                continue;
            const auto a = it.value().split('\n');
            const auto b = after.value(it.key()).split('\n');
            QCOMPARE(a.size(), b.size());
            for (qsizetype i = 0; i < a.size(); ++i)
                changedLines += a[i] != b[i];
        }
        QCOMPARE(changedLines, 1);
    }

    void save_removesFilesOfDeletedItemsOnly()
    {
        QTemporaryDir dir;
        WorkspaceData data = Fixture::richWorkspace();
        WorkspaceStore store(dir.path());
        QVERIFY(store.save(data).ok());
        QVERIFY(writeFile(dir.filePath(QStringLiteral("Users/README.md")), "notes\n"));

        data.collections[0].folders.removeAt(1); // "Ünïcødé ✓ inner" and its Leaf folder
        data.collections[0].requests.removeAt(3); // "Put blob"
        data.collections.removeAt(1); // "Empty"
        data.environments.removeAt(1); // "dev"
        auto saved = store.save(data);
        QVERIFY2(saved.ok(), qPrintable(problemsText(saved.problems)));
        QCOMPARE(saved.removed.size(), 6);
        QVERIFY(saved.removed.contains(QStringLiteral("Empty/folder.json")));
        saved.removed.removeAll(QStringLiteral("Empty/folder.json"));
        QCOMPARE(
            saved.removed,
            QStringList({QStringLiteral("Users/Put blob.request.json"),
                         QStringLiteral("Users/Ünïcødé ✓ inner-2/Leaf/Ping.request.json"),
                         QStringLiteral("Users/Ünïcødé ✓ inner-2/Purge- cache-all-.request.json"),
                         QStringLiteral("Users/Ünïcødé ✓ inner-2/folder.json"),
                         QStringLiteral("environments/dev.json")}));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("Users/Ünïcødé ✓ inner-2"))));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("Empty"))));
        QCOMPARE(readFile(dir.filePath(QStringLiteral("Users/README.md"))), QByteArray("notes\n"));
        WorkspaceStore reader(dir.path());
        QCOMPARE(reader.load().data, data);
    }

    void save_keepsEverySecretOutOfEveryFile()
    {
        QTemporaryDir dir;
        WorkspaceData data = Fixture::richWorkspace();
        QStringList secrets;
        const auto secret = [&secrets](const QString &name, const QString &value) {
            secrets.append(value);
            Variable v;
            v.name = name;
            v.value = value;
            v.secret = true;
            return v;
        };
        data.variables.append(secret(QStringLiteral("apiKey"), QStringLiteral("s3cr3t-workspace")));
        data.environments[0].variables.append(
            secret(QStringLiteral("clientSecret"), QStringLiteral("s3cr3t-env")));
        data.collections[0].variables.append(
            secret(QStringLiteral("folderPw"), QStringLiteral("s3cr3t-folder")));
        RequestItem &request = data.collections[0].requests[0];
        request.variables.append(secret(QStringLiteral("reqPw"), QStringLiteral("s3cr3t-request")));
        // Literal credentials typed into auth fields and secret headers.
        request.auth.mode = RequestAuth::Mode::Bearer;
        request.auth.token = QStringLiteral("s3cr3t-bearer-literal");
        secrets.append(request.auth.token);
        request.headers.append(
            Fixture::kv(QStringLiteral("Authorization"), QStringLiteral("Bearer s3cr3t-header")));
        request.headers.append(
            Fixture::kv(QStringLiteral("X-API-Key"), QStringLiteral("s3cr3t-apikey")));
        secrets << QStringLiteral("s3cr3t-header") << QStringLiteral("s3cr3t-apikey");
        RequestItem &basic = data.collections[0].requests[3];
        basic.auth.password = QStringLiteral("s3cr3t-basic-literal");
        secrets.append(basic.auth.password);
        data.auth.mode = RequestAuth::Mode::Basic;
        data.auth.username = QStringLiteral("admin");
        data.auth.password = QStringLiteral("s3cr3t-workspace-pw");
        secrets.append(data.auth.password);

        WorkspaceStore store(dir.path());
        const auto saved = store.save(data);
        QVERIFY(saved.ok());
        QCOMPARE(saved.notices.size(), 5);
        QVERIFY2(saved.notices[1].contains(QStringLiteral("{{bearerToken}}")),
                 qPrintable(saved.notices.join(QLatin1Char('\n'))));
        QCOMPARE(request.auth.token, QStringLiteral("{{bearerToken}}"));
        QCOMPARE(request.headers[2].value, QStringLiteral("Bearer {{authorizationHeader}}"));
        QCOMPARE(request.headers[3].value, QStringLiteral("{{xApiKeyHeader}}"));
        QCOMPARE(request.variables.last().value, QStringLiteral("s3cr3t-apikey"));

        const auto files = snapshot(dir.path());
        QVERIFY(files.size() > 10);
        for (auto it = files.cbegin(); it != files.cend(); ++it) {
            for (const QString &value : std::as_const(secrets))
                QVERIFY2(!it.value().contains(value.toUtf8()),
                         qPrintable(it.key() + QStringLiteral(" holds ") + value));
            QVERIFY(!it.value().contains("s3cr3t"));
        }
        // What the files do keep: the names, marked secret.
        QVERIFY(files.value(QStringLiteral("workspace.json")).contains("\"secret\": true"));

        WorkspaceStore reader(dir.path());
        const auto loaded = reader.load();
        QVERIFY(loaded.problems.isEmpty());
        const Variable &back = loaded.data.collections[0].requests[0].variables.last();
        QCOMPARE(back.name, QStringLiteral("xApiKeyHeader"));
        QVERIFY(back.secret);
        QVERIFY(back.value.isEmpty());
    }

    void load_reportsABrokenFileAndLoadsTheRest_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected"); // part of the reason
        QTest::newRow("truncated") << QByteArray("{\n  \"name\": \"Ping\",\n  \"url\": \"ht")
                                   << QStringLiteral("line 3, column");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("not valid JSON");
        QTest::newRow("array") << QByteArray("[1, 2]") << QStringLiteral("holds an array");
        QTest::newRow("invalid UTF-8")
            << QByteArray("{\"name\": \"\xff\xfe\x80\"}") << QStringLiteral("line 1, column");
        QTest::newRow("NUL bytes")
            << QByteArray("{\"name\"\0\0\0: 1}", 15) << QStringLiteral("not valid JSON");
        const QList<std::pair<QByteArray, QString>> wrongTypes {
            {"{\"name\": 5}", QStringLiteral("name: expected a string, found a number")},
            {"{\"method\": []}", QStringLiteral("method: expected a string, found an array")},
            {"{\"method\": \"\"}", QStringLiteral("method: must not be empty")},
            {"{\"url\": null}", QStringLiteral("url: expected a string, found null")},
            {"{\"headers\": {}}", QStringLiteral("headers: expected an array, found an object")},
            {"{\"headers\": [1]}", QStringLiteral("headers[0]: expected an object")},
            {"{\"headers\": [{\"name\": \"a\", \"enabled\": \"no\"}]}",
             QStringLiteral("headers[0].enabled: expected a boolean, found a string")},
            {"{\"headers\": [{\"value\": true}]}",
             QStringLiteral("headers[0].value: expected a string")},
            {"{\"headers\": [{\"description\": 1}]}",
             QStringLiteral("headers[0].description: expected a string")},
            {"{\"disabledQuery\": \"x\"}", QStringLiteral("disabledQuery: expected an array")},
            {"{\"body\": []}", QStringLiteral("body: expected an object")},
            {"{\"body\": {\"mode\": \"xml\"}}", QStringLiteral("body.mode: unknown value \"xml\"")},
            {"{\"body\": {\"mode\": 1}}", QStringLiteral("body.mode: expected a string")},
            {"{\"body\": {\"text\": {}}}", QStringLiteral("body.text: expected a string")},
            {"{\"body\": {\"contentType\": 1}}",
             QStringLiteral("body.contentType: expected a string")},
            {"{\"body\": {\"fields\": [{\"name\": 1}]}}",
             QStringLiteral("body.fields[0].name: expected a string")},
            {"{\"body\": {\"parts\": [{\"file\": false}]}}",
             QStringLiteral("body.parts[0].file: expected a string")},
            {"{\"body\": {\"parts\": [{\"enabled\": 0}]}}",
             QStringLiteral("body.parts[0].enabled: expected a boolean")},
            {"{\"body\": {\"file\": 3}}", QStringLiteral("body.file: expected a string")},
            {"{\"auth\": \"bearer\"}", QStringLiteral("auth: expected an object")},
            {"{\"auth\": {\"mode\": \"digest\"}}",
             QStringLiteral("auth.mode: unknown value \"digest\"")},
            {"{\"auth\": {\"token\": 1}}", QStringLiteral("auth.token: expected a string")},
            {"{\"auth\": {\"profile\": []}}", QStringLiteral("auth.profile: expected a string")},
            {"{\"auth\": {\"username\": {}}}", QStringLiteral("auth.username: expected a string")},
            {"{\"auth\": {\"password\": null}}",
             QStringLiteral("auth.password: expected a string")},
            {"{\"settings\": 1}", QStringLiteral("settings: expected an object")},
            {"{\"settings\": {\"timeoutMs\": \"5\"}}",
             QStringLiteral("settings.timeoutMs: expected a number")},
            {"{\"settings\": {\"timeoutMs\": 1.5}}",
             QStringLiteral("settings.timeoutMs: expected a whole number")},
            {"{\"settings\": {\"timeoutMs\": -1}}",
             QStringLiteral("settings.timeoutMs: expected a whole number")},
            {"{\"settings\": {\"followRedirects\": 1}}",
             QStringLiteral("settings.followRedirects: expected a boolean")},
            {"{\"variables\": [{\"name\": \"a\", \"secret\": \"yes\"}]}",
             QStringLiteral("variables[0].secret: expected a boolean")},
            {"{\"variables\": [{\"name\": \"a\", \"value\": 2}]}",
             QStringLiteral("variables[0].value: expected a string")},
            {"{\"variables\": [{\"value\": \"v\"}]}",
             QStringLiteral("variables[0].name: a variable needs a name")},
            {"{\"variables\": [{\"name\": \"a\", \"enabled\": null}]}",
             QStringLiteral("variables[0].enabled: expected a boolean")},
            {"{\"description\": 7}", QStringLiteral("description: expected a string")},
        };
        for (const auto &[text, expected] : wrongTypes)
            QTest::newRow(text.constData()) << text << expected;
    }

    void load_reportsABrokenFileAndLoadsTheRest()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        WorkspaceData data = Fixture::richWorkspace();
        WorkspaceStore store(dir.path());
        QVERIFY(store.save(data).ok());
        const QString broken = dir.filePath(QStringLiteral("Users/Create user.request.json"));
        QVERIFY(writeFile(broken, text));

        WorkspaceStore reader(dir.path());
        auto loaded = reader.load();
        QCOMPARE(loaded.problems.size(), 1);
        QCOMPARE(loaded.problems[0].path, broken);
        QVERIFY2(loaded.problems[0].message.contains(expected),
                 qPrintable(loaded.problems[0].message));
        QCOMPARE(reader.brokenFiles(),
                 QStringList {QStringLiteral("Users/Create user.request.json")});
        // Everything else is there.
        QCOMPARE(loaded.data.collections[0].requests.size(), 3);
        QCOMPARE(loaded.data.collections[0].requests[0], data.collections[0].requests[1]);
        QCOMPARE(loaded.data.collections[0].folders, data.collections[0].folders);
        QCOMPARE(loaded.data.environments, data.environments);

        // Saving what loaded, even with a new request of the same name, leaves the file alone.
        loaded.data.collections[0].requests.append(Fixture::request(
            QStringLiteral("Create user"), QStringLiteral("GET"), QStringLiteral("/x")));
        const auto saved = reader.save(loaded.data);
        QVERIFY2(saved.ok(), qPrintable(problemsText(saved.problems)));
        QCOMPARE(readFile(broken), text);
        QVERIFY(!saved.removed.contains(QStringLiteral("Users/Create user.request.json")));
        QVERIFY(!saved.written.contains(QStringLiteral("Users/Create user.request.json")));
    }

    void load_wrongTypesInTheOtherFilesAreReportedWithTheField_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        const QString ws = QStringLiteral("workspace.json");
        const QString folder = QStringLiteral("Users/folder.json");
        const QString env = QStringLiteral("environments/dev.json");
        QTest::newRow("workspace id")
            << ws << QByteArray("{\"id\": 5}") << QStringLiteral("id: expected a string");
        QTest::newRow("workspace format") << ws << QByteArray("{\"format\": \"1\"}")
                                          << QStringLiteral("format: expected a number");
        QTest::newRow("workspace order") << ws << QByteArray("{\"order\": [1]}")
                                         << QStringLiteral("order[0]: expected a string");
        QTest::newRow("workspace environmentOrder")
            << ws << QByteArray("{\"environmentOrder\": {}}")
            << QStringLiteral("environmentOrder: expected an array");
        QTest::newRow("workspace headers") << ws << QByteArray("{\"headers\": [[]]}")
                                           << QStringLiteral("headers[0]: expected an object");
        QTest::newRow("workspace auth") << ws << QByteArray("{\"auth\": {\"mode\": true}}")
                                        << QStringLiteral("auth.mode: expected a string");
        QTest::newRow("workspace variables")
            << ws << QByteArray("{\"variables\": [{\"name\": []}]}")
            << QStringLiteral("variables[0].name: expected a string");
        QTest::newRow("folder name") << folder << QByteArray("{\"name\": false}")
                                     << QStringLiteral("name: expected a string");
        QTest::newRow("folder order") << folder << QByteArray("{\"order\": \"a\"}")
                                      << QStringLiteral("order: expected an array");
        QTest::newRow("folder description") << folder << QByteArray("{\"description\": []}")
                                            << QStringLiteral("description: expected a string");
        QTest::newRow("folder variables")
            << folder << QByteArray("{\"variables\": [{\"name\": \"a\", \"value\": null}]}")
            << QStringLiteral("variables[0].value: expected a string");
        QTest::newRow("environment name")
            << env << QByteArray("{\"name\": 1}") << QStringLiteral("name: expected a string");
        QTest::newRow("environment variables") << env << QByteArray("{\"variables\": {}}")
                                               << QStringLiteral("variables: expected an array");
    }

    void load_wrongTypesInTheOtherFilesAreReportedWithTheField()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        WorkspaceData data = Fixture::richWorkspace();
        WorkspaceStore store(dir.path());
        QVERIFY(store.save(data).ok());
        QVERIFY(writeFile(dir.filePath(file), text));
        WorkspaceStore reader(dir.path());
        auto loaded = reader.load();
        QCOMPARE(loaded.problems.size(), 1);
        QCOMPARE(loaded.problems[0].path, dir.filePath(file));
        QVERIFY2(loaded.problems[0].message.contains(expected),
                 qPrintable(loaded.problems[0].message));
        // Every request still loads, and saving leaves the broken file as it is.
        int requests = 0;
        for (const FolderItem &c : loaded.data.collections)
            requests += int(c.requests.size());
        QCOMPARE(requests, 4);
        QVERIFY(reader.save(loaded.data).ok());
        QCOMPARE(readFile(dir.filePath(file)), text);
    }

    void load_brokenFolderAndWorkspaceFilesAreKeptAsTheyAre()
    {
        QTemporaryDir dir;
        WorkspaceData data = Fixture::richWorkspace();
        WorkspaceStore store(dir.path());
        QVERIFY(store.save(data).ok());
        const QString folderFile = dir.filePath(QStringLiteral("Users/folder.json"));
        const QString workspaceFile = dir.filePath(QStringLiteral("workspace.json"));
        QVERIFY(writeFile(folderFile, "{\"headers\": [{\"name\": 1}]}"));
        QVERIFY(writeFile(workspaceFile, "{\"format\": 1, \"name\": "));

        WorkspaceStore reader(dir.path());
        auto loaded = reader.load();
        QCOMPARE(loaded.problems.size(), 2);
        QCOMPARE(loaded.problems[0].path, workspaceFile);
        QCOMPARE(loaded.problems[1].path, folderFile);
        QVERIFY(loaded.problems[1].message.contains(QStringLiteral("headers[0].name")));
        // The requests inside the folder still load, in natural order (the orders were in the
        // broken files): "Empty" comes before "Users" now.
        QCOMPARE(loaded.data.collections.size(), 2);
        const FolderItem &users = loaded.data.collections[1];
        QCOMPARE(users.name, QStringLiteral("Users"));
        QCOMPARE(users.requests.size(), 4);
        QCOMPARE(users.requests[0], data.collections[0].requests[0]);
        QCOMPARE(users.requests[2], data.collections[0].requests[3]);
        QCOMPARE(users.folders.size(), 2);
        loaded.data.collections[1].requests[0].url = QStringLiteral("/changed");
        const auto saved = reader.save(loaded.data);
        QVERIFY(saved.ok());
        QVERIFY(saved.kept.contains(QStringLiteral("workspace.json")));
        QVERIFY(saved.kept.contains(QStringLiteral("Users/folder.json")));
        QCOMPARE(readFile(folderFile), QByteArray("{\"headers\": [{\"name\": 1}]}"));
        QCOMPARE(readFile(workspaceFile), QByteArray("{\"format\": 1, \"name\": "));
        QVERIFY(saved.written.contains(QStringLiteral("Users/Create user.request.json")));
    }

    void load_refusesAHugeFileUnreadWithBoundedMemory()
    {
        QTemporaryDir dir;
        WorkspaceData data = Fixture::richWorkspace();
        WorkspaceStore store(dir.path());
        QVERIFY(store.save(data).ok());
        const QString huge = dir.filePath(QStringLiteral("Users/Huge.request.json"));
        {
            // 100 MB of a valid-looking JSON string.
            QFile file(huge);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("{\"name\": \"");
            const QByteArray chunk(1024 * 1024, 'a');
            for (int i = 0; i < 100; ++i)
                QCOMPARE(file.write(chunk), chunk.size());
            file.write("\"}");
        }
        const qint64 rssBefore = peakRssKb();
        WorkspaceStore reader(dir.path());
        const auto loaded = reader.load();
        QCOMPARE(loaded.problems.size(), 1);
        QCOMPARE(loaded.problems[0].path, huge);
        QVERIFY2(loaded.problems[0].message.contains(
                     QStringLiteral("100.0 MB, larger than the 16.0 MB")),
                 qPrintable(loaded.problems[0].message));
        QCOMPARE(loaded.data.collections[0].requests.size(), 4);
        KEYWAY_VERIFY_MEMORY_BOUND(
            peakRssKb() - rssBefore < 32 * 1024,
            qPrintable(QStringLiteral("peak RSS grew by %1 kB").arg(peakRssKb() - rssBefore)));
    }

    void load_refusesFoldersNestedBeyondTheLimit()
    {
        QTemporaryDir dir;
        constexpr int Levels = 10000;
        {
            // 10 000 levels are far longer than PATH_MAX: made one directory at a time.
            int fd = ::open(QFile::encodeName(dir.path()).constData(), O_RDONLY | O_DIRECTORY);
            QVERIFY(fd >= 0);
            for (int i = 0; i < Levels; ++i) {
                QCOMPARE(::mkdirat(fd, "d", 0700), 0);
                const int next = ::openat(fd, "d", O_RDONLY | O_DIRECTORY);
                ::close(fd);
                QVERIFY(next >= 0);
                fd = next;
            }
            ::close(fd);
        }
        QVERIFY(
            writeFile(dir.filePath(QStringLiteral("d/Top.request.json")), "{\"url\": \"/top\"}"));
        WorkspaceStore store(dir.path());
        auto loaded = store.load();
        QCOMPARE(loaded.problems.size(), 1);
        QVERIFY2(loaded.problems[0].message.contains(QStringLiteral("deeper than 64 levels")),
                 qPrintable(loaded.problems[0].message));
        QCOMPARE(loaded.problems[0].path.count(QStringLiteral("/d")), 65);
        int depth = 0;
        for (const FolderItem *f = &loaded.data.collections[0];; f = &f->folders[0]) {
            ++depth;
            if (f->folders.isEmpty())
                break;
        }
        QCOMPARE(depth, WorkspaceStore::MaxFolderDepth);
        QCOMPARE(loaded.data.collections[0].requests[0].name, QStringLiteral("Top"));
        // Saving leaves what was not loaded where it is.
        QVERIFY(store.save(loaded.data).ok());
        QCOMPARE(removeChain(dir.path()), Levels);
    }

    void save_refusesDataNestedBeyondTheLimit()
    {
        QTemporaryDir dir;
        WorkspaceData data;
        data.name = QStringLiteral("deep");
        FolderItem deep;
        deep.name = QStringLiteral("level");
        for (int i = 0; i < 10000; ++i) {
            FolderItem outer;
            outer.name = QStringLiteral("level");
            outer.folders.append(std::move(deep));
            deep = std::move(outer);
        }
        data.collections.append(std::move(deep));
        WorkspaceStore store(dir.path());
        const auto saved = store.save(data);
        QCOMPARE(saved.problems.size(), 1);
        QVERIFY(saved.problems[0].message.contains(QStringLiteral("deeper than 64 levels")));
        QVERIFY(QDir(dir.path()).isEmpty());
    }

    void load_newerFormatIsReportedAndNeverOverwritten()
    {
        QTemporaryDir dir;
        const QByteArray future("{\"format\": 7, \"name\": \"future\", \"id\": \"x\"}\n");
        QVERIFY(writeFile(dir.filePath(QStringLiteral("workspace.json")), future));
        WorkspaceStore store(dir.path());
        auto loaded = store.load();
        QCOMPARE(loaded.problems.size(), 1);
        QVERIFY(loaded.problems[0].message.contains(QStringLiteral("newer Keyway")));
        loaded.data.requests.append(
            Fixture::request(QStringLiteral("New"), QStringLiteral("GET"), QStringLiteral("/")));
        const auto saved = store.save(loaded.data);
        QVERIFY(!saved.ok());
        QCOMPARE(readFile(dir.filePath(QStringLiteral("workspace.json"))), future);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files),
                 QStringList {QStringLiteral("workspace.json")});
    }

    void save_neverOverwritesAFileThatArrivedAfterTheLoad()
    {
        QTemporaryDir dir;
        WorkspaceData data = Fixture::richWorkspace();
        WorkspaceStore store(dir.path());
        QVERIFY(store.save(data).ok());
        // A teammate's request arrives (git pull) under the name a new local request would get.
        const QByteArray theirs("{\"name\": \"New\", \"url\": \"/theirs\"}\n");
        QVERIFY(writeFile(dir.filePath(QStringLiteral("Users/New.request.json")), theirs));
        data.collections[0].requests.append(Fixture::request(
            QStringLiteral("New"), QStringLiteral("GET"), QStringLiteral("/mine")));
        const auto saved = store.save(data);
        QVERIFY(saved.ok());
        QCOMPARE(readFile(dir.filePath(QStringLiteral("Users/New.request.json"))), theirs);
        QVERIFY(saved.written.contains(QStringLiteral("Users/New-2.request.json")));
    }

    void load_skipsPipesAndLinksWithAProblemEach()
    {
        QTemporaryDir dir;
        WorkspaceData data = Fixture::richWorkspace();
        WorkspaceStore store(dir.path());
        QVERIFY(store.save(data).ok());
        const QString fifo = dir.filePath(QStringLiteral("Users/Pipe.request.json"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        const QString link = dir.filePath(QStringLiteral("Users/Zero.request.json"));
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), link));
        WorkspaceStore reader(dir.path());
        const auto loaded = reader.load(); // returns: nothing blocks on the pipe or /dev/zero
        QCOMPARE(loaded.problems.size(), 2);
        QStringList paths {loaded.problems[0].path, loaded.problems[1].path};
        paths.sort();
        QCOMPARE(paths, (QStringList {fifo, link}));
        QCOMPARE(loaded.data, data);
    }

    void load_removesOnlyStaleSaveLeftoversBesideFilesItRead()
    {
        QTemporaryDir dir;
        WorkspaceData data = Fixture::richWorkspace();
        WorkspaceStore store(dir.path());
        QVERIFY(store.save(data).ok());
        const QMap<QString, QByteArray> before = snapshot(dir.path());
        QString request;
        for (auto it = before.cbegin(); it != before.cend() && request.isEmpty(); ++it) {
            if (it.key().endsWith(WorkspaceStore::RequestSuffix))
                request = it.key();
        }
        QVERIFY(!request.isEmpty());
        const QByteArray partial = before.value(request).left(10);
        const QDateTime old = QDateTime::currentDateTimeUtc().addSecs(-3600);
        // Written before this process started: what a save killed midway leaves.
        const auto leftover = [&](const QString &rel, QDateTime when) {
            QVERIFY(writeFile(dir.filePath(rel), partial));
            QFile file(dir.filePath(rel));
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.setFileTime(when, QFileDevice::FileModificationTime));
        };
        const QString save = QStringLiteral(".keyway-save-");
        leftover(request + save + QStringLiteral("AbCdEf"), old);
        leftover(WorkspaceStore::WorkspaceFileName + save + QStringLiteral("QwErTy"), old);
        // Kept: written now (another process may be saving), not Keyway's pattern (a user's
        // "<file>.abcdef" has QSaveFile's, which older versions left), beside no file the load
        // read, or a link.
        const QStringList kept {
            save + QStringLiteral("ZxCvBn"),  QStringLiteral(".abcdef"),
            QStringLiteral(".AbCdEf"),        QStringLiteral(".backup1"),
            QStringLiteral(".bak"),           save + QStringLiteral("Ab1dEf"),
            save + QStringLiteral("AbCdEfG"), QStringLiteral(".keyway-saveAbCdEf"),
            save + QStringLiteral("LiNkEd")};
        leftover(request + kept[0], QDateTime::currentDateTimeUtc());
        for (qsizetype i = 1; i + 1 < kept.size(); ++i)
            leftover(request + kept[i], old);
        leftover(QStringLiteral("Users/Gone.request.json") + save + QStringLiteral("AbCdEf"), old);
        QVERIFY(QFile::link(dir.filePath(request + kept[0]), dir.filePath(request + kept.last())));

        WorkspaceStore reader(dir.path());
        const auto loaded = reader.load();
        QVERIFY(loaded.problems.isEmpty());
        QCOMPARE(
            loaded.sweptFiles,
            (QStringList {request + save + QStringLiteral("AbCdEf"),
                          WorkspaceStore::WorkspaceFileName + save + QStringLiteral("QwErTy")}));
        QMap<QString, QByteArray> after = snapshot(dir.path());
        for (const QString &name : kept)
            QVERIFY2(after.remove(request + name) == 1, qPrintable(name));
        QVERIFY(after.remove(QStringLiteral("Users/Gone.request.json") + save
                             + QStringLiteral("AbCdEf"))
                == 1);
        QCOMPARE(after, before);
        QCOMPARE(loaded.data, data);
    }

    void load_missingFolderIsReported()
    {
        WorkspaceStore store(QStringLiteral("/nonexistent/keyway/ws"));
        const auto loaded = store.load();
        QVERIFY(!loaded.found);
        QCOMPARE(loaded.problems.size(), 1);
        QVERIFY(loaded.problems[0].message.contains(QStringLiteral("does not exist")));
    }
};

QTEST_GUILESS_MAIN(tst_WorkspaceStore)
#include "tst_workspacestore.moc"
