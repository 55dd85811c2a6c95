// Refresh storm: N requests in flight on an expired token. Prints how many refreshes the server
// saw, the wall time, and the latency the refresh added against the same run with a valid token.
#include "benchclient.h"
#include "loadrunner.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace Keyway;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int requests = argc > 1 ? QByteArray(argv[1]).toInt() : 1000;
    QTextStream out(stdout);

    Bench::BenchClient bench;
    QString error;
    if (!bench.start(&error)) {
        out << "bench_refreshstorm: " << error << Qt::endl;
        return 1;
    }
    Test::SandboxProcess &sandbox = bench.sandbox;

    const QUrl url = sandbox.url(QStringLiteral("/api/items"));
    const auto sendOne = [&](std::function<void(bool)> done) {
        bench.sendGet(url, done);
    };

    // Warm the connections, then the same storm with a valid and with an expired token.
    Bench::runLoad(requests, requests, sendOne);
    const Bench::LoadResult valid = Bench::runLoad(requests, requests, sendOne);
    sandbox.admin("POST", QStringLiteral("/admin/counters/reset"));
    sandbox.admin("POST", QStringLiteral("/admin/expire"));
    const Bench::LoadResult expired = Bench::runLoad(requests, requests, sendOne);
    const QJsonObject counters = sandbox.admin("GET", QStringLiteral("/admin/counters"));
    const int refreshes = counters.value(QStringLiteral("refreshes")).toInt();

    out << "refresh storm: " << requests << " concurrent requests\n";
    out << QStringLiteral("  %1 %2 %3 %4 %5\n")
               .arg(QStringLiteral("token"), -8)
               .arg(QStringLiteral("ok/failed"), 12)
               .arg(QStringLiteral("wall ms"), 9)
               .arg(QStringLiteral("p50 ms"), 8)
               .arg(QStringLiteral("p99 ms"), 8);
    const auto row = [&](const QString &name, const Bench::LoadResult &r) {
        out << QStringLiteral("  %1 %2 %3 %4 %5\n")
                   .arg(name, -8)
                   .arg(QStringLiteral("%1/%2").arg(r.ok).arg(r.failed), 12)
                   .arg(r.wallMs, 9)
                   .arg(r.percentileUs(0.5) / 1000.0, 8, 'f', 1)
                   .arg(r.percentileUs(0.99) / 1000.0, 8, 'f', 1);
    };
    row(QStringLiteral("valid"), valid);
    row(QStringLiteral("expired"), expired);
    out << "  refreshes at the server: " << refreshes << "\n";
    out << "  added latency (wall): " << (expired.wallMs - valid.wallMs) << " ms\n";
    out << Qt::flush;
    // Counts are the contract; times are only printed.
    return (refreshes == 1 && expired.failed == 0 && valid.failed == 0) ? 0 : 1;
}
