#pragma once

#include <QElapsedTimer>
#include <QList>

#include <algorithm>
#include <functional>

namespace Keyway::Bench {

struct LoadResult
{
    int ok = 0;
    int failed = 0;
    qint64 wallMs = 0;
    qint64 cpuUs = 0; // CPU time this process spent (the sandbox runs in its own)
    QList<qint64> latenciesUs;

    double cpuUsPerRequest() const { return (ok + failed) ? double(cpuUs) / (ok + failed) : 0; }

    double requestsPerSecond() const { return wallMs ? (ok + failed) * 1000.0 / wallMs : 0; }
    qint64 percentileUs(double p) const
    {
        if (latenciesUs.isEmpty())
            return 0;
        QList<qint64> sorted = latenciesUs;
        std::sort(sorted.begin(), sorted.end());
        return sorted.at(qMin<qsizetype>(sorted.size() - 1, qsizetype(p * sorted.size())));
    }
};

// Sends `total` requests keeping `concurrency` in flight. `sendOne(done)` starts one request and
// calls done(success) when it ends; the event loop runs until all have ended.
LoadResult runLoad(int total, int concurrency,
                   const std::function<void(std::function<void(bool)>)> &sendOne);

} // namespace Keyway::Bench
