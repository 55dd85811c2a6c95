#pragma once

#include "auth/signin/signinresult.h"

#include <QObject>

namespace Keyway {

class EventLog;
class Revoker;
class TokenManager;
struct TokenSet;

// Signs a profile out: hands its refresh token (or, without one, its access token) to the
// Revoker where the profile has a revocation endpoint, and clears the stored tokens without
// waiting for the server (RFC 7009 §2: the client forgets its tokens whatever the answer).
class Logout final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Logout)
public:
    Logout(TokenManager *tokens, Revoker *revoker, EventLog *events, QObject *parent = nullptr);
    ~Logout() override;

    void start();

Q_SIGNALS:
    // The local part is done: the store is cleared (or could not be, which `result` says). The
    // revocation goes on in the Revoker.
    void finished(const Keyway::SignInResult &result);

private:
    void revokeAndClear(const TokenSet &tokens);

    TokenManager *m_tokens;
    Revoker *m_revoker;
    EventLog *m_events;
    bool m_running = false;
};

} // namespace Keyway
