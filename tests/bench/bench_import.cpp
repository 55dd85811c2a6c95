// Import of a generated 5 MB Postman collection v2.1 (folders, headers, JSON bodies, variables,
// scripts), then its export back to Postman: prints wall ms and peak RSS. As a test it checks
// only that every request arrived.

#include "sandboxprocess.h"

#include "collection/export/postmanexporter.h"
#include "collection/import/importer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>

using namespace Keyway;

namespace {

QJsonObject requestItem(int folder, int index)
{
    QJsonArray headers;
    for (int h = 0; h < 4; ++h)
        headers.append(QJsonObject {{QStringLiteral("key"), QStringLiteral("X-Header-%1").arg(h)},
                                    {QStringLiteral("value"), QStringLiteral("{{value%1}}-%2").arg(h).arg(index)},
                                    {QStringLiteral("disabled"), h == 3}});
    QJsonObject body {{QStringLiteral("mode"), QStringLiteral("raw")},
                      {QStringLiteral("raw"), QStringLiteral("{\"folder\": %1, \"request\": %2, \"payload\": \"%3\"}")
                                                  .arg(folder).arg(index).arg(QString(400, QLatin1Char('x')))},
                      {QStringLiteral("options"), QJsonObject {{QStringLiteral("raw"), QJsonObject {{QStringLiteral("language"), QStringLiteral("json")}}}}}};
    QJsonObject url {{QStringLiteral("raw"), QStringLiteral("{{baseUrl}}/folders/%1/items/%2?page=1").arg(folder).arg(index)},
                     {QStringLiteral("host"), QJsonArray {QStringLiteral("{{baseUrl}}")}},
                     {QStringLiteral("path"), QJsonArray {QStringLiteral("folders"), QString::number(folder), QStringLiteral("items"), QString::number(index)}},
                     {QStringLiteral("query"), QJsonArray {QJsonObject {{QStringLiteral("key"), QStringLiteral("page")}, {QStringLiteral("value"), QStringLiteral("1")}}}}};
    return {{QStringLiteral("name"), QStringLiteral("Request %1.%2").arg(folder).arg(index)},
            {QStringLiteral("event"), QJsonArray {QJsonObject {{QStringLiteral("listen"), QStringLiteral("test")},
                                                               {QStringLiteral("script"), QJsonObject {{QStringLiteral("exec"), QJsonArray {QStringLiteral("pm.test('ok', () => pm.response.to.be.ok);")}}}}}}},
            {QStringLiteral("request"), QJsonObject {{QStringLiteral("method"), index % 2 ? QStringLiteral("POST") : QStringLiteral("GET")},
                                                     {QStringLiteral("header"), headers},
                                                     {QStringLiteral("body"), body},
                                                     {QStringLiteral("url"), url},
                                                     {QStringLiteral("description"), QStringLiteral("Request %1 of folder %2").arg(index).arg(folder)}}}};
}

QByteArray generatedCollection(qsizetype targetBytes, int *requests)
{
    const int perFolder = 50;
    // One request is about 2.9 kB of indented JSON.
    const int folders = qMax(1, int(targetBytes / (perFolder * 2900)));
    QJsonArray items;
    *requests = 0;
    for (int f = 0; f < folders; ++f) {
        QJsonArray children;
        for (int r = 0; r < perFolder; ++r, ++*requests)
            children.append(requestItem(f, r));
        items.append(QJsonObject {{QStringLiteral("name"), QStringLiteral("Folder %1").arg(f)}, {QStringLiteral("item"), children}});
    }
    const QJsonObject root {{QStringLiteral("info"), QJsonObject {{QStringLiteral("name"), QStringLiteral("Bench")},
                                                                  {QStringLiteral("schema"), QStringLiteral("https://schema.getpostman.com/json/collection/v2.1.0/collection.json")}}},
                            {QStringLiteral("variable"), QJsonArray {QJsonObject {{QStringLiteral("key"), QStringLiteral("baseUrl")}, {QStringLiteral("value"), QStringLiteral("http://127.0.0.1:8080")}}}},
                            {QStringLiteral("item"), items}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

qsizetype countRequests(const FolderItem &folder)
{
    qsizetype n = folder.requests.size();
    for (const FolderItem &child : folder.folders)
        n += countRequests(child);
    return n;
}

} // namespace

// The import in a process of its own, so that its peak RSS is the import's alone (not that of
// generating the collection).
int importOnce(const QString &path, int expected)
{
    const qint64 size = QFileInfo(path).size();
    const qint64 rssBefore = Test::residentKb();
    QElapsedTimer timer;
    timer.start();
    const ImportResult result = importPath(path);
    const qint64 importMs = timer.elapsed();
    const qint64 peakAfterImport = Test::peakResidentKb();
    if (!result.ok()) {
        std::fprintf(stderr, "import failed: %s\n", qPrintable(result.error->toString()));
        return 1;
    }
    const qsizetype imported = countRequests(result.workspace.collections.first());
    timer.restart();
    const ExportResult exported = exportPostmanCollection(result.workspace.collections.first());
    const qint64 exportMs = timer.elapsed();

    std::printf("Postman collection: %.1f MB, %lld requests in %lld folders, %lld issues reported\n",
                size / (1024.0 * 1024.0), qlonglong(imported),
                qlonglong(result.workspace.collections.first().folders.size()), qlonglong(result.issues.size()));
    std::printf("import: %lld ms, RSS before %lld MB, peak %lld MB\n", importMs, rssBefore / 1024,
                peakAfterImport / 1024);
    std::printf("export to Postman v2.1: %lld ms (%.1f MB)\n", exportMs,
                exported.data.size() / (1024.0 * 1024.0));
    std::fflush(stdout);
    if (imported != expected) {
        std::fprintf(stderr, "imported %lld of %d requests\n", qlonglong(imported), expected);
        return 1;
    }
    return 0;
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 4 && args.at(1) == QLatin1String("--import"))
        return importOnce(args.at(2), args.at(3).toInt());

    const qsizetype target = (args.size() > 1 ? args.at(1).toLongLong() : 5) * 1024 * 1024;
    int generated = 0;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.postman_collection.json"));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return 2;
        file.write(generatedCollection(target, &generated));
    }
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.start(app.applicationFilePath(), {QStringLiteral("--import"), path, QString::number(generated)});
    if (!child.waitForFinished(600000))
        return 3;
    return child.exitStatus() == QProcess::NormalExit ? child.exitCode() : 4;
}
