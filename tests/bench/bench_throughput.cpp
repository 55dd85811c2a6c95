// Throughput of AuthorizedClient against a bare QNetworkAccessManager sending the same bearer token
// to the same sandbox route: the cost of the interceptor (token lookup, challenge check, events).
#include "benchclient.h"
#include "loadrunner.h"

#include <QCoreApplication>
#include <QNetworkReply>
#include <QTextStream>

using namespace Keyway;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int requests = argc > 1 ? QByteArray(argv[1]).toInt() : 5000;
    const int rounds = argc > 2 ? QByteArray(argv[2]).toInt() : 3;
    QTextStream out(stdout);

    Bench::BenchClient bench;
    QString error;
    if (!bench.start(&error)) {
        out << "bench_throughput: " << error << Qt::endl;
        return 1;
    }
    Test::SandboxProcess &sandbox = bench.sandbox;

    const QUrl url = sandbox.url(QStringLiteral("/api/items"));
    QNetworkAccessManager bareNetwork;
    const QByteArray authorization = "Bearer " + bench.tokens->tokens().accessToken.toUtf8();
    const auto bare = [&](std::function<void(bool)> done) {
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", authorization);
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        QNetworkReply *reply = bareNetwork.get(request);
        QObject::connect(reply, &QNetworkReply::finished, reply, [reply, done] {
            reply->readAll();
            done(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200);
            reply->deleteLater();
        });
    };
    const auto authorized = [&](std::function<void(bool)> done) {
        bench.sendGet(url, done);
    };

    bool allOk = true;
    out << "throughput: " << requests << " GET /api/items per run, best of " << rounds
        << " rounds, runs interleaved\n";
    out << QStringLiteral("  %1 %2 %3 %4 %5 %6 %7\n")
               .arg(QStringLiteral("concurrency"), -12)
               .arg(QStringLiteral("bare req/s"), 11)
               .arg(QStringLiteral("client req/s"), 13)
               .arg(QStringLiteral("overhead"), 9)
               .arg(QStringLiteral("bare cpu us/req"), 16)
               .arg(QStringLiteral("client cpu us/req"), 18)
               .arg(QStringLiteral("cpu overhead"), 13);
    for (const int concurrency : {1, 50}) {
        Bench::runLoad(qMin(requests, 500), concurrency, bare); // warm-up
        Bench::runLoad(qMin(requests, 500), concurrency, authorized);
        double bestBare = 0;
        double bestClient = 0;
        double bareCpu = 1e12;
        double clientCpu = 1e12;
        for (int round = 0; round < rounds; ++round) {
            const Bench::LoadResult b = Bench::runLoad(requests, concurrency, bare);
            const Bench::LoadResult c = Bench::runLoad(requests, concurrency, authorized);
            allOk = allOk && b.failed == 0 && c.failed == 0;
            bestBare = qMax(bestBare, b.requestsPerSecond());
            bestClient = qMax(bestClient, c.requestsPerSecond());
            bareCpu = qMin(bareCpu, b.cpuUsPerRequest());
            clientCpu = qMin(clientCpu, c.cpuUsPerRequest());
        }
        const double overhead = bestBare > 0 ? (bestBare - bestClient) * 100.0 / bestBare : 0;
        const double cpuOverhead = bareCpu > 0 ? (clientCpu - bareCpu) * 100.0 / bareCpu : 0;
        out << QStringLiteral("  %1 %2 %3 %4% %5 %6 %7%\n")
                   .arg(concurrency, -12)
                   .arg(bestBare, 11, 'f', 0)
                   .arg(bestClient, 13, 'f', 0)
                   .arg(overhead, 8, 'f', 1)
                   .arg(bareCpu, 16, 'f', 1)
                   .arg(clientCpu, 18, 'f', 1)
                   .arg(cpuOverhead, 12, 'f', 1);
    }
    out << Qt::flush;
    return allOk ? 0 : 1;
}
