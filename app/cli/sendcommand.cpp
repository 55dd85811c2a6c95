#include "sendcommand.h"

#include "argsupport.h"
#include "batch.h"
#include "connectioncheck.h"
#include "console.h"
#include "ctrlc.h"
#include "discardsink.h"
#include "outputsink.h"
#include "profilesetup.h"
#include "session.h"
#include "signinerror.h"
#include "tokenfile.h"
#include "unreadabletokens.h"

#include "auth/tokenmanager.h"
#include "http/apicall.h"
#include "log/eventlog.h"
#include "log/redaction.h"
#include "store/tokenstorefactory.h"

#include <QFile>
#include <QJsonDocument>

namespace Keyway::Cli {

namespace {

bool hasHeader(const HeaderList &headers, const QByteArray &name)
{
    return std::any_of(headers.begin(), headers.end(), [&name](const auto &header) {
        return header.first.compare(name, Qt::CaseInsensitive) == 0;
    });
}

QString errorLine(const QString &message)
{
    return QStringLiteral("keyway-cli: ") + message;
}

} // namespace

SendCommand::SendCommand(SendArgs args, QObject *parent) : QObject(parent), m_args(std::move(args))
{
}

SendCommand::~SendCommand() = default;

void SendCommand::start()
{
    connect(watchCtrlC(this), &SignalWatcher::received, this, &SendCommand::onInterrupted);
    setUpProfile(m_args.store.workspace, m_args.profile, m_args.auth, SecretsNeeded::Yes,
                 QProcessEnvironment::systemEnvironment(), this,
                 [this](const ProfileSetupResult &setup) { onProfileReady(setup); });
}

void SendCommand::onProfileReady(const ProfileSetupResult &setup)
{
    if (m_done)
        return; // Ctrl-C came first
    if (!setup.error.isEmpty()) {
        setup.usageError ? usage(setup.error) : fail(setup.error);
        return;
    }
    m_args.profile = setup.profile;
    // A plain `send` after `login` uses the workspace's default profile and its stored tokens,
    // as `--profile default` would; a one-shot sign-in (--grant, --tokens) stays in memory.
    if (setup.fromFile && !m_args.store.chosen
        && (m_args.profileNamed || (!m_args.auth.grant && m_args.tokensFile.isEmpty()))) {
        m_args.store.spec = QStringLiteral("keychain"); // where `login` keeps them by default
        m_args.store.source = StoreArgs::Source::Default;
        m_args.store.preferStored(setup.storeSpec);
    }
    if (const QString problem = silentSignInProblem(m_args.profile); !problem.isEmpty()) {
        usage(problem);
        return;
    }
    // A shared store may already hold tokens: whether it does is known only when it is read.
    if (m_args.profile.grant == GrantType::None && m_args.tokensFile.isEmpty()
        && !m_args.store.shared()) {
        usage(QStringLiteral("no way to get a token: give --grant with --token-url (or --issuer) "
                             "and --client-id, --tokens FILE, or --profile NAME for a profile "
                             "'keyway-cli login' stored"));
        return;
    }
    QString error;
    if (m_args.store.shared() && !canKeyTokens(setup.workspace.name(), &error)) {
        fail(error);
        return;
    }
    m_args.store.workspace = setup.workspace.name();
    openSession();
}

void SendCommand::openSession()
{
    std::unique_ptr<TokenStore> store;
    if (m_args.store.shared()) {
        QString error;
        store = createTokenStore(m_args.store.spec, m_args.store.workspace, &error);
        if (!store) {
            fail(error);
            return;
        }
    }
    m_session = std::make_unique<Session>(m_args.profile, std::move(store));
    // Said as `run` and `login` say it; a one-shot send in memory keeps nothing worth saying.
    if (m_args.store.shared())
        writeErr(
            errorLine(m_args.store.usedBy(m_args.profile.name, m_session->store()->describe())));
    connect(m_session->events(), &EventLog::posted, this, [this](const Event &event) {
        if (m_args.events)
            writeErr(
                QString::fromUtf8(QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact)));
        if (m_tallying)
            m_summary.addEvent(event);
        trackStore(event);
    });
    if (!m_args.store.shared()) {
        obtainTokens();
        return;
    }
    m_session->loadStored(this, [this](const StoreResult &result) { onLoaded(result); });
}

void SendCommand::onLoaded(const StoreResult &result)
{
    if (m_done)
        return; // Ctrl-C came first
    const QString store = m_session->store()->describe();
    switch (result.status) {
    case StoreResult::Status::Ok:
        m_storeReachable = true;
        if (result.tokens && m_args.tokensFile.isEmpty()) {
            sendAll(); // a stored login: the grant, if any, is for when it cannot be refreshed
            return;
        }
        obtainTokens();
        return;
    case StoreResult::Status::Corrupt:
        fail(unreadableTokensText(
            QStringLiteral("profile '%1' in %2").arg(m_args.profile.name, store),
            m_args.profile.name, result));
        return;
    case StoreResult::Status::Unavailable:
    case StoreResult::Status::Busy:
    case StoreResult::Status::Conflict: break;
    }
    if (m_args.profile.onStoreFailure == StoreFailureMode::FailClosed) {
        fail(QStringLiteral("token store %1 is not available: %2; nothing was sent "
                            "(--store-failure fail-closed)")
                 .arg(store, result.message));
        return;
    }
    if (m_args.profile.grant == GrantType::None && m_args.tokensFile.isEmpty()) {
        fail(QStringLiteral("token store %1 is not available: %2; without it this run has no "
                            "tokens (give --grant or --tokens to work without it)")
                 .arg(store, result.message));
        return;
    }
    warnDegraded(QStringLiteral("token store %1 is not available (%2); degraded: this run signs "
                                "in and refreshes on its own and keeps its tokens in memory")
                     .arg(store, result.message));
    obtainTokens();
}

void SendCommand::obtainTokens()
{
    if (!m_args.tokensFile.isEmpty()) {
        seedTokens();
        return;
    }
    if (m_args.profile.grant != GrantType::None) {
        signIn();
        return;
    }
    fail(QStringLiteral("no tokens are stored for profile '%1' (workspace '%2') in %3: sign in "
                        "with 'keyway-cli login' first, or give --grant or --tokens")
             .arg(m_args.profile.name, m_args.store.workspace, m_session->store()->describe()));
}

void SendCommand::trackStore(const Event &event)
{
    switch (event.type) {
    case EventType::RefreshStarted:
        m_flightDegraded = false;
        m_flightStored = false;
        break;
    case EventType::StoreDegraded:
        m_flightDegraded = true;
        warnDegraded(event.message);
        break;
    case EventType::StoreUpdated:
        m_flightStored = true;
        m_refreshUnsaved = false;
        break;
    case EventType::RefreshSucceeded:
        // The core keeps retrying the write while it holds the lease, but this process is about
        // to end: whoever shares the profile should know.
        if (m_flightDegraded && !m_flightStored)
            m_refreshUnsaved = true;
        break;
    default: break;
    }
}

void SendCommand::warnDegraded(const QString &message)
{
    // One line per run: every refresh of a degraded run would otherwise say it again.
    if (m_warnedDegraded)
        return;
    m_warnedDegraded = true;
    writeErr(QStringLiteral("keyway-cli: warning: ") + message);
}

void SendCommand::signIn()
{
    m_signingIn = true;
    m_session->tokens()->signIn(this, [this](const TokenError *error) {
        m_signingIn = false;
        if (error && error->kind == TokenError::Kind::Cancelled) {
            stopBeforeSending(QStringLiteral("sign-in cancelled (Ctrl-C); nothing was sent, and "
                                             "nothing was stored"));
            return;
        }
        if (!error) {
            sendAll();
            return;
        }
        const Profile &profile = m_args.profile;
        const QString text = signInErrorText(*error, profile);
        if (!isUnreachable(*error)) {
            fail(text);
            return;
        }
        ConnectionCheck::run(profile.tokenUrl, this,
                             [this, text](const std::optional<QString> &problem) {
                                 fail(problem ? text + QStringLiteral(": ") + *problem : text);
                             });
    });
}

void SendCommand::seedTokens()
{
    TokenFileResult file = readTokenFile(m_args.tokensFile);
    if (!file.response) {
        fail(file.error);
        return;
    }
    // Without a token endpoint a refresh token cannot be used: an expired token then ends the
    // call with the API's rejection instead of a failed refresh against no URL.
    if (m_args.profile.tokenUrl.isEmpty())
        file.response->refreshToken.clear();
    m_session->tokens()->adoptResponse(*file.response, this, [this](const TokenError *error) {
        if (error)
            fail(QStringLiteral("the tokens could not be stored: ") + error->message);
        else
            sendAll();
    });
}

void SendCommand::sendAll()
{
    if (m_interrupted) {
        stopBeforeSending(QStringLiteral("interrupted (Ctrl-C) once the tokens were there; "
                                         "nothing was sent"));
        return;
    }
    BodySource body;
    QByteArray defaultType;
    switch (m_args.body.kind) {
    case BodySpec::Kind::None: break;
    case BodySpec::Kind::Inline:
        body = BodySource::bytes(m_args.body.bytes);
        defaultType = QByteArrayLiteral("application/x-www-form-urlencoded");
        break;
    case BodySpec::Kind::Stdin: {
        QFile input;
        if (!input.open(stdin, QIODevice::ReadOnly)) {
            fail(QStringLiteral("cannot read standard input for --data @-: ")
                 + input.errorString());
            return;
        }
        // Read once and kept, so that a replay after a refresh sends the same bytes.
        body = BodySource::bytes(input.readAll());
        defaultType = QByteArrayLiteral("application/x-www-form-urlencoded");
        break;
    }
    case BodySpec::Kind::File:
        // Re-opened for each attempt: a large upload never sits in memory.
        body = BodySource::file(m_args.body.path);
        defaultType = QByteArrayLiteral("application/octet-stream");
        break;
    }
    HeaderList headers = m_args.headers;
    if (!defaultType.isEmpty() && !hasHeader(headers, "Content-Type"))
        headers.append({QByteArrayLiteral("Content-Type"), defaultType});
    if (!hasHeader(headers, "User-Agent"))
        headers.append(
            {QByteArrayLiteral("User-Agent"), QByteArrayLiteral("keyway-cli/" KEYWAY_VERSION)});

    m_batch = new Batch(m_session->client(),
                        Request(m_args.method, m_args.url, std::move(body), std::move(headers)),
                        m_args.count, m_args.concurrency, this);
    // One answer's body goes out as it arrives, so that its size costs no memory.
    if (m_args.count == 1 && (!m_args.json || !m_args.output.isEmpty())) {
        m_output = new OutputSink(m_args.output, this);
        if (const QString error = m_output->open(); !error.isEmpty()) {
            fail(error);
            return;
        }
        m_batch->setBodySink(m_output);
    } else if (m_args.count > 1) {
        m_batch->setBodySink(new DiscardSink(this)); // only the outcomes are reported
    }
    connect(m_batch, &Batch::callFinished, this, &SendCommand::onCallFinished);
    connect(m_batch, &Batch::finished, this, &SendCommand::onBatchFinished);
    m_tallying = true;
    m_wall.start();
    m_batch->start();
}

QString SendCommand::errorText(const ApiCall &call) const
{
    // Without a token endpoint nothing can refresh: say which option is missing rather than the
    // core's generic "sign in again".
    if (call.error() == ApiCall::Error::TokenUnavailable && m_args.profile.tokenUrl.isEmpty())
        return QStringLiteral("the API rejected the token, and without --token-url (and "
                              "--client-id) it cannot be refreshed; give those, or fresh --tokens");
    return call.errorString();
}

void SendCommand::onCallFinished(const ApiCall &call)
{
    const QString error = call.error() == ApiCall::Error::None ? QString() : errorText(call);
    m_summary.addCall(call, error);
    if (call.httpStatus() == 0 && call.error() == ApiCall::Error::Network) {
        m_unansweredErrors.insert(error);
        if (m_firstUnanswered.isEmpty())
            m_firstUnanswered = call.finalUrl().isEmpty() ? call.request().url : call.finalUrl();
    }
    if (m_args.count == 1) {
        m_answer.status = call.httpStatus();
        m_answer.body = call.body();
        m_answer.bodyBytes = call.bodyBytes();
        m_answer.failed = call.error() != ApiCall::Error::None;
        m_answer.error = error;
        m_answer.noAnswer = call.httpStatus() == 0;
        m_answer.replays = call.authReplays();
        m_answer.ms = call.elapsedMs();
    }
}

void SendCommand::onInterrupted()
{
    m_interrupted = true;
    if (m_batch) {
        writeErr(errorLine(QStringLiteral("interrupted: cancelling the requests in flight (Ctrl-C "
                                          "again ends at once)")));
        m_batch->abort();
        return;
    }
    if (m_signingIn) {
        // Answers with Cancelled at once (stopBeforeSending), unless the new tokens are already
        // being stored: sendAll() then stops.
        if (!m_session->tokens()->cancelFlight())
            writeErr(errorLine(QStringLiteral("interrupted (Ctrl-C) while the new tokens are "
                                              "being stored; nothing will be sent")));
        return;
    }
    // Reading the profile or the store, or storing --tokens: nothing is sent once it answers.
    stopBeforeSending(QStringLiteral("interrupted (Ctrl-C); nothing was sent"));
}

void SendCommand::stopBeforeSending(const QString &what)
{
    if (m_done)
        return;
    writeErr(errorLine(what));
    finish(InterruptedExit);
}

void SendCommand::onBatchFinished()
{
    m_tallying = false;
    m_summary.setWallMs(m_wall.elapsed());
    if (m_firstUnanswered.isEmpty()) {
        report(std::nullopt);
        return;
    }
    ConnectionCheck::run(m_firstUnanswered, this,
                         [this](const std::optional<QString> &problem) { report(problem); });
}

void SendCommand::report(const std::optional<QString> &unreachable)
{
    if (unreachable) {
        writeErr(errorLine(QStringLiteral("cannot reach %1: %2")
                               .arg(redactedUrl(m_firstUnanswered), *unreachable)));
    }
    const bool single = m_args.count == 1;
    const QString outputError = writeBody();
    if (m_args.json)
        writeOut(QJsonDocument(m_summary.toJson()).toJson(QJsonDocument::Compact) + '\n');
    if (single) {
        const bool ok = m_summary.allSucceeded() && outputError.isEmpty();
        if (!m_answer.noAnswer && (!m_args.quiet || !ok)) {
            QString status = QStringLiteral("HTTP %1 (%2 ms").arg(m_answer.status).arg(m_answer.ms);
            if (m_answer.replays)
                status += QStringLiteral(", replayed after a token refresh");
            if (m_output && m_output->isFile() && outputError.isEmpty() && !m_answer.failed)
                status += QStringLiteral(", %1 bytes written to %2")
                              .arg(m_answer.bodyBytes)
                              .arg(m_output->path());
            writeErr(status + QLatin1Char(')'));
        }
        if (!outputError.isEmpty())
            writeErr(errorLine(outputError));
        if (!m_answer.error.isEmpty() && !(unreachable && m_answer.noAnswer))
            writeErr(errorLine(m_answer.error));
    } else {
        for (auto it = m_summary.errors().cbegin(); it != m_summary.errors().cend(); ++it) {
            if (!unreachable || !m_unansweredErrors.contains(it.key()))
                writeErr(errorLine(QStringLiteral("%1 × %2").arg(it.value()).arg(it.key())));
        }
        if (!m_args.json && !m_args.quiet)
            writeOut(m_summary.toText());
    }
    if (m_interrupted)
        finish(InterruptedExit);
    else
        finish(m_summary.allSucceeded() && outputError.isEmpty() ? 0 : 1);
}

QString SendCommand::writeBody()
{
    if (!m_output)
        return {};
    // What was not streamed: the rejection kept when a refresh failed, say.
    if (!m_answer.noAnswer && !m_answer.body.isEmpty()
        && m_output->write(m_answer.body) != m_answer.body.size()) {
        m_output->discard();
        return QStringLiteral("the response body could not be written: ") + m_output->errorString();
    }
    if (m_output->isFile() && (m_answer.failed || m_answer.noAnswer)) {
        m_output->discard();
        return QStringLiteral("no complete answer, so %1 was left as it was").arg(m_output->path());
    }
    return m_output->commit();
}

void SendCommand::fail(const QString &message)
{
    if (m_done)
        return; // Ctrl-C ended the command; a step still answering has nothing to add
    writeErr(errorLine(message));
    finish(1);
}

void SendCommand::usage(const QString &message)
{
    printUsageError(message, QStringLiteral("send"));
    finish(2);
}

void SendCommand::finish(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    if (m_refreshUnsaved) {
        writeErr(QStringLiteral("keyway-cli: warning: the refreshed tokens could not be stored in "
                                "%1, and a server that rotates refresh tokens has used up the "
                                "one stored there: other processes sharing profile '%2' may "
                                "have to sign in again ('keyway-cli login')")
                     .arg(m_session->store()->describe(), m_args.profile.name));
    }
    if (!m_storeReachable) {
        Q_EMIT finished(exitCode);
        return;
    }
    m_session->settle(this, [this, exitCode] { Q_EMIT finished(exitCode); });
}

} // namespace Keyway::Cli
