#pragma once

#include "cliargs.h"
#include "summary.h"

#include <QElapsedTimer>
#include <QObject>

#include <memory>

namespace Keyway {
class Sandbox;
}

namespace Keyway::Cli {

class Batch;
class Session;

// `keyway-cli demo`: an in-process sandbox, a sign-in, one request, every token expired, then
// several requests at once, with every event narrated: the headless tour a new user sees.
// Emits finished() once with the process's exit code.
class DemoCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoCommand)
public:
    explicit DemoCommand(DemoArgs args, QObject *parent = nullptr);
    ~DemoCommand() override;

    // Call from the running event loop.
    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void signIn();
    void sendOne();
    void expireAndSendMany();
    void conclude();
    void step(const QString &text);
    void fail(const QString &message);

    DemoArgs m_args;
    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<Session> m_session;
    Summary m_summary;
    bool m_tallying = false;
    int m_step = 0;
    QElapsedTimer m_clock;
    QElapsedTimer m_wall;
};

} // namespace Keyway::Cli
