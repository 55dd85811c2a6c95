#include "runner/consolereport.h"

#include <QStringList>

namespace Keyway::ConsoleReport {

namespace {

QString plural(int n, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
}

QString table(const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QStringList &row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths.append(0);
            widths[i] = qMax(widths[i], row.at(i).size());
        }
    }
    QString out;
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i) {
            // The label column is left-aligned, the figures right-aligned.
            line += i == 0 ? row.at(i).leftJustified(widths[i])
                           : QStringLiteral("  ") + row.at(i).rightJustified(widths[i]);
        }
        out +=
            line.trimmed().isEmpty() ? QString() : QStringLiteral("  ") + line + QLatin1Char('\n');
    }
    return out;
}

} // namespace

QString requestLines(const RequestRun &run, int iterations)
{
    QString name = run.name;
    if (iterations > 1)
        name += QStringLiteral(" [%1]").arg(run.iteration);
    QString line = QStringLiteral("%1 %2  %3 %4")
                       .arg(run.passed() ? QStringLiteral("✓") : QStringLiteral("✗"), name,
                            run.method, run.url);
    if (run.status)
        line += QStringLiteral("  %1  %2 ms").arg(run.status).arg(run.elapsedMs);
    if (run.replays)
        line += QStringLiteral("  (replayed after a token refresh)");
    line += QLatin1Char('\n');
    if (!run.error.isEmpty())
        line += QStringLiteral("    ✗ %1\n").arg(run.error);
    for (const AssertionResult &a : run.assertions) {
        // With no answer every assertion fails for the one reason already given.
        if (!a.passed && (run.status != 0 || run.error.isEmpty()))
            line += QStringLiteral("    ✗ %1: %2\n").arg(a.assertion, a.message);
    }
    return line;
}

QString progressLine(const RunProgress &progress)
{
    return QStringLiteral("%1/%2 done, %3 failed, %4")
        .arg(progress.done)
        .arg(progress.total)
        .arg(progress.failed)
        .arg(plural(progress.refreshes, "refresh", "refreshes"));
}

QString summary(const RunReport &report)
{
    const RunTotals &t = report.totals;
    QString out = QLatin1String("\n");
    out += table({
        {QString(), QStringLiteral("total"), QStringLiteral("passed"), QStringLiteral("failed")},
        {QStringLiteral("requests"), QString::number(t.requests),
         QString::number(t.requests - t.failedRequests), QString::number(t.failedRequests)},
        {QStringLiteral("assertions"), QString::number(t.assertions),
         QString::number(t.assertions - t.failedAssertions), QString::number(t.failedAssertions)},
        {QStringLiteral("token refreshes"), QString::number(t.refreshes)},
        {QStringLiteral("replays"), QString::number(t.replays)},
        {QStringLiteral("time"), QStringLiteral("%1 ms").arg(t.wallMs)},
    });
    if (t.bailed)
        out += QStringLiteral("stopped after the first failure (--bail): %1 of %2 requests ran\n")
                   .arg(t.requests)
                   .arg(report.plannedRequests);
    if (t.interrupted)
        out += QStringLiteral("interrupted: the requests in flight were cancelled; %1 of %2 "
                              "requests ran\n")
                   .arg(t.requests)
                   .arg(report.plannedRequests);
    out += t.allPassed()
        ? QStringLiteral("all passed\n")
        : QStringLiteral("%1 failed\n").arg(plural(t.failedRequests, "request", "requests"));
    return out;
}

} // namespace Keyway::ConsoleReport
