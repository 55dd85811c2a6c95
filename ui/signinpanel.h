#pragma once

#include <QFrame>
#include <QUrl>

class QLabel;
class QPushButton;
class QTimer;

namespace Keyway {

class Clock;

// What an interactive sign-in asks of the person while it runs: "Waiting for the browser" with
// the URL to open by hand, or a device code (big, selectable, with Copy), the verification link
// (with Open) and a countdown to its expiry. Cancel asks the flow to stop; the panel only shows.
class SignInPanel final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInPanel)
public:
    explicit SignInPanel(Clock *clock, QWidget *parent = nullptr);

    void showBrowserWait(const QUrl &authorizationUrl);
    void showBrowserReturned();
    void showDeviceCode(const QString &userCode, const QUrl &verificationUri,
                        const QUrl &verificationUriComplete, int expiresInSec);
    void finish(); // hides the panel and stops the countdown

    QString userCode() const;
    QString countdownText() const;

Q_SIGNALS:
    void cancelRequested();

private:
    void showCountdown();

    Clock *m_clock;
    QLabel *m_heading;
    QLabel *m_link;
    QLabel *m_code;
    QLabel *m_countdown;
    QPushButton *m_copy;
    QPushButton *m_open;
    QPushButton *m_cancel;
    QTimer *m_ticker;
    QUrl m_openUrl;
    qint64 m_expiresAtMs = 0;
};

} // namespace Keyway
