#include "auth/tokenmanager.h"

#include "auth/clock.h"
#include "auth/tokenendpoint.h"
#include "log/eventlog.h"
#include "log/fingerprint.h"

#include <QRandomGenerator>
#include <QUuid>

namespace Keyway {

namespace {

constexpr qint64 BackoffBaseMs = 1000;
constexpr qint64 BackoffMaxMs = 60000;
constexpr qint64 PeerPollMs = 250;
// How long a dead grant is remembered in a shared store for the other clients.
constexpr qint64 TerminalErrorMemoryMs = 60000;

// Exponential backoff with "equal jitter": half fixed, half random, so that many clients that
// failed together do not come back together. A server's Retry-After wins when it says more.
qint64 backoffDelayMs(int attempt, qint64 retryAfterMs)
{
    const qint64 exponential = qMin(BackoffMaxMs, BackoffBaseMs << qMin(attempt - 1, 10));
    const qint64 jittered =
        exponential / 2 + qint64(QRandomGenerator::global()->bounded(double(exponential / 2 + 1)));
    return qMax(jittered, retryAfterMs);
}

} // namespace

TokenManager::TokenManager(Profile profile, TokenStore *store, EventLog *events, Clock *clock,
                           QObject *parent)
    : QObject(parent),
      m_profile(std::move(profile)),
      m_store(store),
      m_events(events),
      m_clock(clock),
      m_endpoint(new TokenEndpoint(clock, this)),
      m_leaseOwner(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    connect(m_store, &TokenStore::changed, this, &TokenManager::onStoreChanged);
}

TokenManager::~TokenManager()
{
    // Leave the lease to nobody's TTL: other processes may be waiting for it.
    if (m_holdsLease)
        m_store->releaseLease(m_profile.name, m_leaseOwner);
}

// ---- state ----------------------------------------------------------------------------------

QString TokenManager::stateName(State state)
{
    switch (state) {
    case State::NoToken: return QStringLiteral("no token");
    case State::Fresh: return QStringLiteral("fresh");
    case State::Stale: return QStringLiteral("stale");
    case State::Expired: return QStringLiteral("expired");
    case State::Refreshing: return QStringLiteral("refreshing");
    case State::WaitingOnPeer: return QStringLiteral("waiting on another process");
    case State::Backoff: return QStringLiteral("backing off");
    case State::OutcomeUnknown: return QStringLiteral("refresh outcome unknown");
    case State::ReauthRequired: return QStringLiteral("sign-in required");
    case State::AuthRejected: return QStringLiteral("rejected by the API");
    }
    return {};
}

TokenManager::State TokenManager::state() const
{
    switch (m_phase) {
    case Phase::Refreshing: return State::Refreshing;
    case Phase::WaitingOnPeer: return State::WaitingOnPeer;
    case Phase::Backoff: return State::Backoff;
    case Phase::OutcomeUnknown: return State::OutcomeUnknown;
    case Phase::ReauthRequired: return State::ReauthRequired;
    case Phase::Idle: break;
    }
    if (circuitOpen())
        return State::AuthRejected;
    if (!m_tokens.isValid())
        return State::NoToken;
    const qint64 now = m_clock->nowMs();
    if (isExpiredAt(now))
        return State::Expired;
    return isStaleAt(now) ? State::Stale : State::Fresh;
}

qint64 TokenManager::refreshLeadMs() const
{
    const qint64 lifetime = m_tokens.lifetimeMs();
    return qMin(qBound(m_profile.minRefreshLeadMs, lifetime / 5, m_profile.maxRefreshLeadMs),
                lifetime / 2);
}

qint64 TokenManager::expiryMarginMs() const
{
    return qMin(m_profile.expiryMarginMs, m_tokens.lifetimeMs() / 10);
}

bool TokenManager::isExpiredAt(qint64 nowMs) const
{
    return m_tokens.expiresAtMs && nowMs >= m_tokens.expiresAtMs - expiryMarginMs();
}

bool TokenManager::isStaleAt(qint64 nowMs) const
{
    return m_tokens.expiresAtMs && nowMs >= m_tokens.expiresAtMs - refreshLeadMs();
}

bool TokenManager::circuitOpen() const
{
    return m_circuitOpenUntilMs && m_clock->nowMs() < m_circuitOpenUntilMs;
}

void TokenManager::setPhase(Phase phase)
{
    m_phase = phase;
    const State now = state();
    if (now != m_reportedState) {
        m_reportedState = now;
        Q_EMIT stateChanged(now);
    }
}

// ---- events ---------------------------------------------------------------------------------

Event TokenManager::makeEvent(EventType type, CallRef call) const
{
    Event event;
    event.type = type;
    event.profile = m_profile.name;
    event.callId = call.callId;
    event.attempt = call.attempt;
    event.generation = m_tokens.generation;
    if (m_phase == Phase::Refreshing || m_phase == Phase::WaitingOnPeer)
        event.flightId = m_flightId;
    return event;
}

void TokenManager::post(Event event) const
{
    m_events->post(std::move(event));
}

// ---- answers to attempts -------------------------------------------------------------------

TokenOutcome TokenManager::grantNow() const
{
    return TokenOutcome {m_grant, {}};
}

TokenOutcome TokenManager::failure(TokenError::Kind kind, const QString &message) const
{
    TokenOutcome outcome;
    outcome.error.kind = kind;
    outcome.error.message = message;
    return outcome;
}

void TokenManager::tokenForAttempt(CallRef call, bool requireFresh, QObject *context,
                                   TokenCallback callback)
{
    const qint64 now = m_clock->nowMs();
    // After a refresh the TLS layer refused, only the token endpoint is out of reach: an access
    // token that has not expired still works, and is used without another refresh.
    const bool usableDespiteFailure =
        m_lastError.tlsRefused && m_tokens.isValid() && !isExpiredAt(now);
    if (m_phase == Phase::ReauthRequired && !usableDespiteFailure) {
        callback(TokenOutcome {std::nullopt, m_lastError});
        return;
    }
    const bool coolingDown = m_phase == Phase::Backoff || m_phase == Phase::OutcomeUnknown
        || m_phase == Phase::ReauthRequired;
    if (!m_tokens.isValid()) {
        if (coolingDown) {
            callback(TokenOutcome {std::nullopt, m_lastError});
            return;
        }
        if (!m_profile.canSignInSilently() && m_phase != Phase::Refreshing
            && m_phase != Phase::WaitingOnPeer) {
            callback(failure(TokenError::Kind::NoCredentials,
                             QStringLiteral("profile '%1' is not signed in: sign in first, or "
                                            "give it a grant that needs no person")
                                 .arg(m_profile.name)));
            return;
        }
        joinOrStart(call, QStringLiteral("no token yet"), context, std::move(callback));
        return;
    }
    if (isExpiredAt(now) || (requireFresh && isStaleAt(now))) {
        if (coolingDown) {
            callback(TokenOutcome {std::nullopt, m_lastError});
            return;
        }
        joinOrStart(call,
                    isExpiredAt(now) ? QStringLiteral("token expired by the clock")
                                     : QStringLiteral("stale token and a body that cannot be "
                                                      "replayed"),
                    context, std::move(callback));
        return;
    }
    if (isStaleAt(now) && m_phase == Phase::Idle)
        startFlight(FlightMode::Refresh, QStringLiteral("proactive: token close to expiry"), call);
    callback(grantNow());
}

void TokenManager::challenged(CallRef call, quint64 generationUsed, QObject *context,
                              TokenCallback callback)
{
    if (circuitOpen()) {
        callback(failure(TokenError::Kind::CircuitOpen,
                         QStringLiteral("the API keeps rejecting freshly refreshed tokens, so "
                                        "refreshing is paused for %1 s; check the API's "
                                        "permissions for this client")
                             .arg((m_circuitOpenUntilMs - m_clock->nowMs() + 999) / 1000)));
        return;
    }
    if (m_tokens.isValid() && generationUsed < m_tokens.generation) {
        Event event = makeEvent(EventType::RefreshSkipped, call);
        event.message = QStringLiteral("rejected token was generation %1; replaying with "
                                       "generation %2")
                            .arg(generationUsed)
                            .arg(m_tokens.generation);
        post(event);
        callback(grantNow());
        return;
    }
    if (m_phase == Phase::ReauthRequired || m_phase == Phase::Backoff
        || m_phase == Phase::OutcomeUnknown) {
        callback(TokenOutcome {std::nullopt, m_lastError});
        return;
    }
    joinOrStart(call, QStringLiteral("the API rejected generation %1").arg(generationUsed), context,
                std::move(callback));
}

void TokenManager::withdraw(const QObject *context)
{
    std::erase_if(m_waiters, [context](const Waiter &waiter) { return waiter.context == context; });
}

void TokenManager::replayRejected(CallRef call, quint64 generation)
{
    if (generation != m_tokens.generation || circuitOpen())
        return;
    if (++m_rejectedInARow < m_profile.circuitThreshold)
        return;
    m_circuitOpenUntilMs = m_clock->nowMs() + m_profile.circuitCooldownMs;
    Event event = makeEvent(EventType::CircuitOpened, call);
    event.message = QStringLiteral("%1 replays in a row were rejected with fresh tokens; no "
                                   "refresh for %2 s")
                        .arg(m_rejectedInARow)
                        .arg(m_profile.circuitCooldownMs / 1000);
    post(event);
    setPhase(m_phase);
}

void TokenManager::accepted(quint64 generation)
{
    if (generation != m_tokens.generation || (!m_rejectedInARow && !m_circuitOpenUntilMs))
        return;
    const bool wasOpen = m_circuitOpenUntilMs != 0;
    m_rejectedInARow = 0;
    m_circuitOpenUntilMs = 0;
    if (wasOpen) {
        Event event = makeEvent(EventType::CircuitClosed);
        event.message = QStringLiteral("the API accepts the token again");
        post(event);
    }
    setPhase(m_phase);
}

void TokenManager::refreshNow(QObject *context, TokenCallback callback)
{
    if (m_phase == Phase::ReauthRequired && !m_profile.canSignInSilently()) {
        callback(TokenOutcome {std::nullopt, m_lastError});
        return;
    }
    if (m_phase != Phase::Refreshing && m_phase != Phase::WaitingOnPeer)
        setPhase(Phase::Idle); // an explicit refresh ends a backoff or a sign-in-required state
    joinOrStart({}, QStringLiteral("asked for"), context, std::move(callback));
}

void TokenManager::joinOrStart(CallRef call, const QString &reason, QObject *context,
                               TokenCallback callback)
{
    const bool flying = m_phase == Phase::Refreshing || m_phase == Phase::WaitingOnPeer;
    const bool haveRefreshToken = m_tokens.hasRefreshToken();
    if (!flying && !haveRefreshToken && !m_profile.canSignInSilently()) {
        m_lastError = failure(TokenError::Kind::NoCredentials,
                              QStringLiteral("the token was rejected and profile '%1' has no "
                                             "refresh token and no grant to sign in again with; "
                                             "sign in again")
                                  .arg(m_profile.name))
                          .error;
        callback(TokenOutcome {std::nullopt, m_lastError});
        return;
    }
    // Join before starting: a flight can fail before startFlight returns.
    m_waiters.push_back(Waiter {call, QPointer<QObject>(context), std::move(callback)});
    if (!flying) {
        startFlight(haveRefreshToken ? FlightMode::Refresh : FlightMode::SignIn, reason, call);
    } else if (call.callId) {
        Event event = makeEvent(EventType::RefreshJoined, call);
        event.message = reason;
        post(event);
    }
}

// ---- the refresh flight ---------------------------------------------------------------------

void TokenManager::startFlight(FlightMode mode, const QString &reason, CallRef trigger)
{
    m_backoffTimer.reset();
    m_peerPollTimer.reset();
    ++m_flightId;
    m_flightMode = mode;
    m_flightBaseGeneration = m_tokens.generation;
    m_flightStartedMs = m_clock->nowMs();
    setPhase(Phase::Refreshing);

    Event event = makeEvent(mode == FlightMode::Refresh ? EventType::RefreshStarted
                                                        : EventType::SignInStarted,
                            trigger);
    event.message = reason;
    if (mode == FlightMode::Refresh)
        event.details.insert(QStringLiteral("refresh_token"), fingerprint(m_tokens.refreshToken));
    post(event);

    const quint64 flight = m_flightId;
    m_store->acquireLease(m_profile.name, m_leaseOwner, m_profile.refreshTimeoutMs * 2, this,
                          [this, flight](const StoreResult &result) { onLease(flight, result); });
}

void TokenManager::onLease(quint64 flight, const StoreResult &result)
{
    if (flight != m_flightId) {
        // Granted to a flight cancelled meanwhile: nobody would release it before its TTL.
        if (result.ok() && !m_holdsLease && m_phase != Phase::Refreshing
            && m_phase != Phase::WaitingOnPeer)
            m_store->releaseLease(m_profile.name, m_leaseOwner);
        return;
    }
    switch (result.status) {
    case StoreResult::Status::Busy: {
        if (m_phase != Phase::WaitingOnPeer) { // once per wait, not once per poll
            Event event = makeEvent(EventType::LeaseBusy);
            event.message = QStringLiteral("another client is refreshing; waiting for its tokens");
            post(event);
        }
        waitOnPeer(flight);
        return;
    }
    case StoreResult::Status::Ok:
        m_holdsLease = true;
        if (m_phase == Phase::WaitingOnPeer)
            setPhase(Phase::Refreshing); // took over from a peer whose lease ran out
        loadThenExchange(flight);
        return;
    case StoreResult::Status::Conflict:
    case StoreResult::Status::Unavailable:
    case StoreResult::Status::Corrupt: {
        // A peer holds the lease and is refreshing with the very refresh token we would present:
        // refreshing alone now presents it twice, and a server that rotates refresh tokens then
        // revokes the whole family (seen with Redis killed mid-refresh). Keep waiting for the
        // peer's tokens until its lease would have run out; only then refresh alone.
        if (m_phase == Phase::WaitingOnPeer && m_profile.onStoreFailure == StoreFailureMode::Degrade
            && m_clock->nowMs() - m_peerWaitStartedMs < m_profile.refreshTimeoutMs * 2) {
            if (!m_peerWaitDegradedSaid) {
                m_peerWaitDegradedSaid = true;
                Event event = makeEvent(EventType::StoreDegraded);
                event.message =
                    QStringLiteral("token store %1 failed while another client refreshes (%2); "
                                   "waiting up to %3 s for its tokens before refreshing alone")
                        .arg(m_store->describe(), result.message)
                        .arg((m_profile.refreshTimeoutMs * 2 + 999) / 1000);
                post(event);
            }
            schedulePeerPoll(flight);
            return;
        }
        if (m_profile.onStoreFailure == StoreFailureMode::FailClosed) {
            TokenError error;
            error.kind = TokenError::Kind::Transient;
            error.message = QStringLiteral("token store %1 is not available (%2); this profile "
                                           "fails closed, so no refresh until it is back")
                                .arg(m_store->describe(), result.message);
            failFlight(flight, error);
            return;
        }
        Event event = makeEvent(EventType::StoreDegraded);
        event.message = QStringLiteral("token store %1 could not grant the refresh lease (%2); "
                                       "degraded: refreshing with in-process single flight only")
                            .arg(m_store->describe(), result.message);
        post(event);
        exchange(flight);
        return;
    }
    }
}

void TokenManager::loadThenExchange(quint64 flight)
{
    // Someone may have refreshed between our rejection and our lease: use their tokens rather
    // than presenting a refresh token that may already be used up.
    m_store->load(m_profile.name, this, [this, flight](const StoreResult &result) {
        if (flight != m_flightId)
            return;
        if (result.ok() && result.tokens && result.tokens->generation > m_flightBaseGeneration
            && m_flightMode == FlightMode::Refresh) {
            adopt(*result.tokens);
            succeedFlight(flight,
                          QStringLiteral("adopted generation %1 from the store")
                              .arg(result.tokens->generation));
            return;
        }
        if (!result.terminalError.isEmpty() && m_flightMode == FlightMode::Refresh) {
            // Another client sharing the store found this grant dead moments ago: presenting
            // the same refresh token again would only be refused (or count as reuse).
            TokenError error;
            error.kind = TokenError::Kind::Terminal;
            error.message = QStringLiteral("another client found this sign-in dead: %1")
                                .arg(result.terminalError);
            failFlight(flight, error);
            return;
        }
        if (!result.ok()) {
            Event event = makeEvent(EventType::StoreDegraded);
            event.message = result.message;
            post(event);
        }
        exchange(flight);
    });
}

void TokenManager::exchange(quint64 flight)
{
    const bool useRefreshToken = m_flightMode == FlightMode::Refresh && m_tokens.hasRefreshToken();
    if (!useRefreshToken && !m_profile.canSignInSilently()) {
        TokenError error;
        error.kind = TokenError::Kind::NoCredentials;
        error.message = QStringLiteral("profile '%1' has no refresh token and no grant to sign in "
                                       "with; sign in again")
                            .arg(m_profile.name);
        failFlight(flight, error);
        return;
    }
    const QUrlQuery form = useRefreshToken
        ? TokenEndpoint::refreshForm(m_profile, m_tokens.refreshToken)
        : TokenEndpoint::signInForm(m_profile);
    m_endpoint->exchange(
        m_profile, form, this, [this, flight, useRefreshToken](const TokenExchangeResult &result) {
            if (flight != m_flightId)
                return;
            if (const auto *response = std::get_if<TokenResponse>(&result))
                onExchanged(flight, useRefreshToken, *response);
            else
                onExchangeFailed(flight, useRefreshToken, std::get<TokenError>(result));
        });
}

void TokenManager::onExchanged(quint64 flight, bool usedRefreshToken, const TokenResponse &response)
{
    TokenSet base = m_tokens;
    if (!usedRefreshToken)
        base.refreshToken.clear(); // a new sign-in starts a new refresh-token family
    const TokenSet next = response.toTokenSet(base, m_clock->nowMs());
    const bool rotated = usedRefreshToken && !response.refreshToken.isEmpty()
        && response.refreshToken != m_tokens.refreshToken;
    m_storing = true;
    m_store->compareAndSwap(
        m_profile.name, m_flightBaseGeneration, next, this,
        [this, flight, next, rotated, usedRefreshToken](const StoreResult &result) {
            m_storing = false;
            if (flight != m_flightId)
                return;
            if (result.status == StoreResult::Status::Conflict && !result.tokens) {
                // Signed out elsewhere while we refreshed: respect it, keep nothing.
                forgetTokens(QStringLiteral("the tokens were removed from the store while "
                                            "refreshing (signed out elsewhere)"));
                TokenError error;
                error.kind = TokenError::Kind::NoCredentials;
                error.message = QStringLiteral("profile '%1' was signed out elsewhere; sign in "
                                               "again")
                                    .arg(m_profile.name);
                failFlight(flight, error);
                return;
            }
            if (result.status == StoreResult::Status::Conflict && result.tokens) {
                Event event = makeEvent(EventType::StoreConflict);
                event.message = QStringLiteral("our write was rejected: another client stored "
                                               "generation %1 first; adopting its tokens")
                                    .arg(result.tokens->generation);
                post(event);
                adopt(*result.tokens);
                succeedFlight(flight, QStringLiteral("adopted after a conflict"));
                return;
            }
            if (!result.ok()) {
                Event event = makeEvent(EventType::StoreDegraded);
                event.message = QStringLiteral("the new tokens could not be stored in %1 (%2); "
                                               "using them from memory and retrying the write")
                                    .arg(m_store->describe(), result.message);
                post(event);
                adopt(next);
                // The store still holds the refresh token we just used up. Keep the lease, so no
                // peer presents it again, until the write lands or the lease runs out.
                const bool heldLease = m_holdsLease;
                m_holdsLease = false;
                succeedFlight(flight,
                              usedRefreshToken ? QStringLiteral("refreshed (not stored yet)")
                                               : QStringLiteral("signed in (not stored yet)"));
                if (heldLease)
                    persistLater(next, 1);
                return;
            }
            adopt(next);
            Event stored = makeEvent(EventType::StoreUpdated);
            stored.flightId = flight;
            stored.details = next.describe();
            stored.details.insert(QStringLiteral("rotated"), rotated);
            post(stored);
            succeedFlight(flight,
                          usedRefreshToken ? QStringLiteral("refreshed")
                                           : QStringLiteral("signed in"));
        });
}

void TokenManager::onExchangeFailed(quint64 flight, bool usedRefreshToken, const TokenError &error)
{
    // A refused TLS handshake is not a dead refresh token: signing in would meet it again.
    if (error.kind == TokenError::Kind::Terminal && !error.tlsRefused && usedRefreshToken
        && m_profile.canSignInSilently()) {
        Event event = makeEvent(EventType::RefreshFailed);
        event.message =
            error.message + QStringLiteral("; signing in again with the profile's grant");
        event.details.insert(QStringLiteral("kind"), error.kindName());
        post(event);
        m_flightMode = FlightMode::SignIn;
        Event signIn = makeEvent(EventType::SignInStarted);
        signIn.message = QStringLiteral("the refresh token is dead; signing in with the profile's "
                                        "grant");
        post(signIn);
        exchange(flight);
        return;
    }
    if (error.kind == TokenError::Kind::OutcomeUnknown) {
        // The server may have rotated the refresh token and the answer was lost. Another client
        // sharing the store may have the new tokens; look before deciding.
        m_store->load(m_profile.name, this, [this, flight, error](const StoreResult &result) {
            if (flight != m_flightId)
                return;
            if (result.ok() && result.tokens
                && result.tokens->generation > m_flightBaseGeneration) {
                adopt(*result.tokens);
                succeedFlight(flight,
                              QStringLiteral("adopted generation %1 from the store after "
                                             "a lost answer")
                                  .arg(result.tokens->generation));
                return;
            }
            failFlight(flight, error);
        });
        return;
    }
    failFlight(flight, error);
}

void TokenManager::succeedFlight(quint64 flight, const QString &how)
{
    if (m_holdsLease) {
        m_store->releaseLease(m_profile.name, m_leaseOwner);
        m_holdsLease = false;
    }
    m_backoffAttempt = 0;
    m_peerPollTimer.reset();
    Event event = makeEvent(m_flightMode == FlightMode::SignIn ? EventType::SignedIn
                                                               : EventType::RefreshSucceeded);
    event.flightId = flight;
    event.message = how;
    event.details.insert(QStringLiteral("ms"), m_clock->nowMs() - m_flightStartedMs);
    event.details.insert(QStringLiteral("waiters"), int(m_waiters.size()));
    event.details.insert(QStringLiteral("access_token"), fingerprint(m_tokens.accessToken));
    post(event);
    setPhase(Phase::Idle);
    scheduleProactiveRefresh();
    notifyWaiters(grantNow());
}

void TokenManager::failFlight(quint64 flight, const TokenError &error)
{
    if (m_holdsLease) {
        m_store->releaseLease(m_profile.name, m_leaseOwner);
        m_holdsLease = false;
    }
    m_peerPollTimer.reset();
    m_lastError = error;
    Event event = makeEvent(EventType::RefreshFailed);
    event.flightId = flight;
    event.message = error.message;
    event.details.insert(QStringLiteral("kind"), error.kindName());
    if (error.httpStatus)
        event.details.insert(QStringLiteral("status"), error.httpStatus);
    if (!error.oauthError.isEmpty())
        event.details.insert(QStringLiteral("error"), error.oauthError);
    if (!error.oauthDescription.isEmpty())
        event.details.insert(QStringLiteral("error_description"), error.oauthDescription);
    event.details.insert(QStringLiteral("waiters"), int(m_waiters.size()));
    post(event);
    settleFailure(error);
    notifyWaiters(TokenOutcome {std::nullopt, error});
}

void TokenManager::settleFailure(const TokenError &error)
{
    switch (error.kind) {
    case TokenError::Kind::Terminal:
    case TokenError::Kind::NoCredentials: {
        if (error.kind == TokenError::Kind::Terminal && !error.oauthError.isEmpty())
            m_store->recordTerminalError(m_profile.name, error.message, TerminalErrorMemoryMs);
        setPhase(Phase::ReauthRequired);
        Event event = makeEvent(EventType::ReauthRequired);
        event.message = error.message;
        post(event);
        return;
    }
    case TokenError::Kind::Transient:
    case TokenError::Kind::OutcomeUnknown: {
        // Both wait before the next attempt. After a lost answer the refresh token may already be
        // used up; trying it again later cannot make that worse, but trying it at once for every
        // waiting request would present it many times.
        ++m_backoffAttempt;
        const qint64 delay = backoffDelayMs(m_backoffAttempt, error.retryAfterMs);
        const Phase waiting =
            error.kind == TokenError::Kind::Transient ? Phase::Backoff : Phase::OutcomeUnknown;
        setPhase(waiting);
        Event event = makeEvent(EventType::RefreshBackoff);
        event.message = QStringLiteral("next refresh attempt in %1 ms").arg(delay);
        event.details.insert(QStringLiteral("delay_ms"), delay);
        event.details.insert(QStringLiteral("attempt"), m_backoffAttempt);
        if (error.retryAfterMs >= 0)
            event.details.insert(QStringLiteral("retry_after_ms"), error.retryAfterMs);
        post(event);
        m_backoffTimer = m_clock->schedule(delay, this, [this, waiting] {
            m_backoffTimer.release()->deleteLater();
            if (m_phase != waiting)
                return;
            setPhase(Phase::Idle);
            // Only retry on our own when usable tokens are about to run out; a failed sign-in
            // was already reported, and the next send decides whether to try again.
            if (m_tokens.isValid() && isStaleAt(m_clock->nowMs()))
                startFlight(m_tokens.hasRefreshToken() ? FlightMode::Refresh : FlightMode::SignIn,
                            QStringLiteral("retry after backoff"));
        });
        return;
    }
    case TokenError::Kind::CircuitOpen:
    case TokenError::Kind::Cancelled: setPhase(Phase::Idle); return;
    }
}

void TokenManager::waitOnPeer(quint64 flight)
{
    setPhase(Phase::WaitingOnPeer);
    m_peerWaitStartedMs = m_clock->nowMs();
    m_peerWaitDegradedSaid = false;
    schedulePeerPoll(flight);
}

void TokenManager::schedulePeerPoll(quint64 flight)
{
    // The peer publishes its new generation (onStoreChanged); polling covers a lost message.
    m_peerPollTimer = m_clock->schedule(PeerPollMs, this, [this, flight] {
        m_peerPollTimer.release()->deleteLater();
        pollPeer(flight);
    });
}

void TokenManager::pollPeer(quint64 flight)
{
    if (flight != m_flightId || m_phase != Phase::WaitingOnPeer)
        return;
    m_store->load(m_profile.name, this, [this, flight](const StoreResult &result) {
        if (flight != m_flightId || m_phase != Phase::WaitingOnPeer)
            return;
        if (result.ok() && result.tokens && result.tokens->generation > m_flightBaseGeneration) {
            adopt(*result.tokens);
            succeedFlight(flight,
                          QStringLiteral("adopted generation %1 refreshed by another "
                                         "client")
                              .arg(result.tokens->generation));
            return;
        }
        // The peer's lease may have expired (it crashed): try to take it over.
        m_store->acquireLease(m_profile.name, m_leaseOwner, m_profile.refreshTimeoutMs * 2, this,
                              [this, flight](const StoreResult &lease) { onLease(flight, lease); });
    });
}

void TokenManager::onStoreChanged(const QString &profile, quint64 generation)
{
    if (profile != m_profile.name)
        return;
    if (generation == 0 && m_tokens.isValid() && m_phase != Phase::Refreshing) {
        // Cleared elsewhere (a sign-out in another process): follow it if the store agrees.
        m_store->load(m_profile.name, this, [this](const StoreResult &result) {
            if (result.ok() && !result.tokens && m_phase != Phase::Refreshing)
                forgetTokens(QStringLiteral("the tokens were removed from the store (signed out "
                                            "elsewhere)"));
        });
        return;
    }
    if (generation <= m_tokens.generation)
        return;
    if (m_phase == Phase::WaitingOnPeer) {
        pollPeer(m_flightId);
        return;
    }
    if (m_phase == Phase::Refreshing)
        return; // the flight's compare-and-swap will find it
    m_store->load(m_profile.name, this, [this](const StoreResult &result) {
        if (result.ok() && result.tokens && result.tokens->generation > m_tokens.generation
            && m_phase != Phase::Refreshing) {
            adopt(*result.tokens);
            if (m_phase != Phase::Idle)
                setPhase(Phase::Idle);
        }
    });
}

// ---- tokens ---------------------------------------------------------------------------------

void TokenManager::adopt(const TokenSet &tokens)
{
    m_tokens = tokens;
    // Built once per generation: every attempt is handed the same header and fingerprint.
    m_grant = TokenGrant {"Bearer " + tokens.accessToken.toUtf8(), fingerprint(tokens.accessToken),
                          tokens.generation};
    m_rejectedInARow = 0;
    // Tokens are had again (a flight, the store, another client): what failed before no longer
    // stands.
    m_lastError = {};
    Q_EMIT tokensChanged(tokens.generation);
}

void TokenManager::persistLater(const TokenSet &tokens, int attempt)
{
    const qint64 leaseMs = m_profile.refreshTimeoutMs * 2;
    const qint64 delay = qMin<qint64>(250LL << qMin(attempt - 1, 6), leaseMs / 4);
    const bool lastTry = delay * 2 * attempt >= leaseMs;
    m_pendingWriteTimer = m_clock->schedule(delay, this, [this, tokens, attempt, lastTry] {
        m_pendingWriteTimer.release()->deleteLater();
        if (m_tokens.generation != tokens.generation)
            return; // something newer was adopted meanwhile
        const auto giveUp = [this](const QString &why) {
            m_store->releaseLease(m_profile.name, m_leaseOwner);
            Event event = makeEvent(EventType::StoreDegraded);
            event.message = why;
            post(event);
        };
        // Extends our own lease (same owner) before writing.
        m_store->acquireLease(
            m_profile.name, m_leaseOwner, m_profile.refreshTimeoutMs * 2, this,
            [this, tokens, attempt, lastTry, giveUp](const StoreResult &lease) {
                if (!lease.ok()) {
                    if (lastTry)
                        giveUp(QStringLiteral("the new tokens are still not stored and the "
                                              "lease is gone; the stored refresh token is stale"));
                    else
                        persistLater(tokens, attempt + 1);
                    return;
                }
                m_store->compareAndSwap(
                    m_profile.name, tokens.generation - 1, tokens, this,
                    [this, tokens, attempt, lastTry, giveUp](const StoreResult &result) {
                        if (result.ok()) {
                            m_store->releaseLease(m_profile.name, m_leaseOwner);
                            Event event = makeEvent(EventType::StoreUpdated);
                            event.message = QStringLiteral("stored after %1 retries").arg(attempt);
                            event.details = tokens.describe();
                            post(event);
                            return;
                        }
                        if (result.status == StoreResult::Status::Conflict) {
                            m_store->releaseLease(m_profile.name, m_leaseOwner);
                            if (result.tokens && result.tokens->generation >= m_tokens.generation)
                                adopt(*result.tokens);
                            return;
                        }
                        if (lastTry)
                            giveUp(QStringLiteral("gave up storing the new tokens (%1); "
                                                  "the stored refresh token is stale")
                                       .arg(result.message));
                        else
                            persistLater(tokens, attempt + 1);
                    });
            });
    });
}

bool TokenManager::cancelFlight()
{
    if (m_phase != Phase::Refreshing && m_phase != Phase::WaitingOnPeer)
        return true;
    if (m_storing)
        return false;
    const quint64 flight = m_flightId++; // an answer that comes later belongs to no flight
    failFlight(flight,
               failure(TokenError::Kind::Cancelled,
                       m_flightMode == FlightMode::SignIn
                           ? QStringLiteral("the sign-in was cancelled")
                           : QStringLiteral("the refresh was cancelled"))
                   .error);
    return true;
}

void TokenManager::forget()
{
    reset(QStringLiteral("signed out"),
          QStringLiteral("profile '%1' was signed out").arg(m_profile.name));
}

void TokenManager::reconfigure(Profile profile, TokenStore *store)
{
    reset(QStringLiteral("the profile's settings changed"),
          QStringLiteral("the settings of profile '%1' changed").arg(m_profile.name));
    m_profile = std::move(profile);
    if (store == m_store)
        return;
    disconnect(m_store, &TokenStore::changed, this, &TokenManager::onStoreChanged);
    // A store an earlier reconfigure handed over is ours to drop; the composition root's is not.
    if (m_store->parent() == this)
        m_store->deleteLater();
    m_store = store;
    if (!m_store->parent())
        m_store->setParent(this);
    connect(m_store, &TokenStore::changed, this, &TokenManager::onStoreChanged);
    Q_EMIT tokensChanged(0); // for whoever shows which store holds them
}

void TokenManager::reset(const QString &why, const QString &waiterMessage)
{
    ++m_flightId; // whatever is in flight no longer counts
    m_backoffTimer.reset();
    m_peerPollTimer.reset();
    m_pendingWriteTimer.reset();
    if (m_holdsLease) {
        m_store->releaseLease(m_profile.name, m_leaseOwner);
        m_holdsLease = false;
    }
    m_lastError = {};
    m_backoffAttempt = 0;
    m_rejectedInARow = 0;
    m_circuitOpenUntilMs = 0;
    forgetTokens(why);
    notifyWaiters(failure(TokenError::Kind::NoCredentials, waiterMessage));
}

void TokenManager::forgetTokens(const QString &why)
{
    m_tokens = TokenSet {};
    m_grant = TokenGrant {};
    m_proactiveTimer.reset();
    m_expiryTimer.reset();
    Event event = makeEvent(EventType::ReauthRequired);
    event.message = why;
    post(event);
    Q_EMIT tokensChanged(0);
    setPhase(Phase::Idle);
}

void TokenManager::scheduleProactiveRefresh()
{
    m_proactiveTimer.reset();
    m_expiryTimer.reset();
    if (!m_tokens.expiresAtMs)
        return;
    // Time alone turns a token expired: say so to whoever shows the state.
    const qint64 expiresIn = m_tokens.expiresAtMs - expiryMarginMs() - m_clock->nowMs();
    m_expiryTimer = m_clock->schedule(qMax<qint64>(0, expiresIn), this, [this] {
        m_expiryTimer.release()->deleteLater();
        setPhase(m_phase);
    });
    const qint64 due = m_tokens.expiresAtMs - refreshLeadMs();
    const qint64 delay = qMax<qint64>(0, due - m_clock->nowMs());
    Event event = makeEvent(EventType::RefreshScheduled);
    event.message = QStringLiteral("proactive refresh in %1 s").arg(delay / 1000);
    event.details.insert(QStringLiteral("due_in_ms"), delay);
    post(event);
    m_proactiveTimer = m_clock->schedule(delay, this, [this] {
        m_proactiveTimer.release()->deleteLater();
        if (m_phase == Phase::Idle)
            startFlight(FlightMode::Refresh, QStringLiteral("proactive: token close to expiry"));
    });
}

void TokenManager::notifyWaiters(const TokenOutcome &outcome)
{
    // Callbacks may start new attempts that join a new flight: hand over the list first.
    std::vector<Waiter> waiters;
    waiters.swap(m_waiters);
    for (const Waiter &waiter : waiters) {
        if (waiter.context)
            waiter.callback(outcome);
    }
}

// ---- explicit operations --------------------------------------------------------------------

// Tells the caller of an explicit store operation how it went, if the caller is still there.
static void answer(const QPointer<QObject> &guard, const TokenManager::DoneCallback &done,
                   const StoreResult &result, const QString &failure)
{
    if (!guard)
        return;
    if (result.ok()) {
        done(nullptr);
        return;
    }
    TokenError error;
    error.kind = TokenError::Kind::Transient;
    error.message = failure;
    done(&error);
}

void TokenManager::load(QObject *context, DoneCallback done)
{
    QPointer<QObject> guard(context);
    m_store->load(m_profile.name, this, [this, guard, done](const StoreResult &result) {
        if (result.ok() && result.tokens) {
            adopt(*result.tokens);
            setPhase(Phase::Idle);
            scheduleProactiveRefresh();
        }
        answer(guard, done, result, result.message);
    });
}

void TokenManager::adoptResponse(const TokenResponse &response, QObject *context, DoneCallback done)
{
    TokenSet base = m_tokens;
    base.refreshToken.clear();
    const TokenSet next = response.toTokenSet(base, m_clock->nowMs());
    QPointer<QObject> guard(context);
    m_store->compareAndSwap(m_profile.name, m_tokens.generation, next, this,
                            [this, guard, done, next](const StoreResult &result) {
                                if (result.ok()) {
                                    adopt(next);
                                    setPhase(Phase::Idle);
                                    Event event = makeEvent(EventType::SignedIn);
                                    event.message = QStringLiteral("tokens adopted");
                                    event.details = next.describe();
                                    post(event);
                                    scheduleProactiveRefresh();
                                }
                                answer(guard, done, result,
                                       result.status == StoreResult::Status::Conflict
                                           ? QStringLiteral("the store changed meanwhile; try "
                                                            "again")
                                           : result.message);
                            });
}

void TokenManager::signIn(QObject *context, DoneCallback done)
{
    if (!m_profile.canSignInSilently()) {
        TokenError error;
        error.kind = TokenError::Kind::NoCredentials;
        error.message =
            QStringLiteral("profile '%1' has no grant to sign in with").arg(m_profile.name);
        done(&error);
        return;
    }
    m_waiters.push_back(
        Waiter {{}, QPointer<QObject>(context), [done](const TokenOutcome &outcome) {
                    done(outcome.ok() ? nullptr : &outcome.error);
                }});
    if (m_phase != Phase::Refreshing && m_phase != Phase::WaitingOnPeer)
        startFlight(FlightMode::SignIn, QStringLiteral("sign-in"));
}

} // namespace Keyway
