#include "profiledialog.h"

#include "auth/profilesessions.h"
#include "auth/signin/authorizationcodeflow.h"
#include "auth/signin/deviceflow.h"
#include "auth/signin/discovery.h"
#include "auth/tokenmanager.h"
#include "banner.h"
#include "collection/profilesecrets.h"
#include "collection/workspacelocation.h"
#include "fields.h"
#include "followtokens.h"
#include "signinpanel.h"
#include "store/tokenstorefactory.h"
#include "tlseditor.h"
#include "tokeninspector.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace Keyway {

namespace {

const QString Keychain = QStringLiteral("keychain");
const QString Redis = QStringLiteral("redis");
const QString Memory = QStringLiteral("memory");
const QString AuthorizationCode = QStringLiteral("authorization_code");
const QString DeviceCode = QStringLiteral("device_code");

QLineEdit *urlField(QWidget *parent, const char *name, const QString &placeholder)
{
    QLineEdit *edit = clearableField(parent, name, placeholder);
    edit->setMinimumWidth(360);
    return edit;
}

QLineEdit *secretField(QWidget *parent, const char *name)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(QLatin1String(name));
    edit->setEchoMode(QLineEdit::Password);
    edit->setPlaceholderText(ProfileDialog::tr("kept in the system keychain, never in a file"));
    return edit;
}

// What to do next, after the core's own message.
QString nextStep(const SignInResult &result)
{
    switch (result.status) {
    case SignInResult::Status::Refused:
        return ProfileDialog::tr("Check the client ID, the secret and the scopes, then sign in "
                                 "again.");
    case SignInResult::Status::StateMismatch:
        return ProfileDialog::tr("The answer did not belong to this sign-in; sign in again.");
    case SignInResult::Status::Expired:
    case SignInResult::Status::TimedOut:
        return ProfileDialog::tr("Sign in again and finish in the browser or on the device in "
                                 "time.");
    case SignInResult::Status::NotConfigured:
        return ProfileDialog::tr("Fill in what is missing (Discover reads the endpoints from the "
                                 "issuer).");
    case SignInResult::Status::Failed:
    case SignInResult::Status::IssuerMismatch:
        return ProfileDialog::tr("Check the endpoints and that the server can be reached.");
    case SignInResult::Status::Ok:
    case SignInResult::Status::Cancelled: break;
    }
    return {};
}

} // namespace

ProfileDialog::ProfileDialog(ProfileSessions *profiles, const QString &profile,
                             TokenInspector *inspector, QString workspaceFolder, QWidget *parent)
    : QDialog(parent),
      m_profiles(profiles),
      m_inspector(inspector),
      m_events(profiles->events()),
      m_clock(profiles->clock()),
      m_workspaceFolder(std::move(workspaceFolder)),
      m_banner(new Banner(this)),
      m_panel(new SignInPanel(profiles->clock(), this)),
      m_name(new QLineEdit(this)),
      m_grant(new QComboBox(this)),
      m_issuer(urlField(this, "profileIssuer", tr("https://login.example.com (for Discover)"))),
      m_discover(new QPushButton(tr("Discover"), this)),
      m_tokenUrl(urlField(this, "profileTokenUrl", tr("https://login.example.com/oauth/token"))),
      m_authorizationUrl(urlField(this, "profileAuthorizationUrl", tr("for the browser sign-in"))),
      m_deviceUrl(urlField(this, "profileDeviceUrl", tr("for the device code sign-in"))),
      m_revocationUrl(urlField(this, "profileRevocationUrl", tr("revoked on sign-out (RFC 7009)"))),
      m_clientId(new QLineEdit(this)),
      m_clientSecret(secretField(this, "profileClientSecret")),
      m_scope(new QLineEdit(this)),
      m_username(new QLineEdit(this)),
      m_password(secretField(this, "profilePassword")),
      m_forbiddenMeansExpired(
          new QCheckBox(tr("The API answers 403 when the token expired"), this)),
      m_store(new QComboBox(this)),
      m_redisUrl(urlField(this, "profileRedisUrl", tr("redis://[user@]host:6379/0"))),
      m_redisPassword(secretField(this, "profileRedisPassword")),
      m_activeStore(new QLabel(this)),
      m_tlsEditor(new TlsEditor(this)),
      m_pages(new QTabWidget(this)),
      m_signIn(new QPushButton(tr("Sign in"), this)),
      m_save(new QPushButton(tr("Save"), this))
{
    setObjectName(QStringLiteral("profileDialog"));
    setWindowTitle(tr("Auth profile"));
    QString error;
    const auto location = m_workspaceFolder.isEmpty()
        ? std::nullopt
        : WorkspaceLocation::resolve(m_workspaceFolder, &error);
    m_workspaceName = location ? location->name() : WorkspaceLocation::DefaultName;

    m_name->setObjectName(QStringLiteral("profileName"));
    m_name->setPlaceholderText(tr("default (the name requests and keyway-cli --profile use)"));
    m_grant->setObjectName(QStringLiteral("profileGrant"));
    m_grant->addItem(tr("Password (resource owner)"), QStringLiteral("password"));
    m_grant->addItem(tr("Client credentials"), QStringLiteral("client_credentials"));
    m_grant->addItem(tr("Authorization code + PKCE (browser)"), AuthorizationCode);
    m_grant->addItem(tr("Device code"), DeviceCode);
    m_discover->setObjectName(QStringLiteral("profileDiscover"));
    m_discover->setToolTip(tr("Read the issuer's metadata (RFC 8414 / OpenID configuration) and "
                              "fill in the endpoints"));
    m_clientId->setObjectName(QStringLiteral("profileClientId"));
    m_scope->setObjectName(QStringLiteral("profileScope"));
    m_scope->setPlaceholderText(tr("read write"));
    m_username->setObjectName(QStringLiteral("profileUsername"));
    m_forbiddenMeansExpired->setObjectName(QStringLiteral("profileForbiddenExpired"));
    m_store->setObjectName(QStringLiteral("profileStore"));
    m_store->addItem(tr("System keychain (default)"), Keychain);
    m_store->addItem(tr("Redis, shared by many processes and machines"), Redis);
    m_store->addItem(tr("Memory (this window only)"), Memory);
    m_redisPassword->setToolTip(tr("Only if the server needs one; kept in the system keychain, "
                                   "never in the profile file"));
    m_activeStore->setObjectName(QStringLiteral("profileActiveStore"));
    m_activeStore->setWordWrap(true);
    m_activeStore->setForegroundRole(QPalette::PlaceholderText);

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
    form->addRow(tr("Redis URL"), m_redisUrl);
    form->addRow(tr("Redis password"), m_redisPassword);
    form->addRow(QString(), m_activeStore);

    m_signIn->setObjectName(QStringLiteral("profileSignIn"));
    auto *signOut = new QPushButton(tr("Sign out"), this);
    signOut->setObjectName(QStringLiteral("profileSignOut"));
    m_save->setObjectName(QStringLiteral("profileSave"));
    updateSaveButton();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_signIn, QDialogButtonBox::ActionRole);
    buttons->addButton(signOut, QDialogButtonBox::ActionRole);
    buttons->addButton(m_save, QDialogButtonBox::ApplyRole);

    // TLS on a page of its own: most profiles need none of it.
    auto *mainPage = new QWidget(this);
    mainPage->setLayout(form);
    QTabWidget *pages = m_pages;
    pages->setObjectName(QStringLiteral("profilePages"));
    pages->addTab(mainPage, tr("Profile"));
    const int tlsPage = pages->addTab(m_tlsEditor, tr("TLS"));
    // The page's name says what needs a look there, seen from the Profile page too.
    const auto nameTlsPage = [this, pages, tlsPage] {
        const TlsSettings tls = m_tlsEditor->settings();
        pages->setTabText(tlsPage,
                          !m_tlsEditor->fileProblems().isEmpty() ? tr("TLS (file problem)")
                              : tls.insecure                     ? tr("TLS (insecure)")
                                                                 : tr("TLS"));
    };
    connect(m_tlsEditor, &TlsEditor::insecureChanged, pages, nameTlsPage);
    connect(m_tlsEditor, &TlsEditor::filesChecked, pages, nameTlsPage);
    connect(m_tlsEditor, &TlsEditor::filesChecked, this, &ProfileDialog::updateSaveButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(pages);
    layout->addWidget(m_panel);
    layout->addWidget(buttons);

    connect(m_grant, &QComboBox::currentIndexChanged, this, &ProfileDialog::updateGrantFields);
    connect(m_store, &QComboBox::currentIndexChanged, this, &ProfileDialog::updateStoreFields);
    connect(m_discover, &QPushButton::clicked, this, &ProfileDialog::discover);
    connect(m_signIn, &QPushButton::clicked, this, &ProfileDialog::signIn);
    connect(m_panel, &SignInPanel::cancelRequested, this, &ProfileDialog::cancelSignIn);
    connect(signOut, &QPushButton::clicked, this, [this] {
        if (!m_tokens)
            return;
        m_inspector->selectProfile(m_tokens->profile().name);
        m_inspector->signOut();
    });
    connect(m_save, &QPushButton::clicked, this, &ProfileDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setTokenManager(profiles->tokens(profile));

    // Starts from the window's profile; its secrets stay where they are, unseen.
    StoredProfile current;
    current.profile = baseline();
    // A new profile gets the name the user types (keyway-cli's is "default" when none is given).
    if (!m_tokens)
        current.profile.name.clear();
    current.profile.clientSecret.clear();
    current.profile.password.clear();
    current.loginGrant = current.profile.grant == GrantType::ClientCredentials
        ? QStringLiteral("client_credentials")
        : QStringLiteral("password");
    // The store: as the saved profile names it, or else the one the window uses.
    const auto path = ProfileFile::path(m_workspaceFolder, current.profile.name, &error);
    if (!m_workspaceFolder.isEmpty() && path && QFileInfo::exists(*path)) {
        if (const auto saved = ProfileFile::load(*path, &error)) {
            m_fileStore = saved->store;
            current.clientKeyPassphrase = saved->clientKeyPassphrase;
        } else
            m_banner->showError(error);
    }
    if (m_fileStore.isSet()) {
        current.store = m_fileStore;
    } else {
        QString password;
        const auto inUse = m_tokens
            ? StoreChoice::fromTyped(m_tokens->store()->describe(), &password, &error)
            : std::nullopt;
        current.store.spec = inUse ? inUse->spec : Keychain;
    }
    setStoredProfile(current);
    const Profile &window = baseline();
    m_clientSecret->setPlaceholderText(window.clientSecret.isEmpty()
                                           ? tr("kept in the system keychain, never in a file")
                                           : tr("(set; type to replace)"));
    m_password->setPlaceholderText(window.password.isEmpty()
                                       ? tr("kept in the system keychain, never in a file")
                                       : tr("(set; type to replace)"));
    if (m_fileStore.password.isSet())
        m_redisPassword->setPlaceholderText(
            tr("(in %1; type to replace)").arg(m_fileStore.password.describe()));
}

ProfileDialog::~ProfileDialog() = default;

void ProfileDialog::updateGrantFields()
{
    const QString grant = m_grant->currentData().toString();
    const bool password = grant == QLatin1String("password");
    m_username->setEnabled(password);
    m_password->setEnabled(password);
    m_authorizationUrl->setEnabled(grant == AuthorizationCode);
    m_deviceUrl->setEnabled(grant == DeviceCode);
}

void ProfileDialog::updateStoreFields()
{
    const bool redis = m_store->currentData().toString() == Redis;
    m_redisUrl->setEnabled(redis);
    m_redisPassword->setEnabled(redis);
}

void ProfileDialog::setStoreFields(const StoreChoice &store)
{
    const QString kind = store.isRedis() ? Redis : store.spec == Memory ? Memory : Keychain;
    m_store->setCurrentIndex(qMax(0, m_store->findData(kind)));
    m_redisUrl->setText(store.isRedis() ? store.spec : QString());
    updateStoreFields();
}

std::optional<StoreChoice> ProfileDialog::typedStore(QString *password, QString *error) const
{
    const QString kind = m_store->currentData().toString();
    password->clear();
    if (kind != Redis)
        return StoreChoice {kind, {}};
    const QString url = m_redisUrl->text().trimmed();
    if (url.isEmpty()) {
        *error = tr("Enter the Redis URL (redis://host:6379/0 or unix:///path/redis.sock), or "
                    "choose another token store.");
        return std::nullopt;
    }
    auto store = StoreChoice::fromTyped(url, password, error);
    if (!store)
        return std::nullopt;
    // The password field wins over one typed into the URL; either goes to the keychain only.
    if (!m_redisPassword->text().isEmpty())
        *password = m_redisPassword->text();
    if (!password->isEmpty())
        store->password = ProfileSecrets::keychainRef(m_workspaceName, m_name->text().trimmed(),
                                                      QStringLiteral("store-password"));
    else if (m_fileStore.spec == store->spec)
        store->password = m_fileStore.password;
    return store;
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
    if (!m_clientSecret->text().isEmpty() || !baseline().clientSecret.isEmpty())
        stored.clientSecret = ProfileSecrets::keychainRef(m_workspaceName, profile.name,
                                                          QStringLiteral("client-secret"));
    if (profile.grant == GrantType::Password
        && (!m_password->text().isEmpty() || !baseline().password.isEmpty()))
        stored.password =
            ProfileSecrets::keychainRef(m_workspaceName, profile.name, QStringLiteral("password"));
    QString password;
    QString error;
    if (const auto store = typedStore(&password, &error))
        stored.store = *store;
    profile.tls = m_tlsEditor->settings();
    stored.clientKeyPassphrase = m_tlsEditor->passphraseRef(ProfileSecrets::keychainRef(
        m_workspaceName, profile.name, QStringLiteral("client-key-passphrase")));
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
    m_tlsEditor->setSettings(profile.tls, stored.clientKeyPassphrase);
    setStoreFields(stored.store);
    updateGrantFields();
}

Profile ProfileDialog::editedProfile() const
{
    Profile profile = storedProfile().profile;
    const Profile &window = baseline();
    // Settings this dialog does not show stay as the window has them.
    profile.clientAuth = window.clientAuth;
    profile.audience = window.audience;
    profile.resource = window.resource;
    profile.extraAuthorizationParams = window.extraAuthorizationParams;
    profile.extraTokenParams = window.extraTokenParams;
    profile.onStoreFailure = window.onStoreFailure;
    profile.clientSecret =
        m_clientSecret->text().isEmpty() ? window.clientSecret : m_clientSecret->text();
    if (profile.grant == GrantType::Password)
        profile.password = m_password->text().isEmpty() ? window.password : m_password->text();
    profile.publicClient = profile.clientSecret.isEmpty();
    // The passphrase typed now, or the variable named now, or the one the window has.
    const SecretRef passphrase = storedProfile().clientKeyPassphrase;
    if (!m_tlsEditor->typedPassphrase().isEmpty())
        profile.tls.clientKeyPassphrase = m_tlsEditor->typedPassphrase();
    else if (passphrase.kind == SecretRef::Kind::Environment)
        profile.tls.clientKeyPassphrase = qEnvironmentVariable(qPrintable(passphrase.name));
    else
        profile.tls.clientKeyPassphrase = window.tls.clientKeyPassphrase;
    return profile;
}

void ProfileDialog::setTokenManager(TokenManager *tokens)
{
    followTokens(this, m_tokens, tokens, &ProfileDialog::showActiveStore);
    showActiveStore();
}

void ProfileDialog::showActiveStore()
{
    m_activeStore->setText(
        m_tokens ? tr("This profile's tokens are now in: %1").arg(m_tokens->store()->describe())
                 : tr("Not signed in yet: Sign in keeps the tokens in the store chosen above."));
}

const Profile &ProfileDialog::baseline() const
{
    static const Profile none;
    return m_tokens ? m_tokens->profile() : none;
}

void ProfileDialog::showTlsRefusal()
{
    m_pages->setCurrentWidget(m_tlsEditor);
    // What is edited here reaches the window's profile with its next sign-in from this dialog.
    m_banner->showInfo(tr("The token endpoint's TLS certificate was refused. Add the CA that "
                          "issued it below (or allow insecure TLS), then Sign in."));
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
    if (m_signingIn)
        return;
    const Profile profile = editedProfile();
    QString error;
    if (!ProfileFile::path(m_workspaceFolder, profile.name, &error)) {
        failBeforeSignIn(tr("The profile needs a name: %1").arg(error),
                         SignInResult::Status::NotConfigured);
        return;
    }
    const QString grant = m_grant->currentData().toString();
    const QString problem = grant == AuthorizationCode
        ? AuthorizationCodeFlow::configurationProblem(profile)
        : grant == DeviceCode ? DeviceFlow::configurationProblem(profile)
        : profile.tokenUrl.isEmpty() || profile.clientId.isEmpty()
        ? tr("the token endpoint and the client ID are needed")
        : QString();
    if (!problem.isEmpty()) {
        failBeforeSignIn(tr("Cannot sign in yet: %1. Fill it in (Discover reads the endpoints "
                            "from the issuer).")
                             .arg(problem),
                         SignInResult::Status::NotConfigured);
        return;
    }
    QString storePassword;
    const auto store = typedStore(&storePassword, &error);
    if (!store) {
        failBeforeSignIn(tr("Token store: %1").arg(error), SignInResult::Status::NotConfigured);
        return;
    }
    setSigningIn(true);
    m_banner->showInfo(tr("Opening the token store…"));
    if (!storePassword.isEmpty() || !store->password.isSet()) {
        openStoreAndSignIn(profile, store->withPassword(storePassword));
        return;
    }
    StoredProfile withStore;
    withStore.store = *store;
    ProfileSecrets::resolveStore(withStore, QProcessEnvironment::systemEnvironment(), this,
                                 [this, profile](const QString &spec, const QString &failure) {
                                     if (!failure.isEmpty()) {
                                         failBeforeSignIn(tr("Cannot open the token store: %1. "
                                                             "Type the Redis password again.")
                                                              .arg(failure));
                                         return;
                                     }
                                     openStoreAndSignIn(profile, spec);
                                 });
}

void ProfileDialog::openStoreAndSignIn(const Profile &profile, const QString &storeSpec)
{
    QString error;
    m_pendingStore = createTokenStore(storeSpec, m_workspaceName, &error);
    if (!m_pendingStore) {
        failBeforeSignIn(tr("Cannot open the token store: %1").arg(error));
        return;
    }
    // The store the profile already uses keeps its tokens.
    TokenManager *existing = m_profiles->tokens(profile.name);
    TokenStore *store = m_pendingStore.get();
    if (existing && m_pendingStore->describe() == existing->store()->describe()) {
        m_pendingStore.reset();
        store = existing->store();
    }
    const QString grant = m_grant->currentData().toString();
    // Read once first: an unreachable store is said now, before anyone signs in for nothing.
    store->load(profile.name, this, [this, profile, store, grant](const StoreResult &result) {
        if (result.status == StoreResult::Status::Unavailable) {
            const QString described = store->describe();
            m_pendingStore.reset();
            failBeforeSignIn(tr("The token store %1 cannot be reached: %2. Start it or fix its "
                                "address, or choose another store; nothing you typed is lost.")
                                 .arg(described, result.message));
            return;
        }
        // Looked up again: the workspace may have been opened again meanwhile.
        if (TokenManager *target = m_profiles->tokens(profile.name)) {
            target->reconfigure(profile, store);
            (void)m_pendingStore.release(); // the TokenManager owns it now
            setTokenManager(target);
        } else if (m_pendingStore) {
            setTokenManager(m_profiles->add(profile, std::move(m_pendingStore)));
        } else {
            // The profile whose store this was closed meanwhile (another workspace opened).
            failBeforeSignIn(tr("Profile '%1' was closed while its store was read; sign in "
                                "again.")
                                 .arg(profile.name));
            return;
        }
        m_inspector->selectProfile(profile.name);
        startGrant(grant);
    });
}

void ProfileDialog::startGrant(const QString &grant)
{
    if (grant == AuthorizationCode) {
        m_banner->showInfo(tr("Signing in through the browser…"));
        m_codeFlow = new AuthorizationCodeFlow(m_tokens, m_events, m_clock, this);
        connect(
            m_codeFlow, &AuthorizationCodeFlow::openUrlRequested, this, [this](const QUrl &url) {
                m_panel->showBrowserWait(url);
                if (!QDesktopServices::openUrl(url))
                    m_banner->showError(tr("No browser could be started: open the address below "
                                           "yourself."));
            });
        connect(m_codeFlow, &AuthorizationCodeFlow::redirectReceived, m_panel,
                &SignInPanel::showBrowserReturned);
        connect(m_codeFlow, &AuthorizationCodeFlow::finished, this, &ProfileDialog::finishSignIn);
        m_codeFlow->start();
        return;
    }
    if (grant == DeviceCode) {
        m_banner->showInfo(tr("Asking for a device code…"));
        m_deviceFlow = new DeviceFlow(m_tokens, m_events, m_clock, this);
        connect(m_deviceFlow, &DeviceFlow::userCodeReady, this,
                [this](const QString &code, const QUrl &uri, const QUrl &complete, int expires) {
                    m_banner->hide();
                    m_panel->showDeviceCode(code, uri, complete, expires);
                });
        connect(m_deviceFlow, &DeviceFlow::finished, this, &ProfileDialog::finishSignIn);
        m_deviceFlow->start();
        return;
    }
    m_banner->showInfo(tr("Signing in…"));
    m_tokens->signIn(this, [this](const TokenError *error) {
        finishSignIn(error ? SignInResult::fromTokenError(tr("signing in"), *error)
                           : SignInResult::success());
    });
}

void ProfileDialog::cancelSignIn()
{
    if (m_codeFlow)
        m_codeFlow->cancel();
    if (m_deviceFlow)
        m_deviceFlow->cancel();
}

void ProfileDialog::finishSignIn(const SignInResult &result)
{
    m_panel->finish();
    for (QObject *flow : {static_cast<QObject *>(m_codeFlow), static_cast<QObject *>(m_deviceFlow)})
        if (flow)
            flow->deleteLater();
    m_codeFlow = nullptr;
    m_deviceFlow = nullptr;
    setSigningIn(false);
    if (result.ok())
        m_banner->showInfo(tr("Signed in as profile '%1'; the tokens are in %2.")
                               .arg(m_tokens->profile().name, m_tokens->store()->describe()));
    else if (result.status == SignInResult::Status::Cancelled)
        m_banner->showInfo(tr("Sign-in cancelled."));
    else if (result.tlsRefused) {
        // The core's message names keyway-cli's options; here the remedy is on the TLS page,
        // which is turned to. The whole message stays at hand in the banner's tooltip.
        m_pages->setCurrentWidget(m_tlsEditor);
        m_banner->showError(tr("Sign-in failed: the server's TLS certificate was refused. Add "
                               "the CA that issued it below (or allow insecure TLS), then sign "
                               "in again."),
                            result.message);
    } else {
        m_banner->showError(
            tr("Sign-in failed: %1. %2").arg(result.message, nextStep(result)).trimmed());
    }
    Q_EMIT signInFinished(result);
}

void ProfileDialog::failBeforeSignIn(const QString &message, SignInResult::Status status)
{
    setSigningIn(false);
    m_banner->showError(message);
    Q_EMIT signInFinished(SignInResult::failure(status, message));
}

void ProfileDialog::setSigningIn(bool on)
{
    m_signingIn = on;
    m_signIn->setEnabled(!on);
}

void ProfileDialog::updateSaveButton()
{
    const QString problems = m_tlsEditor->fileProblems();
    m_save->setEnabled(!m_workspaceFolder.isEmpty() && problems.isEmpty());
    m_save->setToolTip(
        m_workspaceFolder.isEmpty() ? tr("This workspace has no folder to save the profile into")
            : !problems.isEmpty()
            ? tr("Fix the TLS page first:\n%1").arg(problems)
            : tr("Write %1 (no secrets) and the secrets typed here to the keychain")
                  .arg(QDir::toNativeSeparators(m_workspaceFolder + QStringLiteral("/profiles/"))));
}

bool ProfileDialog::save()
{
    const StoredProfile stored = storedProfile();
    QString error;
    // A profile that names a bad file would fail only at its first sign-in.
    if (const QString problems = m_tlsEditor->fileProblems(); !problems.isEmpty()) {
        m_banner->showError(tr("Cannot save: %1. Fix it on the TLS page; nothing you typed is "
                               "lost.")
                                .arg(problems));
        return false;
    }
    QString storePassword;
    if (!typedStore(&storePassword, &error)) {
        m_banner->showError(tr("Cannot save: token store: %1").arg(error));
        return false;
    }
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
    m_fileStore = stored.store;
    QList<QPair<SecretRef, QString>> secrets;
    if (!m_clientSecret->text().isEmpty())
        secrets.append({stored.clientSecret, m_clientSecret->text()});
    if (stored.password.isSet() && !m_password->text().isEmpty())
        secrets.append({stored.password, m_password->text()});
    if (!storePassword.isEmpty())
        secrets.append({stored.store.password, storePassword});
    if (!m_tlsEditor->typedPassphrase().isEmpty())
        secrets.append({stored.clientKeyPassphrase, m_tlsEditor->typedPassphrase()});
    writeSecrets(secrets,
                 tr("Saved %1 (no secret is written there).").arg(QDir::toNativeSeparators(*path)));
    return true;
}

void ProfileDialog::writeSecrets(QList<QPair<SecretRef, QString>> secrets,
                                 const QString &savedMessage)
{
    if (secrets.isEmpty()) {
        m_banner->showInfo(savedMessage);
        Q_EMIT saved(m_name->text().trimmed());
        return;
    }
    const auto [ref, value] = secrets.takeFirst();
    ProfileSecrets::writeToKeychain(
        ref, value, this, [this, secrets, savedMessage](const QString &failure) {
            if (!failure.isEmpty()) {
                m_banner->showError(tr("The profile is saved, but %1; the fields "
                                       "keep what you typed: unlock the keychain "
                                       "and save again.")
                                        .arg(failure));
                return;
            }
            writeSecrets(secrets, savedMessage);
        });
}

} // namespace Keyway
