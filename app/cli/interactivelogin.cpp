#include "interactivelogin.h"

#include "console.h"

#include "auth/clock.h"
#include "auth/signin/authorizationcodeflow.h"
#include "auth/signin/deviceflow.h"

#include <QProcess>

namespace Keyway::Cli {

InteractiveLogin::InteractiveLogin(TokenManager *tokens, EventLog *events,
                                   TokenArgs::Interactive grant, bool noBrowser, QObject *parent)
    : QObject(parent), m_noBrowser(noBrowser)
{
    if (grant == TokenArgs::Interactive::AuthorizationCode) {
        m_codeFlow = new AuthorizationCodeFlow(tokens, events, SystemClock::instance(), this);
        connect(m_codeFlow, &AuthorizationCodeFlow::openUrlRequested, this,
                &InteractiveLogin::onOpenUrl);
        connect(m_codeFlow, &AuthorizationCodeFlow::redirectReceived, this,
                [] { writeErr(QStringLiteral("Signed in at the server; getting the tokens...")); });
        connect(m_codeFlow, &AuthorizationCodeFlow::finished, this, &InteractiveLogin::finish);
    } else {
        m_deviceFlow = new DeviceFlow(tokens, events, SystemClock::instance(), this);
        connect(m_deviceFlow, &DeviceFlow::userCodeReady, this, &InteractiveLogin::onUserCode);
        connect(m_deviceFlow, &DeviceFlow::finished, this, &InteractiveLogin::finish);
    }
}

InteractiveLogin::~InteractiveLogin() = default;

void InteractiveLogin::start()
{
    if (m_codeFlow)
        m_codeFlow->start();
    else
        m_deviceFlow->start();
}

void InteractiveLogin::onOpenUrl(const QUrl &url)
{
    const QString text = url.toString(QUrl::FullyEncoded);
    // Printed even when a browser opens: it may open on another screen, or not at all.
    writeErr(QStringLiteral("Open this URL to sign in:"));
    writeErr(text);
    if (!m_noBrowser && !QProcess::startDetached(QStringLiteral("xdg-open"), {text}))
        writeErr(QStringLiteral("keyway-cli: could not start xdg-open to open a browser; open the "
                                "URL above yourself"));
    writeErr(QStringLiteral("Waiting for the browser to come back (Ctrl-C cancels)..."));
}

void InteractiveLogin::onUserCode(const QString &userCode, const QUrl &verificationUri,
                                  const QUrl &verificationUriComplete, int expiresInSec)
{
    writeErr(QStringLiteral("Open %1 and enter the code %2")
                 .arg(verificationUri.toString(QUrl::FullyEncoded), userCode));
    if (!verificationUriComplete.isEmpty())
        writeErr(QStringLiteral("or open %1 (the code is filled in)")
                     .arg(verificationUriComplete.toString(QUrl::FullyEncoded)));
    if (expiresInSec > 0)
        writeErr(QStringLiteral("The code is good for %1 s. Waiting for approval (Ctrl-C "
                                "cancels)...")
                     .arg(expiresInSec));
}

void InteractiveLogin::cancel()
{
    if (m_codeFlow)
        m_codeFlow->cancel();
    else
        m_deviceFlow->cancel();
}

void InteractiveLogin::finish(const SignInResult &result)
{
    if (m_done)
        return;
    m_done = true;
    Q_EMIT finished(result);
}

} // namespace Keyway::Cli
