#include "loadrunner.h"

#include <QEventLoop>

#include <memory>

#include <time.h>

namespace Keyway::Bench {

static qint64 processCpuUs()
{
    timespec now {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000000 + now.tv_nsec / 1000;
}

LoadResult runLoad(int total, int concurrency,
                   const std::function<void(std::function<void(bool)>)> &sendOne)
{
    LoadResult result;
    QEventLoop loop;
    int started = 0;
    int finished = 0;
    QElapsedTimer wall;
    wall.start();
    const qint64 cpuStart = processCpuUs();
    auto launch = std::make_shared<std::function<void()>>();
    *launch = [&, launch] {
        const int index = started++;
        Q_UNUSED(index);
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        sendOne([&, timer, launch](bool ok) {
            result.latenciesUs.append(timer->nsecsElapsed() / 1000);
            ok ? ++result.ok : ++result.failed;
            if (++finished == total) {
                loop.quit();
                return;
            }
            if (started < total)
                (*launch)();
        });
    };
    for (int i = 0; i < qMin(concurrency, total); ++i)
        (*launch)();
    if (finished < total)
        loop.exec();
    result.wallMs = wall.elapsed();
    result.cpuUs = processCpuUs() - cpuStart;
    *launch = nullptr; // break the self-reference
    return result;
}

} // namespace Keyway::Bench
