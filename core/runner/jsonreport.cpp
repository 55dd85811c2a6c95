#include "runner/jsonreport.h"

#include <QDateTime>
#include <QJsonArray>

namespace Keyway {

QJsonObject jsonReport(const RunReport &report)
{
    QJsonArray requests;
    for (const RequestRun &run : report.runs) {
        QJsonArray assertions;
        for (const AssertionResult &a : run.assertions) {
            QJsonObject o {{QStringLiteral("assertion"), a.assertion},
                           {QStringLiteral("passed"), a.passed},
                           {QStringLiteral("actual"), a.actual}};
            if (!a.passed)
                o.insert(QStringLiteral("message"), a.message);
            assertions.append(o);
        }
        QJsonObject response {{QStringLiteral("status"), run.status},
                              {QStringLiteral("timeMs"), run.elapsedMs},
                              {QStringLiteral("bytes"), run.bodyBytes},
                              {QStringLiteral("contentType"), run.contentType},
                              {QStringLiteral("replays"), run.replays}};
        QJsonObject request {{QStringLiteral("sequence"), run.sequence},
                             {QStringLiteral("iteration"), run.iteration},
                             {QStringLiteral("name"), run.name},
                             {QStringLiteral("method"), run.method},
                             {QStringLiteral("url"), run.url},
                             {QStringLiteral("profile"), run.profile},
                             {QStringLiteral("passed"), run.passed()},
                             {QStringLiteral("response"), response},
                             {QStringLiteral("assertions"), assertions}};
        if (!run.error.isEmpty())
            request.insert(QStringLiteral("error"), run.error);
        requests.append(request);
    }
    const RunTotals &t = report.totals;
    QJsonArray events;
    for (const QJsonObject &event : report.authEvents)
        events.append(event);
    return {
        {QStringLiteral("run"),
         QJsonObject {{QStringLiteral("target"), report.target},
                      {QStringLiteral("environment"), report.environment},
                      {QStringLiteral("iterations"), report.iterations},
                      {QStringLiteral("insecure"), report.insecure},
                      {QStringLiteral("startedAt"),
                       QDateTime::fromMSecsSinceEpoch(report.startedAtMs, Qt::UTC)
                           .toString(Qt::ISODateWithMs)}}},
        {QStringLiteral("totals"),
         QJsonObject {{QStringLiteral("requests"), t.requests},
                      {QStringLiteral("plannedRequests"), report.plannedRequests},
                      {QStringLiteral("failedRequests"), t.failedRequests},
                      {QStringLiteral("assertions"), t.assertions},
                      {QStringLiteral("failedAssertions"), t.failedAssertions},
                      {QStringLiteral("refreshes"), t.refreshes},
                      {QStringLiteral("replays"), t.replays},
                      {QStringLiteral("wallMs"), t.wallMs},
                      {QStringLiteral("bailed"), t.bailed},
                      {QStringLiteral("interrupted"), t.interrupted},
                      {QStringLiteral("passed"), t.allPassed()}}},
        {QStringLiteral("requests"), requests},
        {QStringLiteral("authEvents"), events},
        {QStringLiteral("authEventsDropped"), report.droppedAuthEvents},
    };
}

} // namespace Keyway
