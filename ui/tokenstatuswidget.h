#pragma once

#include <QWidget>

class QLabel;
class QTimer;
class QToolButton;

namespace Keyway {

class Clock;
class TokenManager;

// The status-bar indicator of a profile's tokens: name, state, generation, access-token
// fingerprint and time to expiry (never a token), with "Sign in" or "Refresh now".
class TokenStatusWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenStatusWidget)
public:
    // `tokens` may be null (the window has no profile yet).
    TokenStatusWidget(TokenManager *tokens, const Clock *clock, QWidget *parent = nullptr);

    // Shows another profile's tokens (the one the token inspector selects); null: none.
    void setTokenManager(TokenManager *tokens);

    QString text() const;
    // Signs in when there is nothing to refresh, otherwise refreshes (joining one under way).
    void act();

Q_SIGNALS:
    // Something to tell the user (a failed sign-in or refresh).
    void message(const QString &text);

private:
    void showState();
    QString expiryText() const;

    TokenManager *m_tokens = nullptr;
    const Clock *m_clock;
    QLabel *m_dot;
    QLabel *m_label;
    QToolButton *m_button;
    QTimer *m_ticker;
};

} // namespace Keyway
