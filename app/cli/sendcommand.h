#pragma once

#include "cliargs.h"
#include "summary.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSet>

#include <memory>
#include <optional>

namespace Keyway {
class ApiCall;
struct Event;
struct StoreResult;
} // namespace Keyway

namespace Keyway::Cli {

struct ProfileSetupResult;
class Batch;
class OutputSink;
class Session;

// `keyway-cli send`: gets tokens (from the profile's store, a sign-in or --tokens), sends the
// request --count times, and prints the answer or a summary. Emits finished() once with the
// process's exit code.
class SendCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SendCommand)
public:
    explicit SendCommand(SendArgs args, QObject *parent = nullptr);
    ~SendCommand() override;

    // Call from the running event loop.
    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void onInterrupted();
    // Ctrl-C before the batch started: says what was and was not done, and exits.
    void stopBeforeSending(const QString &what);
    // What a single request (count 1) prints once it is over.
    struct Answer
    {
        int status = 0;
        QByteArray body; // when it was not streamed to the sink
        qint64 bodyBytes = 0;
        bool failed = false; // no complete answer: a file is left as it was
        QString error;
        bool noAnswer = false;
        int replays = 0;
        qint64 ms = 0;
    };

    void onProfileReady(const ProfileSetupResult &setup);
    void openSession();
    void onLoaded(const StoreResult &result);
    void obtainTokens();
    void trackStore(const Event &event);
    void warnDegraded(const QString &message);
    void signIn();
    void seedTokens();
    void sendAll();
    void onCallFinished(const ApiCall &call);
    QString errorText(const ApiCall &call) const;
    void onBatchFinished();
    void report(const std::optional<QString> &unreachable);
    QString writeBody();
    void fail(const QString &message);
    void usage(const QString &message);
    void finish(int exitCode);

    SendArgs m_args;
    std::unique_ptr<Session> m_session;
    Batch *m_batch = nullptr;
    OutputSink *m_output = nullptr; // one request, unless --json without -o
    Summary m_summary;
    bool m_tallying = false; // the sign-in before the batch is not one of its refreshes
    QElapsedTimer m_wall;
    Answer m_answer;
    QUrl m_firstUnanswered; // the URL of the first call that got no HTTP answer
    QSet<QString> m_unansweredErrors; // said better by the connection check, when it runs
    bool m_warnedDegraded = false;
    bool m_flightDegraded = false; // the refresh under way met an unreachable store
    bool m_flightStored = false; // ...and stored its tokens nonetheless
    bool m_refreshUnsaved = false; // a refresh's tokens are in memory only
    bool m_storeReachable = false; // a shared store that answered: worth settling before exit
    bool m_interrupted = false; // Ctrl-C: the calls in flight, or the sign-in, were cancelled
    bool m_signingIn = false; // the profile's grant is running (signIn())
    bool m_done = false;
};

} // namespace Keyway::Cli
