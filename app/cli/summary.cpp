#include "summary.h"

#include "http/apicall.h"
#include "log/event.h"

#include <QJsonArray>
#include <QStringList>

namespace Keyway::Cli {

namespace {

QString counted(int n, const char *singular, const char *plural)
{
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? singular : plural));
}

} // namespace

void Summary::addCall(const ApiCall &call, const QString &errorText)
{
    ++m_requests;
    if (call.isSuccess())
        ++m_ok;
    if (call.httpStatus() != 0)
        ++m_statuses[call.httpStatus()];
    else
        ++m_noAnswer;
    if (call.error() != ApiCall::Error::None)
        ++m_errors[errorText.isEmpty() ? call.errorString() : errorText];
}

void Summary::addEvent(const Event &event)
{
    if (event.type == EventType::RefreshStarted)
        ++m_refreshes;
    else if (event.type == EventType::RequestReplayed)
        ++m_replays;
}

QJsonObject Summary::toJson() const
{
    QJsonObject statuses;
    for (auto it = m_statuses.cbegin(); it != m_statuses.cend(); ++it)
        statuses.insert(QString::number(it.key()), it.value());
    QJsonObject json {
        {QStringLiteral("requests"), m_requests},   {QStringLiteral("ok"), m_ok},
        {QStringLiteral("failed"), failed()},       {QStringLiteral("statuses"), statuses},
        {QStringLiteral("refreshes"), m_refreshes}, {QStringLiteral("replays"), m_replays},
        {QStringLiteral("wall_ms"), m_wallMs},
    };
    if (!m_errors.isEmpty()) {
        QJsonArray errors;
        for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
            errors.append(QJsonObject {{QStringLiteral("message"), it.key()},
                                       {QStringLiteral("count"), it.value()}});
        json.insert(QStringLiteral("errors"), errors);
    }
    return json;
}

QString Summary::toText() const
{
    QString outcome;
    if (allSucceeded() && m_statuses.size() == 1) {
        outcome = QStringLiteral("all %1").arg(m_statuses.firstKey());
    } else {
        QStringList parts;
        for (auto it = m_statuses.cbegin(); it != m_statuses.cend(); ++it)
            parts.append(QStringLiteral("%1 ×%2").arg(it.key()).arg(it.value()));
        if (m_noAnswer)
            parts.append(QStringLiteral("no answer ×%1").arg(m_noAnswer));
        outcome = QStringLiteral("%1 ok, %2 failed (%3)")
                      .arg(m_ok)
                      .arg(failed())
                      .arg(parts.join(QStringLiteral(", ")));
    }
    return QStringLiteral("%1: %2, %3, %4 (%5 ms)")
        .arg(counted(m_requests, "request", "requests"),
             counted(m_refreshes, "refresh", "refreshes"), counted(m_replays, "replay", "replays"),
             outcome)
        .arg(m_wallMs);
}

} // namespace Keyway::Cli
