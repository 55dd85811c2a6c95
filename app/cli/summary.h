#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>

namespace Keyway {
class ApiCall;
struct Event;
} // namespace Keyway

namespace Keyway::Cli {

// The tally of a batch of calls: outcomes by status, refreshes and replays seen in the event
// stream, distinct failures. What `--json`, `--count` and the demo print at the end.
class Summary
{
public:
    // `errorText` names a failure when the caller can say it better than the core's message.
    void addCall(const ApiCall &call, const QString &errorText = {});
    void addEvent(const Event &event);
    void setWallMs(qint64 ms) { m_wallMs = ms; }

    int requests() const { return m_requests; }
    int succeeded() const { return m_ok; }
    int failed() const { return m_requests - m_ok; }
    int refreshes() const { return m_refreshes; }
    int replays() const { return m_replays; }
    bool allSucceeded() const { return m_requests > 0 && m_ok == m_requests; }
    // Failures without an HTTP answer, by message, with how often each was seen.
    const QMap<QString, int> &errors() const { return m_errors; }

    // {"requests", "ok", "failed", "statuses": {"200": n}, "refreshes", "replays", "wall_ms",
    //  "errors": [{"message", "count"}] when there were any}
    QJsonObject toJson() const;
    // "5 requests: 1 refresh, 5 replays, all 200 (43 ms)"
    QString toText() const;

private:
    int m_requests = 0;
    int m_ok = 0;
    int m_noAnswer = 0;
    QMap<int, int> m_statuses;
    QMap<QString, int> m_errors;
    int m_refreshes = 0;
    int m_replays = 0;
    qint64 m_wallMs = 0;
};

} // namespace Keyway::Cli
