// The desktop app's figures: cold start to the first painted window (the real `keyway` binary,
// several runs), resident memory idle and with 100 000 events in the live log, and appending
// 10 000 events a second while a text filter is set (CPU per event, how far the log fell behind).
// Prints them; checks only counts (every event arrived, the bound held).
#include "auth/clock.h"
#include "log/calllogmodel.h"
#include "log/eventlog.h"
#include "logfiltermodel.h"
#include "logpanel.h"
#include "mainwindow.h"
#include "sandbox/sandbox.h"
#include "windowcore.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace Keyway;

namespace {

long rssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    }
    return -1;
}

double cpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec) / 1e6;
}

void settle(int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

// A call's worth of events, as the core posts them after an expiry: five per call.
QList<Event> callEvents(quint64 call, quint64 flight)
{
    const auto make = [&](EventType type, const QString &message, QJsonObject details = {}) {
        Event event;
        event.type = type;
        event.profile = QStringLiteral("bench");
        event.callId = call;
        event.attempt = 1;
        event.flightId = type == EventType::RefreshJoined ? flight : 0;
        event.generation = flight;
        event.message = message;
        event.details = std::move(details);
        return event;
    };
    return {
        make(EventType::RequestStarted,
             QStringLiteral("GET http://127.0.0.1:8080/api/items/%1").arg(call)),
        make(EventType::ChallengeReceived, QStringLiteral("401 for generation %1").arg(flight),
             {{QStringLiteral("status"), 401}}),
        make(EventType::RefreshJoined, QStringLiteral("challenge")),
        make(EventType::RequestReplayed, QStringLiteral("with generation %1").arg(flight + 1)),
        make(EventType::RequestFinished, QStringLiteral("200"),
             {{QStringLiteral("status"), 200}, {QStringLiteral("ms"), 12}}),
    };
}

int coldStart(int runs)
{
    const QString binary = qEnvironmentVariable("KEYWAY_BIN_DIR") + QStringLiteral("/keyway");
    QList<int> samples;
    for (int i = 0; i < runs; ++i) {
        QProcess process;
        process.start(binary, {QStringLiteral("--startup-time")});
        if (!process.waitForFinished(30000)) {
            std::fprintf(stderr, "keyway --startup-time did not finish\n");
            return -1;
        }
        const QByteArray out = process.readAllStandardOutput();
        const qsizetype at = out.indexOf("first_paint_ms ");
        if (at < 0) {
            std::fprintf(stderr, "no first_paint_ms in: %s\n", out.constData());
            return -1;
        }
        samples << out.mid(at + 15).trimmed().toInt();
    }
    std::sort(samples.begin(), samples.end());
    return samples.at(samples.size() / 2);
}

} // namespace

int main(int argc, char *argv[])
{
    // The demo writes its workspace folder, history and window state: into a throwaway home for
    // this process and the `keyway` processes it starts, never the user's data or config.
    QTemporaryDir home;
    if (!home.isValid()) {
        std::fprintf(stderr, "no temporary directory: %s\n", qPrintable(home.errorString()));
        return 1;
    }
    qputenv("XDG_DATA_HOME", home.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")).toLocal8Bit());
    qputenv("XDG_CACHE_HOME", home.filePath(QStringLiteral("cache")).toLocal8Bit());
    QApplication app(argc, argv);
    const int perSecond = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 5;
    bool ok = true;

    const int startMs = coldStart(5);
    ok = ok && startMs >= 0;

    Sandbox sandbox;
    QString error;
    if (!sandbox.start(&error)) {
        std::fprintf(stderr, "sandbox: %s\n", qPrintable(error));
        return 1;
    }
    Test::WindowCore core(&sandbox);
    MainWindow window(&core.profiles, &sandbox);
    window.show();
    settle(1500);
    const long idleKb = rssKb();

    // 100 000 events (20 000 calls), posted as the core would, then shown.
    CallLogModel *log = window.logModel();
    log->clear();
    quint64 call = 0;
    QElapsedTimer fill;
    fill.start();
    while (log->eventCount() + log->pendingCount() < CallLogModel::DefaultMaxEvents) {
        for (const Event &event : callEvents(++call, 1))
            core.events.post(event);
        if (call % 2000 == 0)
            QCoreApplication::processEvents();
    }
    log->flush();
    settle(500);
    const qint64 fillMs = fill.elapsed();
    const long fullKb = rssKb();
    ok = ok && log->eventCount() == CallLogModel::DefaultMaxEvents;

    // A steady 10 000 events/s for a few seconds, with a text filter on, into the full log.
    window.logPanel()
        ->findChild<QLineEdit *>(QStringLiteral("logFilter"))
        ->setText(QStringLiteral("items/1"));
    const int tickMs = 50;
    const int perTick = perSecond * tickMs / 1000;
    const int ticks = seconds * 1000 / tickMs;
    int posted = 0;
    qint64 worstLagMs = 0;
    QElapsedTimer wall;
    wall.start();
    const double cpuBefore = cpuMs();
    for (int tick = 0; tick < ticks; ++tick) {
        const qint64 due = qint64(tick) * tickMs;
        while (wall.elapsed() < due)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        worstLagMs = std::max(worstLagMs, wall.elapsed() - due);
        for (int i = 0; i < perTick / 5; ++i) {
            for (const Event &event : callEvents(++call, 2))
                core.events.post(event);
            posted += 5;
        }
    }
    log->flush();
    QCoreApplication::processEvents();
    const double cpu = cpuMs() - cpuBefore;
    const qint64 wallMs = wall.elapsed();
    ok = ok && log->eventCount() == CallLogModel::DefaultMaxEvents;
    const int shown = window.logPanel()->filterModel()->rowCount();

    std::printf("== GUI (offscreen), Qt %s\n", qVersion());
    std::printf("| figure | value |\n| --- | --- |\n");
    std::printf("| cold start to first paint (median of 5, `keyway --startup-time`) | %d ms |\n",
                startMs);
    std::printf("| resident memory, idle (window shown, signed in) | %.1f MB |\n", idleKb / 1024.0);
    std::printf("| resident memory with 100 000 events in the log | %.1f MB |\n", fullKb / 1024.0);
    std::printf("| 100 000 events posted and shown | %lld ms |\n", static_cast<long long>(fillMs));
    std::printf("| %d events/s for %d s, filter on, log full | %d events in %lld ms wall, %.1f ms "
                "CPU (%.2f µs/event) |\n",
                perSecond, seconds, posted, static_cast<long long>(wallMs), cpu,
                cpu * 1000.0 / posted);
    std::printf("| worst event-loop lag during the stream | %lld ms |\n",
                static_cast<long long>(worstLagMs));
    std::printf("| rows matching the filter at the end | %d |\n", shown);
    return ok ? 0 : 1;
}
