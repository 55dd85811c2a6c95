#pragma once

#include "collection/profilefile.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Keyway {

class Banner;
class Clock;
class Discovery;
class TokenInspector;
class TokenManager;

// Creates and edits an auth profile (grant, issuer with Discover or the endpoints by hand, client
// id, client secret for the keychain, scopes, whether 403 means expired) and signs in and out
// with it. What it edits is a StoredProfile (core/collection/profilefile.h): secrets are never
// part of it, only references; the secret typed here goes to the keychain on Save.
class ProfileDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileDialog)
public:
    // `tokens`: the profile this window signs in with (Sign in and Sign out act on it).
    // `workspaceFolder`: where Save writes profiles/<name>.json; empty: nothing to save into.
    ProfileDialog(TokenManager *tokens, TokenInspector *inspector, Clock *clock,
                  QString workspaceFolder, QWidget *parent = nullptr);

    StoredProfile storedProfile() const;
    void setStoredProfile(const StoredProfile &stored);
    Banner *banner() const { return m_banner; }

    void discover();
    void signIn();
    bool save();

private:
    void updateGrantFields();

    TokenManager *m_tokens;
    TokenInspector *m_inspector;
    Clock *m_clock;
    QString m_workspaceFolder;
    Discovery *m_discovery = nullptr;
    Banner *m_banner;
    QLineEdit *m_name;
    QComboBox *m_grant;
    QLineEdit *m_issuer;
    QPushButton *m_discover;
    QLineEdit *m_tokenUrl;
    QLineEdit *m_authorizationUrl;
    QLineEdit *m_deviceUrl;
    QLineEdit *m_revocationUrl;
    QLineEdit *m_clientId;
    QLineEdit *m_clientSecret;
    QLineEdit *m_scope;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QCheckBox *m_forbiddenMeansExpired;
    QLabel *m_store;
    QPushButton *m_save;
};

} // namespace Keyway
