#include "runcommand.h"

#include "console.h"
#include "ctrlc.h"
#include "profilesetup.h"
#include "runargs.h"
#include "session.h"
#include "signinerror.h"
#include "unreadabletokens.h"
#include "workspacetarget.h"

#include "auth/profilesessions.h"
#include "auth/tokenmanager.h"
#include "collection/profilefile.h"
#include "collection/profilesecrets.h"
#include "collection/variableresolver.h"
#include "log/eventlog.h"
#include "runner/collectionrunner.h"
#include "runner/consolereport.h"
#include "runner/jsonreport.h"
#include "runner/junitreport.h"
#include "store/tokenstorefactory.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

#include <unistd.h>

namespace Keyway::Cli {

static_assert(RunInterrupted == InterruptedExit);

namespace {

QString errorLine(const QString &message)
{
    return QStringLiteral("keyway-cli: ") + message;
}

} // namespace

RunCommand::RunCommand(RunArgs args, QObject *parent)
    : QObject(parent), m_args(std::move(args)), m_session(std::make_unique<Session>())
{
    if (m_args.events) {
        connect(m_session->events(), &EventLog::posted, this, [](const Event &event) {
            writeErr(
                QString::fromUtf8(QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact)));
        });
    }
}

RunCommand::~RunCommand()
{
    m_runner.reset(); // it sends with the session's clients
}

void RunCommand::start()
{
    if (!loadWorkspace())
        return;
    connect(m_runner.get(), &CollectionRunner::requestFinished, this,
            &RunCommand::onRequestFinished);
    connect(m_runner.get(), &CollectionRunner::progressed, this, &RunCommand::onProgress);
    connect(m_runner.get(), &CollectionRunner::finished, this, &RunCommand::onRunFinished);
    connect(watchCtrlC(this), &SignalWatcher::received, this, &RunCommand::onInterrupted);
    if (m_args.options.tls.insecure)
        warnInsecureTls(QStringLiteral("this run"));
    const CollectionRunner::Plan plan = m_runner->plan();
    if (!plan.errors.isEmpty()) {
        for (const QString &error : plan.errors)
            writeErr(errorLine(error));
        fail(RunUsageError,
             QStringLiteral("nothing was sent: %1 problem(s) above").arg(plan.errors.size()));
        return;
    }
    m_profileNames = plan.profiles;
    prepareProfile(0);
}

bool RunCommand::loadWorkspace()
{
    QString error;
    QStringList problems;
    auto target = openWorkspaceTarget(m_args.path, &error, &problems);
    if (!target) {
        for (const QString &problem : problems)
            writeErr(errorLine(problem));
        fail(RunUsageError,
             problems.isEmpty() ? error : error + QStringLiteral(", nothing was sent"));
        return false;
    }
    WorkspaceTarget &loaded = *target;
    const QString root = loaded.root;
    const ItemPath selected = loaded.item;
    const QList<ItemPath> requests = CollectionRunner::requestsUnder(loaded.data, selected);
    if (requests.isEmpty()) {
        fail(RunUsageError, QStringLiteral("%1 holds no requests").arg(m_args.path));
        return false;
    }
    if (!m_args.options.environment.isEmpty()
        && std::none_of(
            loaded.data.environments.cbegin(), loaded.data.environments.cend(),
            [this](const Environment &e) { return e.name == m_args.options.environment; })) {
        QStringList names;
        for (const Environment &e : loaded.data.environments)
            names.append(e.name);
        fail(RunUsageError,
             QStringLiteral("no environment '%1' in the workspace (there are: %2)")
                 .arg(m_args.options.environment,
                      names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "))));
        return false;
    }
    fillSecretsFromEnvironment(loaded.data);
    m_workspaceFolder = root;
    m_workspaceName = loaded.data.name;
    RunOptions options = m_args.options;
    options.baseDir = root;
    m_runner = std::make_unique<CollectionRunner>(std::move(loaded.data), requests, options,
                                                  m_session->profiles());
    m_runner->setObjectName(m_args.path);
    return true;
}

void RunCommand::prepareProfile(int index)
{
    if (m_interrupted)
        return; // Ctrl-C: the runner is writing the reports
    if (index >= m_profileNames.size()) {
        startRun();
        return;
    }
    const QString name = m_profileNames.at(index);
    if (m_args.profileOptions && name == m_args.profile.name) {
        // The options given lay over the stored profile, as for every other command.
        setUpProfile(QFileInfo(m_workspaceFolder).absoluteFilePath(), m_args.profile, m_args.auth,
                     SecretsNeeded::Yes, QProcessEnvironment::systemEnvironment(), this,
                     [this](const ProfileSetupResult &setup) {
                         if (m_interrupted)
                             return;
                         if (!setup.error.isEmpty()) {
                             fail(setup.usageError ? RunUsageError : RunAuthFailed, setup.error);
                             return;
                         }
                         if (const QString problem = silentSignInProblem(setup.profile);
                             !problem.isEmpty()) {
                             fail(RunUsageError, problem);
                             return;
                         }
                         useProfile(setup.profile, setup.storeSpec);
                     });
        return;
    }
    QString error;
    const auto path = ProfileFile::path(m_workspaceFolder, name, &error);
    if (!path || !QFileInfo::exists(*path)) {
        fail(RunUsageError,
             QStringLiteral("requests use profile '%1', but the workspace has no %2: sign in with "
                            "'keyway-cli login --workspace %3 --profile %1 ...', or give "
                            "--profile %1 with --token-url and --client-id")
                 .arg(name, path.value_or(name), m_workspaceFolder));
        return;
    }
    const auto stored = ProfileFile::load(*path, &error);
    if (!stored) {
        fail(RunUsageError, error);
        return;
    }
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    ProfileSecrets::resolve(
        *stored, environment, this,
        [this, name, saved = *stored, environment](const Profile &resolved,
                                                   const QString &secretError) {
            if (m_interrupted)
                return;
            if (!secretError.isEmpty()) {
                fail(RunAuthFailed, QStringLiteral("profile '%1': %2").arg(name, secretError));
                return;
            }
            Profile profile = resolved;
            profile.name = name;
            m_args.auth.applyTlsTo(&profile.tls);
            profile.onStoreFailure = m_args.profile.onStoreFailure;
            // The store the file names is this profile's unless --store or KEYWAY_STORE chose
            // one for the run: its Redis password is read only then.
            if (m_args.store.chosen || !saved.store.isSet()) {
                useProfile(profile, {});
                return;
            }
            ProfileSecrets::resolveStore(
                saved, environment, this,
                [this, profile](const QString &spec, const QString &problem) {
                    if (m_interrupted)
                        return;
                    if (!problem.isEmpty()) {
                        fail(RunAuthFailed,
                             QStringLiteral("profile '%1' needs %2 (or give --store)")
                                 .arg(profile.name, problem));
                        return;
                    }
                    useProfile(profile, spec);
                });
        });
}

void RunCommand::useProfile(const Profile &profile, const QString &savedStore)
{
    StoreArgs choice = m_args.store;
    choice.preferStored(savedStore);
    std::unique_ptr<TokenStore> store;
    if (choice.shared()) {
        QString error;
        const QString workspace = m_args.workspaceGiven ? m_args.store.workspace : m_workspaceName;
        store = createTokenStore(choice.spec, workspace, &error);
        if (!store) {
            fail(RunUsageError, error);
            return;
        }
    }
    // The runner hears the session's log from its start, so that the JSON report has the
    // sign-in and store events too.
    TokenManager *tokens = m_session->add(profile, std::move(store));
    writeErr(QStringLiteral("keyway-cli: ")
             + choice.usedBy(profile.name, tokens->store()->describe()));
    if (!choice.shared()) {
        signIn(tokens);
        return;
    }
    loadStoredTokens(tokens, this,
                     [this, tokens](const StoreResult &result) { onStored(tokens, result); });
}

void RunCommand::onStored(TokenManager *tokens, const StoreResult &result)
{
    if (m_interrupted)
        return;
    const Profile &profile = tokens->profile();
    const QString store = tokens->store()->describe();
    if (result.ok() && result.tokens) {
        prepareProfile(++m_profilesReady);
        return;
    }
    if (result.status == StoreResult::Status::Corrupt) {
        fail(RunAuthFailed,
             unreadableTokensText(QStringLiteral("profile '%1' in %2").arg(profile.name, store),
                                  profile.name, result));
        return;
    }
    if (!result.ok()) {
        if (profile.onStoreFailure == StoreFailureMode::FailClosed
            || profile.grant == GrantType::None) {
            fail(RunAuthFailed,
                 QStringLiteral("token store %1 is not available: %2").arg(store, result.message));
            return;
        }
        writeErr(QStringLiteral("keyway-cli: warning: token store %1 is not available (%2); "
                                "degraded: this run signs in and refreshes on its own")
                     .arg(store, result.message));
    }
    signIn(tokens);
}

void RunCommand::signIn(TokenManager *tokens)
{
    const Profile profile = tokens->profile();
    if (profile.grant == GrantType::None) {
        fail(RunAuthFailed,
             QStringLiteral("no tokens are stored for profile '%1' in %2: sign in with "
                            "'keyway-cli login' first, or give the profile a grant "
                            "(--grant password|client_credentials)")
                 .arg(profile.name, tokens->store()->describe()));
        return;
    }
    m_signingIn = tokens;
    tokens->signIn(this, [this, profile](const TokenError *error) {
        m_signingIn = nullptr;
        if (m_interrupted) {
            stopBeforeRun(error ? QStringLiteral("sign-in of profile '%1' cancelled (Ctrl-C); "
                                                 "nothing was stored, no request was sent")
                                      .arg(profile.name)
                                : QStringLiteral("interrupted (Ctrl-C) once profile '%1' had "
                                                 "signed in; no request was sent")
                                      .arg(profile.name));
            return;
        }
        if (error) {
            fail(RunAuthFailed, signInErrorText(*error, profile));
            return;
        }
        prepareProfile(++m_profilesReady);
    });
}

void RunCommand::startRun()
{
    m_live = m_args.reporters.contains(QStringLiteral("cli")) && isatty(STDOUT_FILENO);
    m_started = true;
    m_runner->start();
}

void RunCommand::onInterrupted()
{
    m_interrupted = true;
    if (m_started) {
        writeErr(errorLine(QStringLiteral("interrupted: cancelling the requests in flight; the "
                                          "reports are still written (Ctrl-C again ends at "
                                          "once)")));
        m_runner->abort();
        return;
    }
    if (m_signingIn) {
        // Answers with Cancelled at once (stopBeforeRun), unless the new tokens are already
        // being stored: the sign-in's answer then stops the run.
        if (!m_signingIn->cancelFlight())
            writeErr(errorLine(QStringLiteral("interrupted (Ctrl-C) while profile '%1' stores "
                                              "its new tokens; no request will be sent")
                                   .arg(m_signingIn->profile().name)));
        return;
    }
    // Reading a profile or its store: whatever answers next finds m_interrupted.
    stopBeforeRun(QStringLiteral("interrupted (Ctrl-C) before the requests started; no request "
                                 "was sent"));
}

void RunCommand::stopBeforeRun(const QString &what)
{
    writeErr(errorLine(what + QStringLiteral("; the reports are still written")));
    m_runner->abort();
}

void RunCommand::onRequestFinished(const RequestRun &run)
{
    if (!m_args.reporters.contains(QStringLiteral("cli")))
        return;
    if (!m_live) {
        writeOut(ConsoleReport::requestLines(run, m_args.options.iterations).toUtf8());
        return;
    }
    // On a terminal only failures stay on screen; the live line below counts the rest.
    if (!run.passed()) {
        writeOut(QByteArrayLiteral("\r\033[K")
                 + ConsoleReport::requestLines(run, m_args.options.iterations).toUtf8());
    }
}

void RunCommand::onProgress(const RunProgress &progress)
{
    if (m_live)
        writeOut(QByteArrayLiteral("\r\033[K") + ConsoleReport::progressLine(progress).toUtf8());
}

void RunCommand::onRunFinished()
{
    RunReport report = m_runner->report();
    if (m_live)
        writeOut(QByteArrayLiteral("\r\033[K"));
    if (m_args.reporters.contains(QStringLiteral("cli")))
        writeOut(ConsoleReport::summary(report).toUtf8());
    if (!writeReports())
        return;
    if (report.totals.interrupted)
        finish(RunInterrupted);
    else
        finish(report.totals.allPassed() ? RunPassed : RunFailed);
}

bool RunCommand::writeReports()
{
    const bool json = m_args.reporters.contains(QStringLiteral("json"));
    const bool junit = m_args.reporters.contains(QStringLiteral("junit"));
    if (!json && !junit)
        return true;
    if (!QDir().mkpath(m_args.reportDir)) {
        fail(RunUsageError,
             QStringLiteral("cannot create the report folder %1").arg(m_args.reportDir));
        return false;
    }
    RunReport report = m_runner->report();
    report.target = m_args.path;
    const auto write = [this](const QString &name, const QByteArray &bytes) {
        const QString path = QDir(m_args.reportDir).filePath(name);
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()
            || !file.commit()) {
            fail(RunUsageError,
                 QStringLiteral("cannot write the report %1: %2").arg(path, file.errorString()));
            return false;
        }
        writeErr(QStringLiteral("keyway-cli: wrote %1").arg(path));
        return true;
    };
    if (json
        && !write(QStringLiteral("keyway-run.json"),
                  QJsonDocument(jsonReport(report)).toJson(QJsonDocument::Indented)))
        return false;
    if (junit
        && !write(QStringLiteral("keyway-run.xml"),
                  junitReport(report, QStringLiteral("keyway-cli run %1").arg(m_args.path))))
        return false;
    return true;
}

void RunCommand::fail(int exitCode, const QString &message)
{
    writeErr(errorLine(message));
    finish(exitCode);
}

void RunCommand::finish(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    // A shared store may still be sending what a refresh left (a released lease): let it
    // answer before the process ends, so that the next run does not find the lease taken.
    m_session->settle(this, [this, exitCode] { Q_EMIT finished(exitCode); });
}

} // namespace Keyway::Cli
