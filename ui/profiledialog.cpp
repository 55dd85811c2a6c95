#include "profiledialog.h"

#include "auth/signin/discovery.h"
#include "auth/tokenmanager.h"
#include "banner.h"
#include "collection/profilesecrets.h"
#include "tokeninspector.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Keyway {

namespace {

QLineEdit *urlField(QWidget *parent, const char *name, const QString &placeholder)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(QLatin1String(name));
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    edit->setMinimumWidth(360);
    return edit;
}

} // namespace

ProfileDialog::ProfileDialog(TokenManager *tokens, TokenInspector *inspector, Clock *clock,
                             QString workspaceFolder, QWidget *parent)
    : QDialog(parent),
      m_tokens(tokens),
      m_inspector(inspector),
      m_clock(clock),
      m_workspaceFolder(std::move(workspaceFolder)),
      m_banner(new Banner(this)),
      m_name(new QLineEdit(this)),
      m_grant(new QComboBox(this)),
      m_issuer(urlField(this, "profileIssuer", tr("https://login.example.com (for Discover)"))),
      m_discover(new QPushButton(tr("Discover"), this)),
      m_tokenUrl(urlField(this, "profileTokenUrl", tr("https://login.example.com/oauth/token"))),
      m_authorizationUrl(urlField(this, "profileAuthorizationUrl", tr("for the browser sign-in"))),
      m_deviceUrl(urlField(this, "profileDeviceUrl", tr("for the device code sign-in"))),
      m_revocationUrl(urlField(this, "profileRevocationUrl", tr("revoked on sign-out (RFC 7009)"))),
      m_clientId(new QLineEdit(this)),
      m_clientSecret(new QLineEdit(this)),
      m_scope(new QLineEdit(this)),
      m_username(new QLineEdit(this)),
      m_password(new QLineEdit(this)),
      m_forbiddenMeansExpired(
          new QCheckBox(tr("The API answers 403 when the token expired"), this)),
      m_store(new QLabel(this)),
      m_save(new QPushButton(tr("Save"), this))
{
    setObjectName(QStringLiteral("profileDialog"));
    setWindowTitle(tr("Auth profile"));
    m_name->setObjectName(QStringLiteral("profileName"));
    m_grant->setObjectName(QStringLiteral("profileGrant"));
    m_grant->addItem(tr("Password (resource owner)"), QStringLiteral("password"));
    m_grant->addItem(tr("Client credentials"), QStringLiteral("client_credentials"));
    m_grant->addItem(tr("Authorization code + PKCE (browser)"),
                     QStringLiteral("authorization_code"));
    m_grant->addItem(tr("Device code"), QStringLiteral("device_code"));
    m_discover->setObjectName(QStringLiteral("profileDiscover"));
    m_discover->setToolTip(tr("Read the issuer's metadata (RFC 8414 / OpenID configuration) and "
                              "fill in the endpoints"));
    m_clientId->setObjectName(QStringLiteral("profileClientId"));
    m_clientSecret->setObjectName(QStringLiteral("profileClientSecret"));
    m_clientSecret->setEchoMode(QLineEdit::Password);
    m_clientSecret->setPlaceholderText(tr("kept in the system keychain, never in a file"));
    m_scope->setObjectName(QStringLiteral("profileScope"));
    m_scope->setPlaceholderText(tr("read write"));
    m_username->setObjectName(QStringLiteral("profileUsername"));
    m_password->setObjectName(QStringLiteral("profilePassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("kept in the system keychain, never in a file"));
    m_forbiddenMeansExpired->setObjectName(QStringLiteral("profileForbiddenExpired"));
    m_store->setObjectName(QStringLiteral("profileStore"));
    m_store->setWordWrap(true);
    m_store->setForegroundRole(QPalette::PlaceholderText);

    auto *issuerRow = new QHBoxLayout;
    issuerRow->addWidget(m_issuer, 1);
    issuerRow->addWidget(m_discover);
    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight);
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Grant"), m_grant);
    form->addRow(tr("Issuer"), issuerRow);
    form->addRow(tr("Token endpoint"), m_tokenUrl);
    form->addRow(tr("Authorization endpoint"), m_authorizationUrl);
    form->addRow(tr("Device endpoint"), m_deviceUrl);
    form->addRow(tr("Revocation endpoint"), m_revocationUrl);
    form->addRow(tr("Client ID"), m_clientId);
    form->addRow(tr("Client secret"), m_clientSecret);
    form->addRow(tr("Scopes"), m_scope);
    form->addRow(tr("Username"), m_username);
    form->addRow(tr("Password"), m_password);
    form->addRow(QString(), m_forbiddenMeansExpired);
    form->addRow(tr("Token store"), m_store);

    auto *signIn = new QPushButton(tr("Sign in"), this);
    signIn->setObjectName(QStringLiteral("profileSignIn"));
    auto *signOut = new QPushButton(tr("Sign out"), this);
    signOut->setObjectName(QStringLiteral("profileSignOut"));
    m_save->setObjectName(QStringLiteral("profileSave"));
    m_save->setEnabled(!m_workspaceFolder.isEmpty());
    m_save->setToolTip(m_workspaceFolder.isEmpty()
                           ? tr("The demo workspace lives in memory: there is no folder to save "
                                "the profile into")
                           : tr("Write profiles/<name>.json (no secrets) and the secret to the "
                                "keychain"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(signIn, QDialogButtonBox::ActionRole);
    buttons->addButton(signOut, QDialogButtonBox::ActionRole);
    buttons->addButton(m_save, QDialogButtonBox::AcceptRole);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(m_grant, &QComboBox::currentIndexChanged, this, &ProfileDialog::updateGrantFields);
    connect(m_discover, &QPushButton::clicked, this, &ProfileDialog::discover);
    connect(signIn, &QPushButton::clicked, this, &ProfileDialog::signIn);
    connect(signOut, &QPushButton::clicked, m_inspector, &TokenInspector::signOut);
    connect(m_save, &QPushButton::clicked, this, [this] {
        if (save())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    // Starts from the window's profile; its secrets stay where they are, unseen.
    StoredProfile current;
    current.profile = m_tokens->profile();
    current.profile.clientSecret.clear();
    current.profile.password.clear();
    current.loginGrant = current.profile.grant == GrantType::ClientCredentials
        ? QStringLiteral("client_credentials")
        : QStringLiteral("password");
    setStoredProfile(current);
    m_clientSecret->setPlaceholderText(m_tokens->profile().clientSecret.isEmpty()
                                           ? tr("kept in the system keychain, never in a file")
                                           : tr("(set; type to replace)"));
    m_password->setPlaceholderText(m_tokens->profile().password.isEmpty()
                                       ? tr("kept in the system keychain, never in a file")
                                       : tr("(set; type to replace)"));
    m_store->setText(m_tokens->store()->describe());
}

void ProfileDialog::updateGrantFields()
{
    const QString grant = m_grant->currentData().toString();
    const bool password = grant == QLatin1String("password");
    m_username->setEnabled(password);
    m_password->setEnabled(password);
    m_authorizationUrl->setEnabled(grant == QLatin1String("authorization_code"));
    m_deviceUrl->setEnabled(grant == QLatin1String("device_code"));
}

StoredProfile ProfileDialog::storedProfile() const
{
    StoredProfile stored;
    Profile &profile = stored.profile;
    profile.name = m_name->text().trimmed();
    stored.loginGrant = m_grant->currentData().toString();
    profile.grant = stored.loginGrant == QLatin1String("password") ? GrantType::Password
        : stored.loginGrant == QLatin1String("client_credentials") ? GrantType::ClientCredentials
                                                                   : GrantType::None;
    profile.issuer = m_issuer->text().trimmed();
    profile.tokenUrl = QUrl(m_tokenUrl->text().trimmed());
    profile.authorizationUrl = QUrl(m_authorizationUrl->text().trimmed());
    profile.deviceAuthorizationUrl = QUrl(m_deviceUrl->text().trimmed());
    profile.revocationUrl = QUrl(m_revocationUrl->text().trimmed());
    profile.clientId = m_clientId->text().trimmed();
    profile.scope = m_scope->text().simplified();
    profile.username = m_username->text().trimmed();
    profile.expiredStatuses =
        m_forbiddenMeansExpired->isChecked() ? QList<int> {401, 403} : QList<int> {401};
    // Secrets: a reference only; the value goes to the keychain on save.
    const QString key = profile.name + QStringLiteral("/");
    if (!m_clientSecret->text().isEmpty() || !m_tokens->profile().clientSecret.isEmpty())
        stored.clientSecret = SecretRef::keychain(QStringLiteral("keyway-secrets"),
                                                  key + QStringLiteral("client_secret"));
    if (profile.grant == GrantType::Password
        && (!m_password->text().isEmpty() || !m_tokens->profile().password.isEmpty()))
        stored.password =
            SecretRef::keychain(QStringLiteral("keyway-secrets"), key + QStringLiteral("password"));
    return stored;
}

void ProfileDialog::setStoredProfile(const StoredProfile &stored)
{
    const Profile &profile = stored.profile;
    m_name->setText(profile.name);
    m_grant->setCurrentIndex(qMax(0, m_grant->findData(stored.loginGrant)));
    m_issuer->setText(profile.issuer);
    m_tokenUrl->setText(profile.tokenUrl.toString());
    m_authorizationUrl->setText(profile.authorizationUrl.toString());
    m_deviceUrl->setText(profile.deviceAuthorizationUrl.toString());
    m_revocationUrl->setText(profile.revocationUrl.toString());
    m_clientId->setText(profile.clientId);
    m_scope->setText(profile.scope);
    m_username->setText(profile.username);
    m_forbiddenMeansExpired->setChecked(profile.expiredStatuses.contains(403));
    updateGrantFields();
}

void ProfileDialog::discover()
{
    const QString issuer = m_issuer->text().trimmed();
    if (issuer.isEmpty()) {
        m_banner->showError(tr("Enter the issuer (for example https://login.example.com), then "
                               "press Discover."));
        m_issuer->setFocus();
        return;
    }
    delete m_discovery;
    m_discovery = new Discovery(m_clock, this);
    m_discover->setEnabled(false);
    m_banner->showInfo(tr("Reading the metadata of %1…").arg(issuer));
    connect(m_discovery, &Discovery::finished, this, [this](const SignInResult &result) {
        m_discover->setEnabled(true);
        if (!result.ok()) {
            // What the user typed stays; only the banner says what went wrong.
            m_banner->showError(tr("Discovery failed: %1. Check the issuer, or enter the "
                                   "endpoints by hand.")
                                    .arg(result.message));
            return;
        }
        const AuthorizationServerMetadata &metadata = m_discovery->metadata();
        m_tokenUrl->setText(metadata.tokenEndpoint.toString());
        m_authorizationUrl->setText(metadata.authorizationEndpoint.toString());
        m_deviceUrl->setText(metadata.deviceAuthorizationEndpoint.toString());
        m_revocationUrl->setText(metadata.revocationEndpoint.toString());
        m_banner->showInfo(tr("Endpoints read from %1").arg(metadata.source.toString()));
    });
    m_discovery->start(issuer);
}

void ProfileDialog::signIn()
{
    if (!m_tokens->profile().canSignInSilently()) {
        m_banner->showError(tr("This window's profile signs in with a person: use keyway-cli "
                               "login for the browser and device flows for now."));
        return;
    }
    m_banner->showInfo(tr("Signing in…"));
    m_tokens->signIn(this, [this](const TokenError *error) {
        if (error)
            m_banner->showError(tr("Sign-in failed: %1").arg(error->message));
        else
            m_banner->showInfo(tr("Signed in as profile '%1'.").arg(m_tokens->profile().name));
    });
}

bool ProfileDialog::save()
{
    const StoredProfile stored = storedProfile();
    QString error;
    const std::optional<QString> path =
        ProfileFile::path(m_workspaceFolder, stored.profile.name, &error);
    if (!path) {
        m_banner->showError(tr("Cannot save: %1").arg(error));
        return false;
    }
    error = ProfileFile::save(*path, stored);
    if (!error.isEmpty()) {
        m_banner->showError(tr("Cannot save: %1").arg(error));
        return false;
    }
    if (!m_clientSecret->text().isEmpty()) {
        ProfileSecrets::writeToKeychain(stored.clientSecret, m_clientSecret->text(), this,
                                        [this](const QString &failure) {
                                            if (!failure.isEmpty())
                                                m_banner->showError(failure);
                                        });
    }
    return true;
}

} // namespace Keyway
