// Shared store: P keyway-cli processes × 50 concurrent requests on one expired Redis profile
// (refreshes the server saw, failures, wall time), and what the Redis store costs in the send
// path of one process with a fresh token (requests per second against --store memory).
// Prints a table; only counts decide the exit code.
#include "redisserver.h"
#include "sandboxprocess.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <algorithm>
#include <memory>
#include <vector>

using namespace Keyway;

namespace {

struct Run
{
    int exitCode = -1;
    QJsonObject summary; // keyway-cli --json
};

class Bench
{
public:
    Bench(Test::SandboxProcess &sandbox, const Test::RedisServer &redis)
        : m_sandbox(sandbox),
          m_binary(qEnvironmentVariable("KEYWAY_BIN_DIR") + QStringLiteral("/keyway-cli")),
          m_store(QStringLiteral("redis://127.0.0.1:%1/0").arg(redis.port()))
    {
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("KEYWAY_CLIENT_SECRET"), QStringLiteral("demo-secret"));
        m_env.insert(QStringLiteral("KEYWAY_PASSWORD"), QStringLiteral("demo-password"));
        m_env.remove(QStringLiteral("KEYWAY_STORE"));
        // The profile `login` saves stays in the benchmark's own data folder.
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.path());
    }

    QStringList clientArgs() const
    {
        return {QStringLiteral("--token-url"),
                m_sandbox.url(QStringLiteral("/oauth/token")).toString(),
                QStringLiteral("--client-id"), QStringLiteral("keyway-demo")};
    }
    QStringList grantArgs() const
    {
        return {QStringLiteral("--grant"), QStringLiteral("password"), QStringLiteral("--username"),
                QStringLiteral("demo")};
    }
    QStringList redisArgs() const
    {
        return {QStringLiteral("--store"), m_store, QStringLiteral("--profile"),
                QStringLiteral("bench")};
    }
    QStringList sendArgs(int count, int concurrency) const
    {
        return QStringList {QStringLiteral("send"),
                            QStringLiteral("GET"),
                            m_sandbox.url(QStringLiteral("/api/items")).toString(),
                            QStringLiteral("--count"),
                            QString::number(count),
                            QStringLiteral("--concurrency"),
                            QString::number(concurrency),
                            QStringLiteral("--json")}
        + clientArgs();
    }

    // Runs the processes at once; returns when all have ended (the event loop keeps running).
    std::vector<Run> runAll(const std::vector<QStringList> &argumentLists, qint64 *wallMs) const
    {
        std::vector<std::unique_ptr<QProcess>> processes;
        QElapsedTimer wall;
        wall.start();
        for (const QStringList &arguments : argumentLists) {
            auto process = std::make_unique<QProcess>();
            process->setProcessEnvironment(m_env);
            process->start(m_binary, arguments);
            processes.push_back(std::move(process));
        }
        (void)QTest::qWaitFor(
            [&] {
                return std::all_of(processes.begin(), processes.end(), [](const auto &p) {
                    return p->state() == QProcess::NotRunning;
                });
            },
            120000);
        if (wallMs)
            *wallMs = wall.elapsed();
        std::vector<Run> runs;
        for (const auto &process : processes) {
            if (process->state() != QProcess::NotRunning) {
                process->kill();
                process->waitForFinished(5000); // killed: ends at once
            }
            Run run;
            run.exitCode = process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1;
            run.summary = QJsonDocument::fromJson(process->readAllStandardOutput()).object();
            runs.push_back(run);
        }
        return runs;
    }

    Run runOne(const QStringList &arguments, qint64 *wallMs = nullptr) const
    {
        return runAll({arguments}, wallMs).front();
    }

private:
    Test::SandboxProcess &m_sandbox;
    QString m_binary;
    QString m_store;
    QTemporaryDir m_home;
    QProcessEnvironment m_env;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? qMax(1, QByteArray(argv[1]).toInt()) : 3;
    const int requests = argc > 2 ? qMax(1, QByteArray(argv[2]).toInt()) : 2000;
    QTextStream out(stdout);

    Test::SandboxProcess sandbox;
    Test::RedisServer redis;
    QString error;
    if (!sandbox.start({}, &error) || !redis.start(&error)) {
        out << "bench_sharedstore: " << error << Qt::endl;
        return 1;
    }
    Bench bench(sandbox, redis);
    bool countsOk = true;

    const Run login = bench.runOne(QStringList {QStringLiteral("login")} + bench.redisArgs()
                                   + bench.clientArgs() + bench.grantArgs());
    if (login.exitCode != 0) {
        out << "bench_sharedstore: login failed" << Qt::endl;
        return 1;
    }

    // ---- P processes × 50 concurrent requests, right after the server expired the token ----
    out << "shared Redis profile, tokens expired by the server, 50 concurrent requests per "
           "process, "
        << rounds << " rounds each (median wall time)\n";
    out << QStringLiteral("  %1 %2 %3 %4 %5\n")
               .arg(QStringLiteral("processes"), -10)
               .arg(QStringLiteral("requests"), 9)
               .arg(QStringLiteral("refreshes"), 10)
               .arg(QStringLiteral("failed"), 7)
               .arg(QStringLiteral("wall ms"), 8);
    for (const int processes : {1, 2, 4, 8}) {
        QList<qint64> walls;
        int worstRefreshes = 1;
        int failed = 0;
        for (int round = 0; round < rounds; ++round) {
            sandbox.admin("POST", QStringLiteral("/admin/counters/reset"));
            sandbox.admin("POST", QStringLiteral("/admin/expire"));
            const std::vector<QStringList> lists(processes,
                                                 bench.sendArgs(50, 50) + bench.redisArgs());
            qint64 wallMs = 0;
            const std::vector<Run> runs = bench.runAll(lists, &wallMs);
            walls.append(wallMs);
            for (const Run &run : runs)
                failed +=
                    run.exitCode == 0 ? run.summary.value(QStringLiteral("failed")).toInt() : 50;
            const int refreshes = sandbox.admin("GET", QStringLiteral("/admin/counters"))
                                      .value(QStringLiteral("refreshes"))
                                      .toInt();
            if (refreshes != 1)
                worstRefreshes = refreshes;
        }
        std::sort(walls.begin(), walls.end());
        countsOk = countsOk && worstRefreshes == 1 && failed == 0;
        out << QStringLiteral("  %1 %2 %3 %4 %5\n")
                   .arg(processes, -10)
                   .arg(processes * 50 * rounds, 9)
                   .arg(worstRefreshes == 1 ? QStringLiteral("1 each")
                                            : QString::number(worstRefreshes),
                        10)
                   .arg(failed, 7)
                   .arg(walls.at(walls.size() / 2), 8);
        out.flush();
    }

    // ---- the store in the send path: a fresh token, memory against Redis ----
    // The token is fresh: the Redis run reads it once at start; the memory run signs in first.
    // Batch rates come from keyway-cli's own wall_ms (the requests only), process times include
    // start-up and getting the token. Rounds are interleaved so that both see the same machine.
    sandbox.admin("POST", QStringLiteral("/admin/counters/reset"));
    const QStringList memoryArgs = bench.sendArgs(requests, 50)
        + QStringList {QStringLiteral("--store"), QStringLiteral("memory")} + bench.grantArgs();
    const QStringList redisArgs = bench.sendArgs(requests, 50) + bench.redisArgs();
    bench.runOne(redisArgs); // warm-up: the token is fresh from here on
    QList<double> memoryRates, redisRates;
    QList<qint64> memoryProcess, redisProcess;
    for (int round = 0; round < rounds; ++round) {
        for (const bool useRedis : {false, true}) {
            qint64 wallMs = 0;
            const Run run = bench.runOne(useRedis ? redisArgs : memoryArgs, &wallMs);
            const int ok = run.summary.value(QStringLiteral("ok")).toInt();
            const qint64 batchMs =
                qMax<qint64>(1, run.summary.value(QStringLiteral("wall_ms")).toInteger());
            countsOk = countsOk && run.exitCode == 0 && ok == requests;
            (useRedis ? redisRates : memoryRates).append(ok * 1000.0 / batchMs);
            (useRedis ? redisProcess : memoryProcess).append(wallMs);
        }
    }
    const int refreshes = sandbox.admin("GET", QStringLiteral("/admin/counters"))
                              .value(QStringLiteral("refreshes"))
                              .toInt();
    countsOk = countsOk && refreshes == 0;
    const auto best = [](QList<double> values) {
        return *std::max_element(values.begin(), values.end());
    };
    const auto fastest = [](QList<qint64> values) {
        return *std::min_element(values.begin(), values.end());
    };
    out << "\none process, fresh token, " << requests << " requests, concurrency 50, best of "
        << rounds << "\n";
    out << QStringLiteral("  %1 %2 %3\n")
               .arg(QStringLiteral("store"), -8)
               .arg(QStringLiteral("req/s"), 8)
               .arg(QStringLiteral("process ms"), 11);
    out << QStringLiteral("  %1 %2 %3\n")
               .arg(QStringLiteral("memory"), -8)
               .arg(best(memoryRates), 8, 'f', 0)
               .arg(fastest(memoryProcess), 11);
    out << QStringLiteral("  %1 %2 %3\n")
               .arg(QStringLiteral("redis"), -8)
               .arg(best(redisRates), 8, 'f', 0)
               .arg(fastest(redisProcess), 11);
    out << "  refreshes during these runs: " << refreshes << "\n";
    out << Qt::flush;
    return countsOk ? 0 : 1;
}
