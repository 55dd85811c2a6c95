#pragma once

#include "cliargs.h"

#include "auth/signin/signinresult.h"

#include <QObject>
#include <QUrl>

namespace Keyway {
class AuthorizationCodeFlow;
class DeviceFlow;
class EventLog;
class TokenManager;
} // namespace Keyway

namespace Keyway::Cli {

// Runs the authorization code or device flow for `keyway-cli login` on a terminal: prints the
// URL (and opens a browser unless told not to) or the user code on stderr, and stops when the
// command cancels it (Ctrl-C). The flows hand the tokens to the TokenManager; emits finished()
// once.
class InteractiveLogin final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InteractiveLogin)
public:
    InteractiveLogin(TokenManager *tokens, EventLog *events, TokenArgs::Interactive grant,
                     bool noBrowser, QObject *parent = nullptr);
    ~InteractiveLogin() override;

    void start();
    // Ends the sign-in with Cancelled, closing the loopback listener, unless its tokens are
    // already being stored (it then finishes as it would have).
    void cancel();

Q_SIGNALS:
    void finished(const Keyway::SignInResult &result);

private:
    void onOpenUrl(const QUrl &url);
    void onUserCode(const QString &userCode, const QUrl &verificationUri,
                    const QUrl &verificationUriComplete, int expiresInSec);
    void finish(const SignInResult &result);

    AuthorizationCodeFlow *m_codeFlow = nullptr;
    DeviceFlow *m_deviceFlow = nullptr;
    bool m_noBrowser;
    bool m_done = false;
};

} // namespace Keyway::Cli
