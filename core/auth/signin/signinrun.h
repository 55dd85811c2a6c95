#pragma once

#include "auth/signin/signinresult.h"

#include <QString>
#include <QUrlQuery>

#include <functional>

class QObject;
class QUrl;

namespace Keyway {

class EventLog;
class TokenEndpoint;
class TokenManager;
struct Profile;
struct TokenError;
struct TokenResponse;

// What the interactive grants (authorization code, device code) do alike: one run at a time,
// with answers for an earlier run ignored; asking the token endpoint; storing the tokens it
// gives. Each flow owns one and keeps what is particular to its grant.
class SignInRun final
{
public:
    // `grant` names the grant in the failure events ("authorization_code", "device_code").
    SignInRun(TokenManager *tokens, TokenEndpoint *endpoint, EventLog *events, QString grant);

    bool isRunning() const { return m_running; }
    // The run's tokens are on their way to the store: too late to cancel it.
    bool isStoring() const { return m_storing; }
    // Starts a run; false when one is running already.
    bool begin();
    // Ends the run with `result`, which is logged when it is a failure; false when none was
    // running. Answers for the run are dropped from now on.
    bool end(const SignInResult &result);
    // Which run this is: a caller that may be re-entered (by a signal it emits) takes it before
    // and asks isCurrent after.
    quint64 id() const { return m_run; }
    bool isCurrent(quint64 run) const { return run == m_run && m_running; }

    // Posts `form` to the profile's token endpoint. `onTokens` or `onError` are called only while
    // the run that asked is still the current one.
    void exchange(const QUrlQuery &form, QObject *context,
                  std::function<void(const TokenResponse &)> onTokens,
                  std::function<void(const TokenError &)> onError);
    // Hands `response` to the TokenManager; `done` gets success with `signedIn`, or the failure
    // to store, while the run is still current.
    void store(const TokenResponse &response, QObject *context, const QString &signedIn,
               std::function<void(const SignInResult &)> done);

    // Only http and https URLs with a host are endpoints a sign-in talks to.
    static bool isHttpUrl(const QUrl &url);
    // What keeps `profile` from asking its token endpoint (no endpoint, no client id); empty
    // when nothing does.
    static QString tokenEndpointProblem(const Profile &profile);

private:
    TokenManager *m_tokens;
    TokenEndpoint *m_endpoint;
    EventLog *m_events;
    QString m_grant;
    bool m_running = false;
    bool m_storing = false;
    quint64 m_run = 0;
};

} // namespace Keyway
