#include "runner/collectionrunner.h"

#include "auth/profilesessions.h"
#include "http/apicall.h"
#include "http/authorizedclient.h"
#include "log/eventlog.h"
#include "log/redaction.h"

#include <QDateTime>
#include <QHash>
#include <QTimer>

#include <utility>

namespace Keyway {

namespace {

// A long run keeps its counts exact but not every event: the JSON report would otherwise grow
// with the run (a refresh storm posts a "joined" per waiting request).
constexpr int MaxKeptAuthEvents = 20000;

void prependOverrides(FolderItem &folder, const VariableList &overrides)
{
    for (RequestItem &request : folder.requests)
        request.variables = overrides + request.variables;
    for (FolderItem &child : folder.folders)
        prependOverrides(child, overrides);
}

void collect(const FolderItem &folder, ItemPath path, QList<ItemPath> &out)
{
    for (qsizetype i = 0; i < folder.folders.size(); ++i)
        collect(folder.folders.at(i), path + ItemPath {int(i)}, out);
    for (qsizetype i = 0; i < folder.requests.size(); ++i)
        out.append(path + ItemPath {int(folder.folders.size() + i)});
}

} // namespace

CollectionRunner::CollectionRunner(WorkspaceData workspace, QList<ItemPath> requests,
                                   RunOptions options, ProfileSessions *sessions, QObject *parent)
    : QObject(parent),
      m_workspace(std::move(workspace)),
      m_requests(std::move(requests)),
      m_options(std::move(options)),
      m_sessions(sessions)
{
    connect(m_sessions->events(), &EventLog::posted, this, &CollectionRunner::onEvent);
    // --var wins over every scope: as the innermost one, ahead of the request's own variables.
    if (!m_options.overrides.isEmpty()) {
        for (RequestItem &request : m_workspace.requests)
            request.variables = m_options.overrides + request.variables;
        for (FolderItem &collection : m_workspace.collections)
            prependOverrides(collection, m_options.overrides);
    }
    m_report.environment = m_options.environment;
    m_report.iterations = m_options.iterations;
    m_report.insecure = m_options.tls.insecure;
}

CollectionRunner::~CollectionRunner()
{
    // The calls belong to the sessions' clients, which outlive the runner: none is left running
    // with nobody to hear its answer.
    const QSet<ApiCall *> calls = std::exchange(m_calls, {});
    for (ApiCall *call : calls) {
        disconnect(call, nullptr, this, nullptr);
        call->abort();
        call->deleteLater();
    }
}

QList<ItemPath> CollectionRunner::requestsUnder(const WorkspaceData &workspace,
                                                const ItemPath &folder)
{
    QList<ItemPath> out;
    if (folder.isEmpty()) {
        for (qsizetype i = 0; i < workspace.collections.size(); ++i)
            collect(workspace.collections.at(i), ItemPath {int(i)}, out);
        for (qsizetype i = 0; i < workspace.requests.size(); ++i)
            out.append(ItemPath {int(workspace.collections.size() + i)});
        return out;
    }
    const ItemLookup lookup = lookupItem(workspace, folder);
    if (lookup.request)
        out.append(folder);
    else if (lookup.folder)
        collect(*lookup.folder, folder, out);
    return out;
}

ResolvedRequest CollectionRunner::resolve(const ItemPath &path) const
{
    ResolveOptions options;
    options.environment = m_options.environment;
    options.processEnvironment = m_options.processEnvironment;
    options.baseDir = m_options.baseDir;
    return resolveRequest(m_workspace, path, options);
}

CollectionRunner::Plan CollectionRunner::plan() const
{
    Plan plan;
    for (const ItemPath &path : m_requests) {
        const ResolvedRequest resolved = resolve(path);
        plan.errors += resolved.errors;
        if (!resolved.profile.isEmpty() && !plan.profiles.contains(resolved.profile))
            plan.profiles.append(resolved.profile);
    }
    return plan;
}

AuthorizedClient *CollectionRunner::clientFor(const QString &profile, qint64 timeoutMs)
{
    ClientOptions options;
    options.transferTimeoutMs = timeoutMs;
    // Requests without a profile get a client without a TokenManager: sent as they are.
    if (profile.isEmpty()) {
        options.tls = m_options.tls;
        return m_sessions->plainClient(options);
    }
    return m_sessions->client(profile, options);
}

void CollectionRunner::queueJobs()
{
    m_report.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    m_report.plannedRequests = int(m_requests.size()) * m_options.iterations;
    for (int iteration = 1; iteration <= m_options.iterations; ++iteration) {
        for (int i = 0; i < m_requests.size(); ++i)
            m_queue.append({iteration, i});
    }
    m_wall.start();
}

void CollectionRunner::start()
{
    if (m_finished)
        return; // aborted before it started
    queueJobs();
    Q_EMIT progressed(progress());
    pump();
    finishIfDone();
}

void CollectionRunner::abort()
{
    if (m_finished)
        return;
    if (!m_wall.isValid())
        queueJobs(); // not started: what would have run is what was not
    m_stopped = true;
    m_waitingDelay = false;
    m_report.totals.interrupted = true;
    recordNotRun();
    m_queue.clear();
    // Each call finishes at once, as cancelled, through onCallFinished.
    const QSet<ApiCall *> calls = m_calls;
    for (ApiCall *call : calls)
        call->abort();
    finishIfDone();
}

void CollectionRunner::pump()
{
    while (!m_stopped && !m_waitingDelay && !m_queue.isEmpty()
           && m_calls.size() < qMax(1, m_options.concurrency)) {
        startJob(m_queue.takeFirst());
    }
}

RequestRun CollectionRunner::runOf(const ResolvedRequest &resolved, const Job &job)
{
    RequestRun run;
    run.iteration = job.iteration;
    run.name = resolved.displayName;
    run.method = QString::fromLatin1(resolved.request.method);
    run.url = redactedUrl(resolved.request.url);
    run.profile = resolved.profile;
    return run;
}

void CollectionRunner::recordNotRun()
{
    QHash<int, RequestRun> resolved; // by request: every iteration of one names it alike
    for (const Job &job : std::as_const(m_queue)) {
        auto it = resolved.find(job.index);
        if (it == resolved.end())
            it = resolved.insert(job.index, runOf(resolve(m_requests.at(job.index)), job));
        RequestRun run = *it;
        run.iteration = job.iteration;
        m_report.notRun.append(run);
    }
}

void CollectionRunner::startJob(const Job &job)
{
    const ItemPath &path = m_requests.at(job.index);
    ResolvedRequest resolved = resolve(path);
    RequestRun run = runOf(resolved, job);
    run.sequence = ++m_sequence;
    if (!resolved.ok()) {
        run.error = resolved.errors.join(QStringLiteral("; "));
        record(std::move(run));
        return;
    }
    if (!resolved.profile.isEmpty() && !m_sessions->contains(resolved.profile)) {
        run.error =
            QStringLiteral("profile '%1' is not available to this run").arg(resolved.profile);
        record(std::move(run));
        return;
    }
    const qint64 timeout =
        resolved.settings.timeoutMs > 0 ? resolved.settings.timeoutMs : m_options.timeoutMs;
    ApiCall *call = clientFor(resolved.profile, timeout)->send(std::move(resolved.request));
    m_calls.insert(call);
    const int index = job.index;
    connect(call, &ApiCall::finished, this, [this, call, run = std::move(run), index]() mutable {
        onCallFinished(call, std::move(run), index);
    });
}

void CollectionRunner::onCallFinished(ApiCall *call, RequestRun run, int requestIndex)
{
    call->deleteLater();
    m_calls.remove(call);
    ResponseSummary response;
    response.status = call->httpStatus();
    response.headers = call->responseHeaders();
    response.body = call->body();
    response.elapsedMs = call->elapsedMs();
    if (call->error() != ApiCall::Error::None)
        response.error = call->errorString();
    run.status = response.status;
    run.elapsedMs = response.elapsedMs;
    run.bodyBytes = response.body.size();
    run.contentType = QString::fromLatin1(call->responseHeader("Content-Type"));
    run.replays = call->authReplays();
    // A 4xx is an answer the assertions judge; no answer, or a token that could not be had, is
    // the request's own failure.
    run.error = response.error;
    const ItemLookup lookup = lookupItem(m_workspace, m_requests.at(requestIndex));
    run.assertions =
        checkAssertions(lookup.request ? lookup.request->assertions : AssertionList(), response);
    record(std::move(run));
    if (m_options.delayMs > 0 && !m_queue.isEmpty() && !m_stopped) {
        m_waitingDelay = true;
        QTimer::singleShot(m_options.delayMs, this, [this] {
            m_waitingDelay = false;
            pump();
            finishIfDone();
        });
        return;
    }
    pump();
    finishIfDone();
}

void CollectionRunner::record(RequestRun run)
{
    RunTotals &totals = m_report.totals;
    ++totals.requests;
    totals.assertions += int(run.assertions.size());
    totals.failedAssertions += run.failedAssertions();
    totals.replays += run.replays;
    if (!run.passed()) {
        ++totals.failedRequests;
        if (m_options.bail && !m_stopped) {
            m_stopped = true;
            totals.bailed = !m_queue.isEmpty();
            m_queue.clear();
        }
    }
    m_report.runs.append(run);
    Q_EMIT requestFinished(m_report.runs.constLast());
    Q_EMIT progressed(progress());
}

void CollectionRunner::onEvent(const Event &event)
{
    if (event.type == EventType::RefreshSucceeded)
        ++m_report.totals.refreshes;
    if (!isAuthEvent(event.type))
        return;
    if (m_report.authEvents.size() < MaxKeptAuthEvents)
        m_report.authEvents.append(event.toJson());
    else
        ++m_report.droppedAuthEvents;
}

RunProgress CollectionRunner::progress() const
{
    return {m_report.totals.requests, m_report.plannedRequests, m_report.totals.failedRequests,
            m_report.totals.refreshes};
}

void CollectionRunner::finishIfDone()
{
    if (m_finished || !m_calls.isEmpty() || m_waitingDelay || (!m_queue.isEmpty() && !m_stopped))
        return;
    m_finished = true;
    m_report.totals.wallMs = m_wall.elapsed();
    // Queued: a caller that deletes the runner on finished() does so after this returns.
    QMetaObject::invokeMethod(this, &CollectionRunner::finished, Qt::QueuedConnection);
}

} // namespace Keyway
