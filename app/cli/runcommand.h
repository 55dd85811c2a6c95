#pragma once

#include "cliargs.h"

#include <QObject>

#include <memory>

namespace Keyway {
class CollectionRunner;
class TokenManager;
struct RequestRun;
struct RunProgress;
struct StoreResult;
} // namespace Keyway

namespace Keyway::Cli {

class Session;

// `keyway-cli run PATH`: loads the workspace, resolves what PATH names, gets each profile's
// tokens (stored, or by its grant), runs the requests with CollectionRunner and writes the
// reports. Emits finished() once with the exit code (runargs.h: RunExit).
class RunCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunCommand)
public:
    explicit RunCommand(RunArgs args, QObject *parent = nullptr);
    ~RunCommand() override;

    // Call from the running event loop.
    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    bool loadWorkspace();
    void prepareProfile(int index);
    // `savedStore`: the store the profile's file names (its password filled in); empty: none.
    void useProfile(const Profile &profile, const QString &savedStore);
    void onStored(TokenManager *tokens, const StoreResult &result);
    void signIn(TokenManager *tokens);
    void startRun();
    void onInterrupted();
    // Ctrl-C before the requests started: says what was stopped, and has the runner write its
    // reports with nothing run.
    void stopBeforeRun(const QString &what);
    void onRequestFinished(const RequestRun &run);
    void onProgress(const RunProgress &progress);
    void onRunFinished();
    bool writeReports();
    void fail(int exitCode, const QString &message);
    void finish(int exitCode);

    RunArgs m_args;
    QString m_workspaceFolder;
    QString m_workspaceName;
    QStringList m_profileNames;
    std::unique_ptr<Session> m_session; // every profile of the run
    int m_profilesReady = 0;
    std::unique_ptr<CollectionRunner> m_runner;
    bool m_live = false; // stdout is a terminal: one progress line redrawn in place
    TokenManager *m_signingIn = nullptr; // the profile whose grant is running
    bool m_started = false; // the runner sends
    bool m_interrupted = false; // Ctrl-C
    bool m_done = false;
};

} // namespace Keyway::Cli
