#pragma once

#include "auth/profile.h"
#include "auth/signin/signinresult.h"

#include <QObject>

#include <list>
#include <memory>

namespace Keyway {

class AuthServerRequest;
class Clock;
class EventLog;

// Revokes tokens at a profile's revocation endpoint (RFC 7009). A server that is unavailable
// (503, 429, 5xx, unreachable) is asked again later, as its Retry-After says or with backoff,
// and each retry is said in the event log. Outlives the logout that asked: tokens are forgotten
// locally at once, the revocation finishes when it can.
class Revoker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Revoker)
public:
    enum class TokenKind { RefreshToken, AccessToken };
    static constexpr int MaxAttempts = 6;

    Revoker(EventLog *events, Clock *clock, QObject *parent = nullptr);
    ~Revoker() override;

    // Sends the revocation now, and again later while the server is unavailable. The profile
    // must have a revocation URL.
    void revoke(const Profile &profile, const QString &token, TokenKind kind);
    // Revocations not finished yet (sending, or waiting to be sent again).
    int pendingCount() const { return int(m_pending.size()); }

    // The delay before attempt `attempt + 1` after `request` failed, or -1 when trying again
    // cannot help (the server refused the request itself). The whole retry policy, in one place.
    static qint64 retryDelayMs(const AuthServerRequest &request, int attempt, qint64 nowMs);

Q_SIGNALS:
    // One revocation ended: revoked, or given up on (with why).
    void finished(const QString &profile, const Keyway::SignInResult &result);
    // Nothing left to send: a process that is about to exit may go now.
    void idle();

private:
    struct Pending;
    void send(Pending *pending);
    void onAnswer(Pending *pending, AuthServerRequest *request);
    void complete(Pending *pending, const SignInResult &result);

    EventLog *m_events;
    Clock *m_clock;
    std::list<std::unique_ptr<Pending>> m_pending;
};

} // namespace Keyway
