#pragma once

#include "auth/profile.h"
#include "auth/tokenerror.h"
#include "auth/tokenset.h"
#include "log/event.h"
#include "store/tokenstore.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace Keyway {

class Clock;
class EventLog;
class TokenEndpoint;

// Which attempt of which call asks: carried into every event.
struct CallRef
{
    quint64 callId = 0;
    int attempt = 0;
};

// A token to put on one attempt, with the generation it belongs to.
struct TokenGrant
{
    QByteArray authorization; // the Authorization header value, "Bearer ..."
    QString fingerprint;
    quint64 generation = 0;
};

struct TokenOutcome
{
    std::optional<TokenGrant> grant;
    TokenError error; // meaningful when there is no grant
    bool ok() const { return grant.has_value(); }
};

// The one owner of a profile's token lifetime: hands tokens to attempts, refreshes them once
// however many attempts wait (single flight), classifies refresh failures and keeps the store up to
// date.
class TokenManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenManager)
public:
    enum class State {
        NoToken,
        Fresh,
        Stale, // usable; a refresh runs in the background
        Expired, // not usable; the next attempt waits for a refresh
        Refreshing,
        WaitingOnPeer, // another process holds the refresh lease
        Backoff, // the last refresh failed transiently; waiting before the next
        OutcomeUnknown,
        ReauthRequired,
        AuthRejected, // the circuit is open: the API rejects even fresh tokens
    };
    Q_ENUM(State)

    using TokenCallback = std::function<void(const TokenOutcome &)>;
    using DoneCallback = std::function<void(const TokenError *error)>;

    TokenManager(Profile profile, TokenStore *store, EventLog *events, Clock *clock,
                 QObject *parent = nullptr);
    ~TokenManager() override;

    const Profile &profile() const { return m_profile; }
    State state() const;
    static QString stateName(State state);
    const TokenSet &tokens() const { return m_tokens; }
    TokenStore *store() const { return m_store; }
    // Why the last refresh or sign-in failed, for whoever shows the state: ReauthRequired alone
    // cannot tell a dead grant from a token endpoint whose TLS certificate was refused
    // (tlsRefused), where signing in again cannot help. Empty (no message) once tokens were had
    // again, and after forget() or reconfigure().
    const TokenError &lastError() const { return m_lastError; }

    // Reads what the store holds for this profile. A corrupt stored value is reported and left as
    // it is.
    void load(QObject *context, DoneCallback done);
    // Stores tokens obtained elsewhere (a sign-in, `--tokens FILE`) as the next generation.
    void adoptResponse(const TokenResponse &response, QObject *context, DoneCallback done);
    // Runs the profile's grant now (password or client credentials).
    void signIn(QObject *context, DoneCallback done);
    // Forgets the tokens held in memory once a logout has cleared the store; anyone waiting for a
    // refresh is told the profile was signed out.
    void forget();
    // Takes edited settings and the store they name (the profile dialog's Sign in): forgets the
    // tokens held in memory, as forget() does, and reads nothing yet. A store this manager does
    // not own stays with its owner; `store` becomes its child unless it has a parent.
    void reconfigure(Profile profile, TokenStore *store);
    // Refreshes now, joining a refresh already under way.
    void refreshNow(QObject *context, TokenCallback callback);
    // Stops the sign-in or refresh under way (Ctrl-C): an answer that comes later is dropped,
    // the lease is released, and the attempts waiting are answered with Kind::Cancelled. False
    // when it is too late: the new tokens are on their way to the store, and the flight ends as
    // it would have. True when nothing was under way.
    bool cancelFlight();

    // For AuthorizedClient, once per attempt. Answers at once while the token is usable; otherwise
    // after the refresh this attempt waits for. `requireFresh`: the body cannot be replayed, so a
    // stale token is refreshed before sending rather than after a rejection.
    void tokenForAttempt(CallRef call, bool requireFresh, QObject *context, TokenCallback callback);
    // The API rejected the token of `generationUsed`: answers with a token to replay with.
    void challenged(CallRef call, quint64 generationUsed, QObject *context, TokenCallback callback);
    // The attempts waiting with `context` stop waiting (their call was cancelled): they are not
    // answered, and the refresh goes on for everyone else.
    void withdraw(const QObject *context);
    // A replay with a just-refreshed token was rejected again (the circuit breaker counts these).
    void replayRejected(CallRef call, quint64 generation);
    // An attempt with `generation` was accepted by the API.
    void accepted(quint64 generation);

Q_SIGNALS:
    void stateChanged(Keyway::TokenManager::State state);
    void tokensChanged(quint64 generation);

private:
    enum class Phase { Idle, Refreshing, WaitingOnPeer, Backoff, OutcomeUnknown, ReauthRequired };
    enum class FlightMode { Refresh, SignIn };
    struct Waiter
    {
        CallRef call;
        QPointer<QObject> context;
        TokenCallback callback;
    };

    TokenOutcome grantNow() const;
    TokenOutcome failure(TokenError::Kind kind, const QString &message) const;
    bool isExpiredAt(qint64 nowMs) const;
    bool isStaleAt(qint64 nowMs) const;
    qint64 refreshLeadMs() const;
    qint64 expiryMarginMs() const;
    bool circuitOpen() const;

    void joinOrStart(CallRef call, const QString &reason, QObject *context, TokenCallback callback);
    void startFlight(FlightMode mode, const QString &reason, CallRef trigger = {});
    void onLease(quint64 flight, const StoreResult &result);
    void loadThenExchange(quint64 flight);
    void exchange(quint64 flight);
    void onExchanged(quint64 flight, bool usedRefreshToken, const TokenResponse &response);
    void onExchangeFailed(quint64 flight, bool usedRefreshToken, const TokenError &error);
    void succeedFlight(quint64 flight, const QString &how);
    void failFlight(quint64 flight, const TokenError &error);
    void settleFailure(const TokenError &error);
    void waitOnPeer(quint64 flight);
    void schedulePeerPoll(quint64 flight);
    void pollPeer(quint64 flight);
    void onStoreChanged(const QString &profile, quint64 generation);

    void adopt(const TokenSet &tokens);
    void forgetTokens(const QString &why);
    void reset(const QString &why, const QString &waiterMessage);
    // Retries writing tokens the store could not take, holding the lease meanwhile.
    void persistLater(const TokenSet &tokens, int attempt);
    void scheduleProactiveRefresh();
    void setPhase(Phase phase);
    void notifyWaiters(const TokenOutcome &outcome);
    void post(Event event) const;
    Event makeEvent(EventType type, CallRef call = {}) const;

    Profile m_profile;
    TokenStore *m_store;
    EventLog *m_events;
    Clock *m_clock;
    TokenEndpoint *m_endpoint;
    QString m_leaseOwner;

    TokenSet m_tokens;
    TokenGrant m_grant; // m_tokens as attempts use it
    Phase m_phase = Phase::Idle;
    State m_reportedState = State::NoToken;
    TokenError m_lastError;

    quint64 m_flightId = 0;
    quint64 m_flightBaseGeneration = 0;
    FlightMode m_flightMode = FlightMode::Refresh;
    qint64 m_flightStartedMs = 0;
    bool m_holdsLease = false;
    bool m_storing = false; // a flight's new tokens are being written: too late to cancel
    std::vector<Waiter> m_waiters;

    int m_backoffAttempt = 0;
    qint64 m_peerWaitStartedMs = 0;
    bool m_peerWaitDegradedSaid = false; // the store failed during this wait: said once
    int m_rejectedInARow = 0;
    qint64 m_circuitOpenUntilMs = 0;

    std::unique_ptr<QObject> m_proactiveTimer;
    std::unique_ptr<QObject> m_expiryTimer;
    std::unique_ptr<QObject> m_pendingWriteTimer;
    std::unique_ptr<QObject> m_backoffTimer;
    std::unique_ptr<QObject> m_peerPollTimer;
};

} // namespace Keyway
