#include "logoutcommand.h"

#include "argsupport.h"
#include "console.h"
#include "profilesetup.h"
#include "session.h"

#include "auth/clock.h"
#include "auth/signin/logout.h"
#include "auth/signin/revoker.h"
#include "log/eventlog.h"
#include "store/tokenstorefactory.h"

#include <QJsonDocument>
#include <QTimer>

namespace Keyway::Cli {

LogoutCommand::LogoutCommand(LogoutArgs args, QObject *parent)
    : QObject(parent), m_args(std::move(args))
{
}

LogoutCommand::~LogoutCommand() = default;

void LogoutCommand::start()
{
    setUpProfile(m_args.store.workspace, m_args.profile, m_args.auth, SecretsNeeded::Yes,
                 QProcessEnvironment::systemEnvironment(), this,
                 [this](const ProfileSetupResult &setup) { onProfileReady(setup); });
}

void LogoutCommand::onProfileReady(const ProfileSetupResult &setup)
{
    if (setup.usageError) {
        printUsageError(setup.error, QStringLiteral("logout"));
        m_done = true;
        Q_EMIT finished(2);
        return;
    }
    QString error;
    if (!canKeyTokens(setup.workspace.name(), &error)) {
        writeErr(QStringLiteral("keyway-cli: ") + error);
        m_done = true;
        Q_EMIT finished(1);
        return;
    }
    m_args.store.workspace = setup.workspace.name();
    m_args.store.preferStored(setup.storeSpec);
    if (!setup.error.isEmpty()) {
        // Without the revocation endpoint (or the client's secret) the tokens are still cleared:
        // that is the part the person can count on.
        writeErr(
            QStringLiteral("keyway-cli: warning: %1; the tokens are not revoked").arg(setup.error));
        m_args.profile.issuer.clear();
        m_args.profile.revocationUrl.clear();
    } else {
        m_args.profile = setup.profile;
    }
    const bool revokes =
        !m_args.profile.revocationUrl.isEmpty() && !m_args.profile.clientId.isEmpty();
    if (!m_args.profile.revocationUrl.isEmpty() && m_args.profile.clientId.isEmpty())
        writeErr(QStringLiteral("keyway-cli: warning: revoking needs --client-id (and the "
                                "client secret of a confidential client); the tokens are not "
                                "revoked"));
    if (!revokes)
        m_args.profile.revocationUrl.clear();
    signOut();
}

void LogoutCommand::signOut()
{
    QString error;
    std::unique_ptr<TokenStore> store =
        createTokenStore(m_args.store.spec, m_args.store.workspace, &error);
    if (!store) {
        writeErr(QStringLiteral("keyway-cli: ") + error);
        m_done = true;
        Q_EMIT finished(1);
        return;
    }
    m_session = std::make_unique<Session>(m_args.profile, std::move(store));
    connect(m_session->events(), &EventLog::posted, this, &LogoutCommand::onEvent);
    m_revoker = new Revoker(m_session->events(), SystemClock::instance(), this);
    connect(m_revoker, &Revoker::finished, this, &LogoutCommand::onRevoked);
    auto *logout = new Logout(m_session->tokens(), m_revoker, m_session->events(), this);
    connect(logout, &Logout::finished, this, &LogoutCommand::onSignedOut);
    logout->start();
}

void LogoutCommand::onSignedOut(const SignInResult &result)
{
    m_cleared = result.ok();
    m_exitCode = result.ok() ? 0 : 1;
    writeErr((result.ok() ? QStringLiteral("Signed out: ") : QStringLiteral("keyway-cli: "))
             + result.message);
    if (m_revoker->pendingCount() == 0) {
        finish(m_exitCode);
        return;
    }
    // Revocations the server asked to be retried are lost when the process ends.
    connect(m_revoker, &Revoker::idle, this, [this] { finish(m_exitCode); });
    QTimer::singleShot(RevocationWaitMs, this, [this] {
        if (m_done)
            return;
        writeErr(QStringLiteral("keyway-cli: warning: gave up waiting for the revocation after "
                                "%1 s; the tokens stay valid at the server until they expire")
                     .arg(RevocationWaitMs / 1000));
        finish(m_exitCode);
    });
}

void LogoutCommand::onRevoked(const QString &, const SignInResult &result)
{
    if (result.ok())
        writeErr(QStringLiteral("Revoked at %1.")
                     .arg(m_args.profile.revocationUrl.toString(QUrl::RemoveUserInfo)));
    else
        writeErr(QStringLiteral("keyway-cli: warning: the revocation failed: ") + result.message);
}

void LogoutCommand::onEvent(const Event &event)
{
    if (m_args.events)
        writeErr(QString::fromUtf8(QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact)));
}

void LogoutCommand::finish(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    // Lets the store finish what it sent before the process ends.
    m_session->settle(this, [this, exitCode] { Q_EMIT finished(exitCode); });
}

} // namespace Keyway::Cli
