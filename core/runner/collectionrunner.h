#pragma once

// Runs saved requests headless (keyway-cli run): every request of a workspace, a folder or one
// request, for a number of iterations, with a concurrency, a delay and bail-on-failure; resolves
// each with the workspace's variables, sends it through the ProfileSessions it is given (one
// TokenManager per profile for the whole run, whatever the requests' timeouts, so an expiry
// costs one refresh however many requests are in flight), checks its assertions, and reports
// progress and a RunReport.

#include "collection/itempath.h"
#include "collection/requestresolver.h"
#include "http/tlssettings.h"
#include "runner/runresult.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSet>

namespace Keyway {

class ApiCall;
class AuthorizedClient;
class ProfileSessions;
struct Event;

struct RunOptions
{
    QString environment; // empty: none
    VariableList overrides; // --var: above every scope of the workspace
    int iterations = 1;
    int concurrency = 1;
    int delayMs = 0; // after each request, before the next one starts
    bool bail = false; // stop starting requests after the first failure
    qint64 timeoutMs = 30000; // per attempt, unless the request says otherwise; 0: none
    TlsSettings tls; // for requests without a profile; a profile's requests use its own
    bool processEnvironment = true; // {{NAME}} may come from the process environment
    QString baseDir; // the workspace folder: relative body files are relative to it
};

struct RunProgress
{
    int done = 0;
    int total = 0;
    int failed = 0;
    int refreshes = 0;
};

class CollectionRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectionRunner)
public:
    // `requests` in run order (see requestsUnder). Requests whose auth names a profile go
    // through that profile of `sessions`, the others through its plain clients; the runner
    // counts refreshes and keeps the auth events of its log. Not owned; must outlive the runner.
    CollectionRunner(WorkspaceData workspace, QList<ItemPath> requests, RunOptions options,
                     ProfileSessions *sessions, QObject *parent = nullptr);
    ~CollectionRunner() override;

    // Every request below `folder` (the whole workspace when empty), depth first in the order
    // the user arranged them: what a run of that folder sends.
    static QList<ItemPath> requestsUnder(const WorkspaceData &workspace, const ItemPath &folder);

    // Resolves every request once without sending anything: the errors (a variable nothing
    // defines, a missing body file), and the profiles the requests need.
    struct Plan
    {
        QStringList errors;
        QStringList profiles;
    };
    Plan plan() const;

    // Call from the running event loop.
    void start();
    // Stops the run (Ctrl-C): starts nothing more and cancels the requests in flight, which are
    // recorded as cancelled; finished() follows with RunTotals::interrupted set. Before start()
    // (Ctrl-C while the profiles sign in) nothing is sent, and the report still counts what was
    // planned.
    void abort();

    const RunReport &report() const { return m_report; }

Q_SIGNALS:
    void requestFinished(const Keyway::RequestRun &run);
    void progressed(const Keyway::RunProgress &progress);
    void finished();

private:
    struct Job
    {
        int iteration = 1;
        int index = 0; // into m_requests
    };

    ResolvedRequest resolve(const ItemPath &path) const;
    // Plans every request and iteration into the queue, and starts the report's clock.
    void queueJobs();
    AuthorizedClient *clientFor(const QString &profile, qint64 timeoutMs);
    void pump();
    void startJob(const Job &job);
    // What the report says of `job` before it is sent: which request, where, for which profile.
    static RequestRun runOf(const ResolvedRequest &resolved, const Job &job);
    // The queue, as the report's notRun.
    void recordNotRun();
    void onCallFinished(ApiCall *call, RequestRun run, int requestIndex);
    void record(RequestRun run);
    void onEvent(const Event &event);
    void finishIfDone();
    RunProgress progress() const;

    WorkspaceData m_workspace;
    QList<ItemPath> m_requests;
    RunOptions m_options;
    ProfileSessions *m_sessions;
    QSet<ApiCall *> m_calls; // in flight
    QList<Job> m_queue;
    int m_sequence = 0;
    bool m_waitingDelay = false;
    bool m_stopped = false;
    bool m_finished = false;
    QElapsedTimer m_wall;
    RunReport m_report;
};

} // namespace Keyway

Q_DECLARE_METATYPE(Keyway::RequestRun)
Q_DECLARE_METATYPE(Keyway::RunProgress)
