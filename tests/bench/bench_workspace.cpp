// Load and save of a large workspace: 10 000 requests in 500 folders (25 collections of 20
// folders), each request with headers, a JSON body and a variable. Prints wall time, files and
// peak RSS for a first save, a load, a save with nothing changed and a save after one edit; exits
// non-zero only when a count is wrong (files written, requests loaded, data not equal).
#include "collection/workspacestore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

using namespace Keyway;

namespace {

qint64 peakRssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

WorkspaceData large(int collections, int foldersPer, int requestsPer)
{
    WorkspaceData data;
    data.name = QStringLiteral("bench");
    data.variables = {{QStringLiteral("base"), QStringLiteral("https://api.example"), true, false}};
    for (int c = 0; c < collections; ++c) {
        FolderItem collection;
        collection.name = QStringLiteral("Collection %1").arg(c);
        collection.headers = {
            {QStringLiteral("Accept"), QStringLiteral("application/json"), true, {}}};
        for (int f = 0; f < foldersPer; ++f) {
            FolderItem folder;
            folder.name = QStringLiteral("Folder %1").arg(f);
            folder.description = QStringLiteral("Folder %1 of collection %2").arg(f).arg(c);
            for (int r = 0; r < requestsPer; ++r) {
                RequestItem request;
                request.name = QStringLiteral("Request %1").arg(r);
                request.method = r % 3 ? QStringLiteral("GET") : QStringLiteral("POST");
                request.url =
                    QStringLiteral("{{base}}/c%1/f%2/items/%3?page={{page}}").arg(c).arg(f).arg(r);
                request.headers = {
                    {QStringLiteral("X-Trace"), QStringLiteral("{{$uuid}}"), true, {}},
                    {QStringLiteral("X-Old"), QStringLiteral("1"), false, {}}};
                request.variables = {{QStringLiteral("page"), QString::number(r), true, false}};
                if (request.method == QLatin1String("POST")) {
                    request.body.mode = RequestBody::Mode::Raw;
                    request.body.contentType = QStringLiteral("application/json");
                    request.body.text =
                        QStringLiteral("{\n  \"name\": \"item %1\",\n  \"tags\": [\"a\", \"b\"]\n}")
                            .arg(r);
                }
                folder.requests.append(request);
            }
            collection.folders.append(folder);
        }
        data.collections.append(collection);
    }
    return data;
}

int requestCount(const WorkspaceData &data)
{
    int n = 0;
    for (const FolderItem &c : data.collections) {
        for (const FolderItem &f : c.folders)
            n += int(f.requests.size());
    }
    return n;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const int rounds = argc > 1 ? QByteArray(argv[1]).toInt() : 3;
    int failures = 0;
    const auto check = [&](bool ok, const QString &what) {
        if (!ok) {
            out << "bench_workspace: FAILED: " << what << Qt::endl;
            ++failures;
        }
    };

    WorkspaceData data = large(25, 20, 20);
    out << "workspace: " << requestCount(data) << " requests in 500 folders, best of " << rounds
        << " rounds" << Qt::endl;
    qint64 best[4] = {-1, -1, -1, -1};
    qsizetype files[4] = {};
    const auto keep = [&best](int i, qint64 ms) {
        if (best[i] < 0 || ms < best[i])
            best[i] = ms;
    };
    for (int round = 0; round < rounds; ++round) {
        QTemporaryDir dir;
        WorkspaceData copy = data;
        QElapsedTimer timer;

        WorkspaceStore writer(dir.path());
        timer.start();
        auto saved = writer.save(copy);
        keep(0, timer.elapsed());
        files[0] = saved.written.size();
        check(saved.ok() && saved.written.size() == 10000 + 500 + 25 + 1,
              QStringLiteral("first save wrote %1 files").arg(saved.written.size()));

        WorkspaceStore reader(dir.path());
        timer.start();
        WorkspaceLoadResult loaded = reader.load();
        keep(1, timer.elapsed());
        files[1] = 10000;
        check(loaded.problems.isEmpty() && requestCount(loaded.data) == 10000,
              QStringLiteral("load found %1 requests").arg(requestCount(loaded.data)));
        check(loaded.data == copy, QStringLiteral("loaded data differs from saved data"));

        timer.start();
        saved = reader.save(loaded.data);
        keep(2, timer.elapsed());
        files[2] = saved.written.size();
        check(saved.ok() && saved.written.isEmpty(),
              QStringLiteral("unchanged save wrote %1 files").arg(saved.written.size()));

        loaded.data.collections[7].folders[3].requests[5].url = QStringLiteral("/changed");
        timer.start();
        saved = reader.save(loaded.data);
        keep(3, timer.elapsed());
        files[3] = saved.written.size();
        check(saved.ok() && saved.written.size() == 1,
              QStringLiteral("one-edit save wrote %1 files").arg(saved.written.size()));
    }
    const char *names[4] = {"first save", "load", "save, nothing changed",
                            "save, one request changed"};
    out << "| step | ms | files written or read |" << Qt::endl << "| --- | --- | --- |" << Qt::endl;
    for (int i = 0; i < 4; ++i)
        out << "| " << names[i] << " | " << best[i] << " | " << files[i] << " |" << Qt::endl;
    out << "peak RSS: " << peakRssKb() / 1024 << " MB" << Qt::endl;
    return failures ? 1 : 0;
}
