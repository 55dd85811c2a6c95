#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace Keyway {

class Clock;
class EventLog;
class Revoker;
class TokenManager;

// Everything about one profile's tokens that may be shown: the state, generation, an expiry
// countdown, fingerprints, the store, the decoded claims of a JWT access or id token (labelled
// unverified), and Refresh now, Revoke and Sign out.
class TokenInspector final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenInspector)
public:
    TokenInspector(TokenManager *tokens, EventLog *events, Clock *clock, QWidget *parent = nullptr);

    QString stateText() const;
    QString claimsText() const;

    void refreshNow();
    void revoke();
    void signOut();

Q_SIGNALS:
    void message(const QString &text);

private:
    void showState();
    void showClaims();

    TokenManager *m_tokens;
    EventLog *m_events;
    Clock *m_clock;
    Revoker *m_revoker;
    QLabel *m_profile;
    QLabel *m_state;
    QLabel *m_generation;
    QLabel *m_expiry;
    QLabel *m_access;
    QLabel *m_refresh;
    QLabel *m_store;
    QLabel *m_scope;
    QPlainTextEdit *m_claims;
    QPushButton *m_refreshButton;
    QPushButton *m_revokeButton;
    QPushButton *m_signOutButton;
    QTimer *m_ticker;
    quint64 m_claimsGeneration = ~quint64(0);
};

} // namespace Keyway
