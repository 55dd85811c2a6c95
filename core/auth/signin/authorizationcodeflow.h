#pragma once

#include "auth/profile.h"
#include "auth/signin/loopbackreceiver.h"
#include "auth/signin/pkce.h"
#include "auth/signin/signinrun.h"

#include <QObject>
#include <QUrl>

namespace Keyway {

class Clock;

// Signs a profile in with the authorization code grant and PKCE through the system browser
// (RFC 6749 §4.1, RFC 7636, RFC 8252): asks for the authorization URL to be opened, receives the
// redirect on 127.0.0.1, exchanges the code and hands the tokens to the TokenManager. It never
// opens a browser itself: whoever shows it acts on openUrlRequested.
class AuthorizationCodeFlow final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuthorizationCodeFlow)
public:
    static constexpr qint64 DefaultTimeoutMs = 5 * 60 * 1000;

    AuthorizationCodeFlow(TokenManager *tokens, EventLog *events, Clock *clock,
                          QObject *parent = nullptr);
    ~AuthorizationCodeFlow() override;

    // How long the person has to come back through the browser.
    void setTimeoutMs(qint64 timeoutMs) { m_timeoutMs = timeoutMs; }

    // Listens for the redirect, then emits openUrlRequested. A profile that cannot run this
    // grant finishes at once with NotConfigured.
    void start();
    // Ends a running sign-in with Cancelled; a code that arrives later is never exchanged. Tokens
    // already on their way to the store are not cancelled: the sign-in ends as it would have.
    void cancel();
    bool isRunning() const { return m_run.isRunning(); }

    // Both valid from openUrlRequested on.
    QUrl authorizationUrl() const { return m_authorizationUrl; }
    QUrl redirectUri() const { return m_receiver->redirectUri(); }

    // The authorization request (RFC 6749 §4.1.1 with RFC 7636 §4.3, audience, resource and the
    // profile's extra parameters); keeps any query the endpoint URL has (RFC 6749 §3.1).
    static QUrl buildAuthorizationUrl(const Profile &profile, const QUrl &redirectUri,
                                      const QString &state, const Pkce &pkce);
    // What keeps a profile from running this grant; empty when nothing does.
    static QString configurationProblem(const Profile &profile);

Q_SIGNALS:
    void openUrlRequested(const QUrl &url);
    // The browser came back with a code; the code is being exchanged.
    void redirectReceived();
    void finished(const Keyway::SignInResult &result);

private:
    void onRedirect(const LoopbackRedirect &redirect);
    void exchange(const QString &code);
    void finish(const SignInResult &result);

    TokenManager *m_tokens;
    EventLog *m_events;
    LoopbackReceiver *m_receiver;
    SignInRun m_run;
    qint64 m_timeoutMs = DefaultTimeoutMs;
    Pkce m_pkce;
    QString m_state;
    QUrl m_authorizationUrl;
};

} // namespace Keyway
