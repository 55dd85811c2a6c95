#include "tokencommand.h"

#include "argsupport.h"
#include "console.h"
#include "ctrlc.h"
#include "interactivelogin.h"
#include "profilesetup.h"
#include "session.h"
#include "signinerror.h"
#include "tokenfile.h"
#include "tokenreport.h"
#include "unreadabletokens.h"

#include "auth/clock.h"
#include "auth/tokenmanager.h"
#include "collection/profilesecrets.h"
#include "log/eventlog.h"
#include "store/tokenstorefactory.h"

#include <QJsonDocument>

namespace Keyway::Cli {

namespace {

QString errorLine(const QString &message)
{
    return QStringLiteral("keyway-cli: ") + message;
}

} // namespace

TokenCommand::TokenCommand(TokenArgs args, QObject *parent)
    : QObject(parent), m_args(std::move(args))
{
}

TokenCommand::~TokenCommand() = default;

void TokenCommand::start()
{
    if (m_args.action == TokenArgs::Action::Login)
        connect(watchCtrlC(this), &SignalWatcher::received, this, &TokenCommand::onInterrupted);
    // A login or refresh must not go ahead without the store: tokens obtained but not stored
    // would be a login nobody else can use, and a refresh token rotated in vain.
    m_args.profile.onStoreFailure = StoreFailureMode::FailClosed;
    // The TokenManager takes the profile as it is: the stored settings, the command line's and
    // discovery fill it in first. Showing and clearing tokens needs no secret.
    const bool talksToServer =
        m_args.action == TokenArgs::Action::Login || m_args.action == TokenArgs::Action::Refresh;
    setUpProfile(m_args.store.workspace, m_args.profile, m_args.auth,
                 talksToServer ? SecretsNeeded::Yes : SecretsNeeded::No,
                 QProcessEnvironment::systemEnvironment(), this,
                 [this](const ProfileSetupResult &setup) { onProfileReady(setup); });
}

void TokenCommand::onProfileReady(const ProfileSetupResult &setup)
{
    if (m_done)
        return; // Ctrl-C came first
    if (!setup.error.isEmpty()) {
        setup.usageError ? usage(setup.error) : fail(setup.error);
        return;
    }
    m_args.profile = setup.profile;
    m_workspace = setup.workspace;
    m_profileFile = setup.file;
    m_stored = setup.stored;
    if (m_args.action == TokenArgs::Action::Login) {
        if (m_args.tokensFile.isEmpty()
            && m_stored.loginGrant == QLatin1String("authorization_code"))
            m_args.interactive = TokenArgs::Interactive::AuthorizationCode;
        else if (m_args.tokensFile.isEmpty() && m_stored.loginGrant == QLatin1String("device_code"))
            m_args.interactive = TokenArgs::Interactive::DeviceCode;
        if (const QString problem = loginProblem(); !problem.isEmpty()) {
            usage(problem);
            return;
        }
    }
    if (m_args.action == TokenArgs::Action::Refresh && m_args.profile.tokenUrl.isEmpty()) {
        usage(QStringLiteral("token refresh needs the token endpoint: profile '%1' has none "
                             "stored; give --token-url (or --issuer) and --client-id, or run "
                             "'keyway-cli login' with them")
                  .arg(m_args.profile.name));
        return;
    }
    QString error;
    if (!canKeyTokens(m_workspace.name(), &error)) {
        fail(error);
        return;
    }
    m_args.store.workspace = m_workspace.name();
    m_args.store.preferStored(setup.storeSpec);
    m_savedStore = setup.stored.store.spec;
    openStore();
}

QString TokenCommand::loginProblem() const
{
    const Profile &profile = m_args.profile;
    if (!m_args.tokensFile.isEmpty())
        return {};
    if (m_args.interactive == TokenArgs::Interactive::None) {
        if (profile.grant == GrantType::None)
            return QStringLiteral("login needs a way to get tokens: --grant password or "
                                  "client_credentials with --token-url (or --issuer) and "
                                  "--client-id, --grant authorization_code or device_code, or "
                                  "--tokens FILE");
        return silentSignInProblem(profile);
    }
    const QString grant = m_stored.loginGrant;
    if (profile.clientId.isEmpty())
        return QStringLiteral("--grant %1 needs --client-id").arg(grant);
    if (profile.tokenUrl.isEmpty())
        return QStringLiteral("give --issuer, or --token-url with the other endpoints");
    if (m_args.interactive == TokenArgs::Interactive::AuthorizationCode
        && profile.authorizationUrl.isEmpty())
        return QStringLiteral("--grant authorization_code needs --issuer or --authorize-url");
    if (m_args.interactive == TokenArgs::Interactive::DeviceCode
        && profile.deviceAuthorizationUrl.isEmpty())
        return QStringLiteral("--grant device_code needs --issuer or --device-url");
    return {};
}

void TokenCommand::openStore()
{
    QString error;
    std::unique_ptr<TokenStore> store =
        createTokenStore(m_args.store.spec, m_args.store.workspace, &error);
    if (!store) {
        fail(error);
        return;
    }
    m_session = std::make_unique<Session>(m_args.profile, std::move(store));
    connect(m_session->events(), &EventLog::posted, this, &TokenCommand::onEvent);
    m_session->loadStored(this, [this](const StoreResult &result) { onLoaded(result); });
}

QString TokenCommand::where() const
{
    return QStringLiteral("profile '%1' (workspace '%2') in %3")
        .arg(m_args.profile.name, m_args.store.workspace, m_session->store()->describe());
}

QString TokenCommand::nothingStored() const
{
    QString text =
        QStringLiteral("no tokens are stored for %1: sign in with 'keyway-cli login'").arg(where());
    if (!m_args.store.shared())
        text += QStringLiteral(" (--store memory keeps nothing between runs: use keychain or "
                               "redis://)");
    return text;
}

void TokenCommand::onLoaded(const StoreResult &result)
{
    if (m_done)
        return; // Ctrl-C came first
    switch (result.status) {
    case StoreResult::Status::Ok: break;
    case StoreResult::Status::Corrupt:
        // Clearing is the remedy for an unreadable value; everything else leaves it alone.
        if (m_args.action == TokenArgs::Action::Clear) {
            m_storeReachable = true;
            clear(true);
            return;
        }
        fail(unreadableTokensText(where(), m_args.profile.name, result));
        return;
    case StoreResult::Status::Unavailable:
    case StoreResult::Status::Busy:
    case StoreResult::Status::Conflict:
        fail(QStringLiteral("token store %1 is not available: %2")
                 .arg(m_session->store()->describe(), result.message));
        return;
    }
    m_storeReachable = true;
    const bool stored = result.tokens.has_value();
    m_generationBefore = stored ? result.tokens->generation : 0;
    switch (m_args.action) {
    case TokenArgs::Action::Login: login(); return;
    case TokenArgs::Action::Show:
        if (!stored) {
            fail(nothingStored());
            return;
        }
        printTokens(QStringLiteral("Stored tokens:"));
        finish(0);
        return;
    case TokenArgs::Action::Refresh:
        if (!stored) {
            fail(nothingStored());
            return;
        }
        refresh();
        return;
    case TokenArgs::Action::Clear: clear(stored); return;
    }
}

// ---- login ----------------------------------------------------------------------------------

void TokenCommand::login()
{
    m_stage = LoginStage::SigningIn;
    if (m_args.interactive != TokenArgs::Interactive::None) {
        m_interactive = new InteractiveLogin(m_session->tokens(), m_session->events(),
                                             m_args.interactive, m_args.noBrowser, this);
        connect(m_interactive, &InteractiveLogin::finished, this,
                &TokenCommand::onInteractiveLogin);
        m_interactive->start();
        return;
    }
    if (m_args.tokensFile.isEmpty()) {
        m_session->tokens()->signIn(this, [this](const TokenError *error) { onLoggedIn(error); });
        return;
    }
    const TokenFileResult file = readTokenFile(m_args.tokensFile);
    if (!file.response) {
        fail(file.error);
        return;
    }
    m_session->tokens()->adoptResponse(*file.response, this,
                                       [this](const TokenError *error) { onLoggedIn(error); });
}

void TokenCommand::onInteractiveLogin(const SignInResult &result)
{
    if (result.status == SignInResult::Status::Cancelled) {
        signInCancelled();
        return;
    }
    if (!result.ok()) {
        // The message already carries the server's error and error_description.
        fail(result.message);
        return;
    }
    onLoggedIn(nullptr);
}

void TokenCommand::onLoggedIn(const TokenError *error)
{
    if (error && error->kind == TokenError::Kind::Cancelled) {
        signInCancelled();
        return;
    }
    m_stage = LoginStage::Saving;
    if (error) {
        if (!m_args.tokensFile.isEmpty()) {
            fail(QStringLiteral("the tokens could not be stored in %1: %2")
                     .arg(m_session->store()->describe(), error->message));
            return;
        }
        fail(signInErrorText(*error, m_args.profile));
        return;
    }
    if (m_notStored) {
        fail(QStringLiteral("signed in, but the tokens could not be stored: %1").arg(*m_notStored));
        return;
    }
    saveProfile([this] {
        // Said once signed in: a store that fails is said in one line of its own.
        writeErr(QStringLiteral("keyway-cli: ")
                 + m_args.store.usedBy(m_args.profile.name, m_session->store()->describe()));
        // A conflict means another client signed in or refreshed at the same moment: its tokens
        // are as good as ours, and replacing them would only end its session.
        printTokens(m_conflict ? QStringLiteral("Another client stored tokens at the same "
                                                "moment; they are kept:")
                               : QStringLiteral("Signed in; tokens stored:"));
        if (!m_args.store.shared())
            writeErr(QStringLiteral("keyway-cli: note: --store memory keeps these tokens and "
                                    "settings for this run only; use --store keychain or "
                                    "redis:// to share them"));
        finish(m_interrupted ? InterruptedExit : 0);
    });
}

void TokenCommand::onInterrupted()
{
    m_interrupted = true;
    switch (m_stage) {
    case LoginStage::Preparing: signInCancelled(); return;
    case LoginStage::SigningIn:
        // Either answers with Cancelled at once (signInCancelled) unless the tokens are already
        // being stored.
        if (m_interactive)
            m_interactive->cancel();
        else
            m_session->tokens()->cancelFlight();
        if (m_done)
            return;
        break;
    case LoginStage::Saving: break;
    }
    writeErr(errorLine(QStringLiteral("interrupted (Ctrl-C), but the sign-in has already got its "
                                      "tokens and is storing them; finishing that (Ctrl-C again "
                                      "ends at once)")));
}

void TokenCommand::signInCancelled()
{
    QString text = QStringLiteral("sign-in cancelled (Ctrl-C); nothing was stored");
    if (m_generationBefore > 0)
        text +=
            QStringLiteral(": the tokens stored before for %1 are kept as they were").arg(where());
    writeErr(errorLine(text));
    finish(InterruptedExit);
}

void TokenCommand::saveProfile(std::function<void()> then)
{
    // What a later `send --profile`, `token` or `logout` needs: settings in the workspace,
    // secrets in the keychain or named by their environment variable.
    if (!m_args.store.shared()) {
        then();
        return;
    }
    const auto save = [this, then] {
        QString error = m_workspace.ensureExists();
        if (error.isEmpty())
            error = ProfileFile::save(m_profileFile, m_stored);
        if (error.isEmpty())
            writeErr(QStringLiteral("Profile '%1' saved in %2 (no secret is written there).")
                         .arg(m_args.profile.name, m_profileFile));
        else
            writeErr(QStringLiteral("keyway-cli: warning: the profile's settings were not saved, "
                                    "so later runs need them again: ")
                     + error);
        then();
    };
    // A store given with --store is the profile's from now on, and so is one KEYWAY_STORE gives
    // a profile whose file names none; its password, like the other secrets, goes to the
    // keychain. KEYWAY_STORE left in a shell never moves a profile that names its store.
    QString storePassword;
    QString unused;
    const auto choice = StoreChoice::fromTyped(m_args.store.spec, &storePassword, &unused);
    const bool record = m_args.store.source == StoreArgs::Source::Option
        || (m_args.store.source == StoreArgs::Source::Environment && m_savedStore.isEmpty());
    if (choice && record) {
        m_stored.store = *choice;
        if (!storePassword.isEmpty())
            m_stored.store.password = ProfileSecrets::keychainRef(
                m_workspace.name(), m_args.profile.name, QStringLiteral("store-password"));
    } else if (choice && choice->spec != m_savedStore && !m_savedStore.isEmpty()) {
        storePassword.clear(); // not this profile's store: its password is not remembered
        writeErr(QStringLiteral("keyway-cli: note: KEYWAY_STORE chose %1 for this login; profile "
                                "'%2' still names %3 in %4 (give --store to move it there)")
                     .arg(m_session->store()->describe(), m_args.profile.name, m_savedStore,
                          m_profileFile));
    }
    rememberSecret(&m_stored.clientSecret, m_args.auth.clientSecret,
                   QStringLiteral("client secret"), [this, save, storePassword] {
                       rememberSecret(&m_stored.password, m_args.auth.password,
                                      QStringLiteral("password"), [this, save, storePassword] {
                                          rememberSecret(&m_stored.store.password, storePassword,
                                                         QStringLiteral("Redis password"), save);
                                      });
                   });
}

void TokenCommand::rememberSecret(SecretRef *ref, const QString &value, const QString &what,
                                  std::function<void()> then)
{
    if (ref->kind != SecretRef::Kind::Keychain || value.isEmpty()) {
        then();
        return;
    }
    ProfileSecrets::writeToKeychain(*ref, value, this, [ref, what, then](const QString &error) {
        if (!error.isEmpty()) {
            *ref = {};
            writeErr(QStringLiteral("keyway-cli: warning: the %1 is not remembered (%2); give it "
                                    "again with each run, or in the environment")
                         .arg(what, error));
        }
        then();
    });
}

// ---- refresh --------------------------------------------------------------------------------

void TokenCommand::refresh()
{
    m_session->tokens()->refreshNow(this,
                                    [this](const TokenOutcome &outcome) { onRefreshed(outcome); });
}

void TokenCommand::onRefreshed(const TokenOutcome &outcome)
{
    if (!outcome.ok()) {
        fail(refreshErrorText(outcome.error, m_args.profile));
        return;
    }
    if (m_notStored) {
        // With a rotating server the stored refresh token may now be used up.
        fail(QStringLiteral("refreshed, but the new tokens could not be stored: %1; the stored "
                            "refresh token may no longer work: run 'keyway-cli login' when the "
                            "store is back")
                 .arg(*m_notStored));
        return;
    }
    const quint64 now = m_session->tokens()->tokens().generation;
    printTokens(
        m_conflict
            ? QStringLiteral("Another client refreshed first; its tokens (generation %1) "
                             "are stored:")
                  .arg(now)
            : QStringLiteral("Refreshed (generation %1 -> %2):").arg(m_generationBefore).arg(now));
    finish(0);
}

// ---- clear ----------------------------------------------------------------------------------

void TokenCommand::clear(bool somethingStored)
{
    if (!somethingStored) {
        if (!m_args.json)
            writeOut(QStringLiteral("Nothing to clear: no tokens are stored for %1.").arg(where()));
        else
            writeOut(
                QString::fromUtf8(QJsonDocument(QJsonObject {{QStringLiteral("cleared"), false}})
                                      .toJson(QJsonDocument::Compact)));
        finish(0);
        return;
    }
    m_session->store()->clear(m_args.profile.name, this, [this](const StoreResult &result) {
        if (!result.ok()) {
            fail(QStringLiteral("the tokens of %1 could not be removed: %2")
                     .arg(where(), result.message));
            return;
        }
        if (!m_args.json)
            writeOut(QStringLiteral("Removed the tokens of %1.").arg(where()));
        else
            writeOut(
                QString::fromUtf8(QJsonDocument(QJsonObject {{QStringLiteral("cleared"), true}})
                                      .toJson(QJsonDocument::Compact)));
        finish(0);
    });
}

// ---- output ---------------------------------------------------------------------------------

void TokenCommand::onEvent(const Event &event)
{
    if (m_args.events)
        writeErr(QString::fromUtf8(QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact)));
    if (event.type == EventType::StoreDegraded && !m_notStored)
        m_notStored = event.message;
    else if (event.type == EventType::StoreConflict && !m_conflict)
        m_conflict = event.message;
}

void TokenCommand::printTokens(const QString &headline)
{
    const TokenReport report {m_args.profile.name, m_args.store.workspace,
                              m_session->store()->describe(), m_session->tokens()->tokens()};
    const qint64 now = SystemClock::instance()->nowMs();
    if (m_args.json) {
        writeOut(
            QString::fromUtf8(QJsonDocument(report.toJson(now)).toJson(QJsonDocument::Compact)));
        return;
    }
    writeOut(headline);
    writeOut(report.toText(now));
}

void TokenCommand::fail(const QString &message)
{
    if (m_done)
        return; // Ctrl-C ended the command; a step still answering has nothing to add
    writeErr(errorLine(message));
    finish(1);
}

void TokenCommand::usage(const QString &message)
{
    printUsageError(message,
                    m_args.action == TokenArgs::Action::Login ? QStringLiteral("login")
                                                              : QStringLiteral("token"));
    finish(2);
}

void TokenCommand::finish(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    if (!m_storeReachable) {
        Q_EMIT finished(exitCode);
        return;
    }
    m_session->settle(this, [this, exitCode] { Q_EMIT finished(exitCode); });
}

} // namespace Keyway::Cli
