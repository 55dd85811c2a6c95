#pragma once

#include "cliargs.h"

#include <QObject>

#include <memory>

namespace Keyway {
class Revoker;
struct Event;
struct SignInResult;
} // namespace Keyway

namespace Keyway::Cli {

struct ProfileSetupResult;
class Session;

// `keyway-cli logout`: revokes the profile's tokens where the server offers revocation, clears
// the store, and waits (bounded) for revocations the server asked to be retried, so that a
// one-shot process does not drop them. Emits finished() once: 0 when the store was cleared.
class LogoutCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogoutCommand)
public:
    static constexpr int RevocationWaitMs = 15000;

    explicit LogoutCommand(LogoutArgs args, QObject *parent = nullptr);
    ~LogoutCommand() override;

    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void onProfileReady(const ProfileSetupResult &setup);
    void signOut();
    void onSignedOut(const SignInResult &result);
    void onRevoked(const QString &profile, const SignInResult &result);
    void onEvent(const Event &event);
    void finish(int exitCode);

    LogoutArgs m_args;
    std::unique_ptr<Session> m_session;
    Revoker *m_revoker = nullptr;
    int m_exitCode = 0;
    bool m_cleared = false;
    bool m_done = false;
};

} // namespace Keyway::Cli
