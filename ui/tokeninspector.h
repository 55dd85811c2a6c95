#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace Keyway {

class Clock;
class EventLog;
class ProfileSessions;
class Revoker;
class TokenManager;

// Everything about one profile's tokens that may be shown: the state, generation, an expiry
// countdown, fingerprints, the store, the decoded claims of a JWT access or id token (labelled
// unverified), and Refresh now, Revoke and Sign out. A selector chooses which of the window's
// profiles it shows and acts on. After the token endpoint's TLS certificate was refused it says
// so, and what to do, with a way to the profile's TLS settings.
class TokenInspector final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenInspector)
public:
    explicit TokenInspector(ProfileSessions *profiles, QWidget *parent = nullptr);

    // The profile shown and acted on; empty (and null) when the window has none.
    QString selectedProfile() const;
    TokenManager *tokenManager() const { return m_tokens; }
    void selectProfile(const QString &profile);

    QString stateText() const;
    QString claimsText() const;
    // What to do about a refused TLS certificate; empty when none was refused.
    QString adviceText() const;

    void refreshNow();
    void revoke();
    void signOut();

Q_SIGNALS:
    void message(const QString &text);
    // Another profile (or none) is shown.
    void profileSelected(const QString &profile);
    // The user asked for the shown profile's TLS settings (after a refused certificate).
    void tlsSettingsRequested();

private:
    void showState();
    void showClaims();
    void fillProfiles();
    void follow(TokenManager *tokens);

    ProfileSessions *m_profiles;
    TokenManager *m_tokens = nullptr;
    Revoker *m_revoker;
    QComboBox *m_profile;
    QLabel *m_state;
    QLabel *m_generation;
    QLabel *m_expiry;
    QLabel *m_access;
    QLabel *m_refresh;
    QLabel *m_store;
    QLabel *m_scope;
    QWidget *m_tlsBox;
    QLabel *m_tlsAdvice;
    QPlainTextEdit *m_claims;
    QPushButton *m_refreshButton;
    QPushButton *m_revokeButton;
    QPushButton *m_signOutButton;
    QTimer *m_ticker;
    quint64 m_claimsGeneration = ~quint64(0);
};

} // namespace Keyway
