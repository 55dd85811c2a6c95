#pragma once

#include "cliargs.h"

#include "collection/profilefile.h"
#include "collection/workspacelocation.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace Keyway {
struct Event;
struct SignInResult;
struct StoreResult;
struct TokenError;
struct TokenOutcome;
} // namespace Keyway

namespace Keyway::Cli {

struct ProfileSetupResult;
class InteractiveLogin;
class Session;

// `keyway-cli login` and `keyway-cli token show|refresh|clear`: one profile's tokens in the
// chosen store. The store is read first, so that an unreachable or unreadable store is reported
// before anything is signed in, refreshed or removed. Emits finished() once with the exit code.
class TokenCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenCommand)
public:
    explicit TokenCommand(TokenArgs args, QObject *parent = nullptr);
    ~TokenCommand() override;

    // Call from the running event loop.
    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void onProfileReady(const ProfileSetupResult &setup);
    QString loginProblem() const;
    void openStore();
    void onLoaded(const StoreResult &result);
    void login();
    void onLoggedIn(const TokenError *error);
    void onInteractiveLogin(const SignInResult &result);
    void onInterrupted();
    void signInCancelled();
    void saveProfile(std::function<void()> then);
    void rememberSecret(SecretRef *ref, const QString &value, const QString &what,
                        std::function<void()> then);
    void refresh();
    void onRefreshed(const TokenOutcome &outcome);
    void clear(bool somethingStored);
    void onEvent(const Event &event);

    void printTokens(const QString &headline);
    QString where() const;
    QString nothingStored() const;
    void fail(const QString &message);
    void usage(const QString &message);
    void finish(int exitCode);

    TokenArgs m_args;
    WorkspaceLocation m_workspace;
    QString m_profileFile;
    StoredProfile m_stored; // what login stores in m_profileFile
    QString m_savedStore; // the store m_profileFile named before (without a password)
    std::unique_ptr<Session> m_session;
    quint64 m_generationBefore = 0;
    std::optional<QString> m_notStored; // a store.degraded event: the new tokens were not stored
    std::optional<QString> m_conflict; // a store.conflict event: another client's tokens won
    bool m_storeReachable = false; // worth settling before the process ends
    // Where a login is, for what Ctrl-C stops: nothing yet, a sign-in, or a finished sign-in's
    // tokens and profile being saved.
    enum class LoginStage { Preparing, SigningIn, Saving };
    LoginStage m_stage = LoginStage::Preparing;
    InteractiveLogin *m_interactive = nullptr;
    bool m_interrupted = false;
    bool m_done = false;
};

} // namespace Keyway::Cli
