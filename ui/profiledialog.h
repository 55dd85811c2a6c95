#pragma once

#include "auth/signin/signinresult.h"
#include "collection/profilefile.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;

namespace Keyway {

class AuthorizationCodeFlow;
class Banner;
class Clock;
class DeviceFlow;
class Discovery;
class EventLog;
class ProfileSessions;
class SignInPanel;
class TlsEditor;
class TokenInspector;
class TokenManager;
class TokenStore;

// Creates and edits an auth profile (grant, issuer with Discover or the endpoints by hand, client
// id, client secret for the keychain, scopes, where the tokens live, whether 403 means expired,
// TLS: extra CAs, client certificate, insecure)
// and signs in and out with it: silently for the password and client credentials grants, through
// the system browser or with a device code for the others (the core's flows; this dialog only
// opens the URL they ask for and shows the code). What it edits is a StoredProfile
// (core/collection/profilefile.h): secrets are never part of it, only references; the secrets
// typed here go to the keychain on Save.
class ProfileDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileDialog)
public:
    // `profile`: the window's profile to edit (one of `profiles`); empty: a new one. Sign in gives
    // the profile named in the dialog the edited settings and store, adding it to `profiles` when
    // the window has none of that name; Sign out acts on it. `workspaceFolder`: where Save writes
    // profiles/<name>.json; empty: nothing to save into.
    ProfileDialog(ProfileSessions *profiles, const QString &profile, TokenInspector *inspector,
                  QString workspaceFolder, QWidget *parent = nullptr);
    ~ProfileDialog() override;

    StoredProfile storedProfile() const;
    void setStoredProfile(const StoredProfile &stored);
    Banner *banner() const { return m_banner; }
    TlsEditor *tlsEditor() const { return m_tlsEditor; }
    SignInPanel *signInPanel() const { return m_panel; }
    bool isSigningIn() const { return m_signingIn; }
    // The profile the dialog signs in and out with; null before the first sign-in of a new one.
    TokenManager *tokenManager() const { return m_tokens; }
    const QString &workspaceFolder() const { return m_workspaceFolder; }

    // Turns to the TLS page and says why in the banner: the token endpoint's certificate was
    // refused (the token inspector's TLS settings… button).
    void showTlsRefusal();
    void discover();
    void signIn();
    void cancelSignIn();
    bool save();

Q_SIGNALS:
    // A sign-in started from this dialog ended (also when it failed or was cancelled).
    void signInFinished(const Keyway::SignInResult &result);
    // Save wrote profiles/<name>.json and every secret typed for it reached the keychain.
    void saved(const QString &profile);

private:
    void updateGrantFields();
    // Save needs a folder to write into and good TLS files; its tooltip says which is missing.
    void updateSaveButton();
    void setTokenManager(TokenManager *tokens);
    void showActiveStore();
    // The settings the window has for this profile (empty for a new one).
    const Profile &baseline() const;
    void updateStoreFields();
    void setStoreFields(const StoreChoice &store);
    // The edited settings with the secrets this sign-in uses: typed now, or the window's.
    Profile editedProfile() const;
    std::optional<StoreChoice> typedStore(QString *password, QString *error) const;
    void openStoreAndSignIn(const Profile &profile, const QString &storeSpec);
    void startGrant(const QString &grant);
    void finishSignIn(const SignInResult &result);
    // Nothing to sign in with, or the store could not be opened or read: nothing was handed to
    // the window's profile.
    void failBeforeSignIn(const QString &message,
                          SignInResult::Status status = SignInResult::Status::Failed);
    void setSigningIn(bool on);
    void writeSecrets(QList<QPair<SecretRef, QString>> secrets, const QString &savedMessage);

    ProfileSessions *m_profiles;
    TokenManager *m_tokens = nullptr;
    TokenInspector *m_inspector;
    EventLog *m_events;
    Clock *m_clock;
    QString m_workspaceFolder;
    QString m_workspaceName;
    Discovery *m_discovery = nullptr;
    AuthorizationCodeFlow *m_codeFlow = nullptr;
    DeviceFlow *m_deviceFlow = nullptr;
    std::unique_ptr<TokenStore> m_pendingStore; // opened for a sign-in, not yet handed over
    bool m_signingIn = false;
    StoreChoice m_fileStore; // as the profile file had it (keeps its password reference)
    Banner *m_banner;
    SignInPanel *m_panel;
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
    QComboBox *m_store;
    QLineEdit *m_redisUrl;
    QLineEdit *m_redisPassword;
    QLabel *m_activeStore;
    TlsEditor *m_tlsEditor;
    QTabWidget *m_pages;
    QPushButton *m_signIn;
    QPushButton *m_save;
};

} // namespace Keyway
