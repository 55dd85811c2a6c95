#include "requestsender.h"

#include "auth/profilesessions.h"
#include "banner.h"
#include "collection/requestresolver.h"
#include "http/authorizedclient.h"
#include "log/calllogmodel.h"
#include "log/exchangelog.h"
#include "log/redaction.h"
#include "requestcomposer.h"
#include "requesttab.h"
#include "responseview.h"

#include <QTimer>

namespace Keyway {

namespace {

constexpr int DefaultTimeoutMs = 30000;

} // namespace

RequestSender::RequestSender(ProfileSessions *profiles, ExchangeLog *exchanges,
                             CallLogModel *logModel, QObject *parent)
    : QObject(parent), m_profiles(profiles), m_exchanges(exchanges), m_logModel(logModel)
{
}

QString RequestSender::profileProblem(const QString &profile) const
{
    if (profile.isEmpty() || m_profiles->client(profile))
        return {};
    if (m_profiles->isOpening(profile))
        return tr("Not sent: profile '%1' is still being opened (its secrets and tokens are "
                  "read); send again in a moment.")
            .arg(profile);
    if (const QString problem = m_profiles->problem(profile); !problem.isEmpty())
        return tr("Not sent: %1").arg(problem);
    return tr("Not sent: no profile '%1': create it in Profile > New profile, or choose another "
              "on the Auth tab.")
        .arg(profile);
}

void RequestSender::send(RequestTab *tab, const WorkspaceData &current, const QString &environment)
{
    tab->banner()->hide();
    const RequestItem item = tab->composer()->item();
    if (item.url.isEmpty()) {
        tab->banner()->showError(tr("Enter a URL to send the request to."));
        Q_EMIT message(tr("Enter a URL to send the request to."));
        tab->composer()->focusUrl();
        return;
    }
    // The resolver reads the request where it lives, so that folders' headers and auth apply;
    // a new request sits at the workspace's top level.
    WorkspaceData workspace = current;
    ItemPath path = tab->path();
    if (RequestItem *saved = path.isEmpty() ? nullptr : requestAt(workspace, path)) {
        *saved = item;
    } else {
        workspace.requests.append(item);
        path = {int(workspace.collections.size() + workspace.requests.size() - 1)};
    }
    ResolveOptions options;
    options.environment = environment;
    const ResolvedRequest resolved = resolveRequest(workspace, path, options);
    if (!resolved.ok()) {
        tab->banner()->showError(
            tr("Not sent: %1.").arg(resolved.errors.join(QStringLiteral("; "))));
        return;
    }
    const QString profile = resolved.profile;
    if (const QString problem = profileProblem(profile); !problem.isEmpty()) {
        tab->banner()->showError(problem);
        return;
    }
    // Auth none, a fixed Bearer or Basic: the resolver wrote the header (or none), and the
    // client without a TokenManager sends it as it is. Its events carry no profile.
    AuthorizedClient *client =
        profile.isEmpty() ? m_profiles->plainClient() : m_profiles->client(profile);
    if (ApiCall *previous = tab->call())
        disconnect(previous, nullptr, tab, nullptr);
    ApiCall *call = client->send(resolved.request);
    m_exchanges->track(call, profile);
    tab->setCall(call);
    tab->composer()->setBusy(true);
    tab->response()->showPending(QStringLiteral("%1 %2").arg(
        QString::fromLatin1(resolved.request.method), redactedUrl(resolved.request.url)));
    const int timeoutMs =
        resolved.settings.timeoutMs > 0 ? resolved.settings.timeoutMs : DefaultTimeoutMs;
    auto *timer = new QTimer(tab);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, tab, [this, tab, call, timeoutMs] {
        if (tab->call() != call)
            return;
        cancel(tab);
        tab->response()->showCancelled(tr("No answer within %1 s. Raise the timeout on the "
                                          "Settings tab, or check that the server is up.")
                                           .arg(timeoutMs / 1000));
    });
    timer->start(timeoutMs);
    connect(call, &ApiCall::finished, tab, [this, tab, call, timer, profile] {
        timer->deleteLater();
        call->deleteLater();
        Q_EMIT callFinished(tab, *call, profile);
        // An answer the user stopped waiting for, or one a newer send replaced, is not shown.
        if (tab->call() != call)
            return;
        tab->setCall(nullptr);
        tab->composer()->setBusy(false);
        const Exchange *exchange = m_exchanges->find(profile, call->id());
        const CallSummary *summary = m_logModel->callSummary(profile, call->id());
        const FlightSummary *flight = summary && summary->flightId
            ? m_logModel->flightSummary(summary->profile, summary->flightId)
            : nullptr;
        // The log model gets its events in batches; the exchange has them at once.
        const QString chain = exchange ? exchange->summary.chainText(flight) : QString();
        tab->response()->showCall(*call, chain);
        if (call->error() == ApiCall::Error::TokenUnavailable)
            tab->banner()->showError(tr("Could not get a token: %1").arg(call->errorString()));
    });
}

void RequestSender::cancel(RequestTab *tab)
{
    if (!tab || !tab->call())
        return;
    ApiCall *call = tab->call();
    tab->setCall(nullptr);
    tab->composer()->setBusy(false);
    tab->response()->showCancelled(tr("Cancelled: the request was stopped."));
    // Finishes the call at once (Cancelled); its handler then records it in the history and,
    // since the tab no longer waits for it, shows nothing.
    call->abort();
}

} // namespace Keyway
