#pragma once

#include "auth/signin/signinrun.h"

#include <QObject>
#include <QUrl>

#include <memory>

namespace Keyway {

class AuthServerRequest;
class Clock;

// Signs a profile in with the device authorization grant (RFC 8628): asks for a user code,
// hands it to whoever shows it (userCodeReady), then polls the token endpoint on the Clock until
// the person approves or denies on another device, or the code expires.
class DeviceFlow final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeviceFlow)
public:
    static constexpr int DefaultIntervalSec = 5; // RFC 8628 §3.2, when the server names none
    static constexpr int SlowDownStepSec = 5; // RFC 8628 §3.5
    static constexpr int MaxBackoffIntervalSec = 60; // after failed polls (RFC 8628 §3.5)

    DeviceFlow(TokenManager *tokens, EventLog *events, Clock *clock, QObject *parent = nullptr);
    ~DeviceFlow() override;

    // Asks for the device code; a profile that cannot run this grant finishes at once.
    void start();
    // Stops polling and finishes with Cancelled, unless the tokens are already on their way to the
    // store: the sign-in then ends as it would have.
    void cancel();
    bool isRunning() const { return m_run.isRunning(); }
    // The wait before the next poll, as slow_down and failures have made it.
    qint64 pollIntervalMs() const { return m_intervalMs; }

    static QString configurationProblem(const Profile &profile);

Q_SIGNALS:
    // Show `userCode` and `verificationUri` (or offer `verificationUriComplete`, which carries
    // the code, as a link or QR code); the code is good for `expiresInSec`.
    void userCodeReady(const QString &userCode, const QUrl &verificationUri,
                       const QUrl &verificationUriComplete, int expiresInSec);
    void finished(const Keyway::SignInResult &result);

private:
    void onDeviceAuthorization(AuthServerRequest *request);
    void schedulePoll();
    void poll();
    void onPollFailed(const TokenError &error);
    void adopt(const TokenResponse &response);
    void finish(const SignInResult &result);

    TokenManager *m_tokens;
    EventLog *m_events;
    Clock *m_clock;
    SignInRun m_run;
    QString m_deviceCode;
    qint64 m_intervalMs = DefaultIntervalSec * 1000;
    std::unique_ptr<QObject> m_pollTimer;
    std::unique_ptr<QObject> m_expiryTimer;
    AuthServerRequest *m_request = nullptr;
};

} // namespace Keyway
