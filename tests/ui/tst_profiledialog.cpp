// The profile dialog drives the core's sign-in flows with real widgets (offscreen) against an
// in-process sandbox: the browser flow through a handler that plays the system browser, the
// device flow by approving the code the dialog shows. Stores are real: memory, Redis (a
// redis-server of the test's own) and the keychain of a private gnome-keyring for Save.
#include "auth/clock.h"
#include "auth/tokenmanager.h"
#include "banner.h"
#include "collection/profilefile.h"
#include "collection/profilesecrets.h"
#include "collection/workspacelocation.h"
#include "keyringsession.h"
#include "log/eventlog.h"
#include "modalanswer.h"
#include "namedchild.h"
#include "profiledialog.h"
#include "redisserver.h"
#include "sandbox/sandbox.h"
#include "screenshots.h"
#include "signinpanel.h"
#include "store/memorytokenstore.h"
#include "store/tokenstorefactory.h"
#include "testcertificates.h"
#include "testfiles.h"
#include "testhome.h"
#include "tlseditor.h"
#include "tokeninspector.h"
#include "windowcore.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

// Plays the system browser for QDesktopServices::openUrl: fetches the URL and follows the
// redirects (the authorization server's to the loopback receiver), as a browser would.
class Browser final : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;
    QList<int> finalStatuses;

public Q_SLOTS:
    void openUrl(const QUrl &url)
    {
        opened.append(url);
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::NoLessSafeRedirectPolicy);
        QNetworkReply *reply = m_network.get(request);
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            finalStatuses.append(
                reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
            reply->deleteLater();
        });
    }

private:
    QNetworkAccessManager m_network;
};

class tst_ProfileDialog : public QObject
{
    Q_OBJECT

    KeyringSession m_keyring;
    TestCertificates m_certificates;
    TestHome m_home;
    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<QTemporaryDir> m_workspace;
    std::unique_ptr<WindowCore> m_core;
    std::unique_ptr<TokenInspector> m_inspector;
    std::unique_ptr<ProfileDialog> m_dialog;
    Browser m_browser;

    QLineEdit *field(const char *name) const
    {
        auto *edit = m_dialog->findChild<QLineEdit *>(QLatin1String(name));
        if (!edit)
            qFatal("no field %s", name);
        return edit;
    }
    template<typename T> T *child(const char *name) const
    {
        return namedChild<T>(m_dialog.get(), name);
    }
    // A CA file added the way a person does: Add…, then the file dialog.
    void addCaFile(const QString &path)
    {
        chooseInNextFileDialog(this, path);
        button(m_dialog.get(), "tlsAddCa")->click();
    }
    QComboBox *combo(const char *name) const
    {
        return m_dialog->findChild<QComboBox *>(QLatin1String(name));
    }
    QPushButton *button(QObject *in, const char *name) const
    {
        return namedChild<QPushButton>(in, name);
    }
    void choose(const char *comboName, const QString &data) const
    {
        QComboBox *box = combo(comboName);
        box->setCurrentIndex(box->findData(data));
    }

    // What a person types for an interactive sign-in, every field filled.
    void typeInteractiveProfile(const QString &grant)
    {
        choose("profileGrant", grant);
        field("profileName")->setText(QStringLiteral("typed"));
        field("profileIssuer")->setText(m_sandbox->issuer());
        m_dialog->discover();
        // The token endpoint is the window's already: wait for the ones only discovery fills.
        QTRY_COMPARE(field("profileDeviceUrl")->text(),
                     m_sandbox->deviceAuthorizationUrl().toString());
        QCOMPARE(field("profileAuthorizationUrl")->text(), m_sandbox->authorizeUrl().toString());
        field("profileClientId")->setText(m_sandbox->config().clientId);
        field("profileClientSecret")->setText(m_sandbox->config().clientSecret);
        field("profileScope")->setText(QStringLiteral("openid read"));
    }

    // The profile the dialog signs in as "typed"; null while the window has none of that name.
    TokenManager *typed() const { return m_core->profiles.tokens(QStringLiteral("typed")); }

    QMap<QString, QString> typedFields() const
    {
        QMap<QString, QString> texts;
        for (QLineEdit *edit : m_dialog->findChildren<QLineEdit *>())
            if (!edit->objectName().isEmpty())
                texts.insert(edit->objectName(), edit->text());
        texts.insert(QStringLiteral("grant"), combo("profileGrant")->currentData().toString());
        texts.insert(QStringLiteral("store"), combo("profileStore")->currentData().toString());
        return texts;
    }

    SignInResult signInAndWait(const std::function<void()> &meanwhile = {})
    {
        QSignalSpy finished(m_dialog.get(), &ProfileDialog::signInFinished);
        button(m_dialog.get(), "profileSignIn")->click();
        if (meanwhile)
            meanwhile();
        if (finished.isEmpty() && !finished.wait(20000))
            return SignInResult::failure(SignInResult::Status::Failed, QStringLiteral("no end"));
        return finished.first().first().value<SignInResult>();
    }

    StoreResult storedTokens(TokenStore *store, const QString &profile) const
    {
        StoreResult loaded;
        loaded.status = StoreResult::Status::Unavailable;
        bool done = false;
        QObject context;
        store->load(profile, &context, [&](const StoreResult &result) {
            loaded = result;
            done = true;
        });
        if (!QTest::qWaitFor([&done] { return done; }, 10000))
            loaded.message = QStringLiteral("no answer");
        return loaded;
    }

    // What the keychain entry `ref` names holds, read as keyway-cli reads it; the problem instead
    // when there is one.
    static QString keychainValue(const SecretRef &ref)
    {
        QString secret;
        QString problem = QStringLiteral("no answer");
        bool answered = false;
        QObject context;
        ProfileSecrets::read(ref, QProcessEnvironment(), &context,
                             [&](const QString &value, const QString &failure) {
                                 secret = value;
                                 problem = failure;
                                 answered = true;
                             });
        if (!QTest::qWaitFor([&answered] { return answered; }, 10000))
            return problem;
        return problem.isEmpty() ? secret : problem;
    }

    static quint16 closedPort()
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost);
        return server.serverPort(); // closed again when `server` goes
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<SignInResult>();
        QString error;
        // Before anything touches D-Bus: Save writes secrets to this private keyring.
        QVERIFY2(m_keyring.start(&error), qPrintable(error));
        QVERIFY2(m_certificates.generate(&error), qPrintable(error));
        QVERIFY2(m_home.enter(&error), qPrintable(error));
        QDesktopServices::setUrlHandler(QStringLiteral("http"), &m_browser, "openUrl");
    }

    void cleanupTestCase() { QDesktopServices::unsetUrlHandler(QStringLiteral("http")); }

    void init()
    {
        SandboxConfig config;
        config.deviceIntervalSec = 1;
        m_sandbox = std::make_unique<Sandbox>(config);
        QString error;
        QVERIFY2(m_sandbox->start(&error), qPrintable(error));
        m_workspace = std::make_unique<QTemporaryDir>();
        // The window's profile before the dialog: the demo's password grant, in memory.
        m_core = std::make_unique<WindowCore>(m_sandbox.get());
        m_inspector = std::make_unique<TokenInspector>(&m_core->profiles);
        m_dialog = std::make_unique<ProfileDialog>(&m_core->profiles, QStringLiteral("sandbox"),
                                                   m_inspector.get(), m_workspace->path());
        m_dialog->show();
        m_browser.opened.clear();
        m_browser.finalStatuses.clear();
    }

    void cleanup()
    {
        m_dialog.reset();
        m_inspector.reset();
        m_core.reset();
        m_sandbox.reset();
    }

    void browserSignIn_opensTheUrl_storesTheTokens_andSaysSo()
    {
        typeInteractiveProfile(QStringLiteral("authorization_code"));
        choose("profileStore", QStringLiteral("memory"));
        const SignInResult result = signInAndWait([this] {
            // While the browser is out, the dialog says so and offers Cancel.
            QTRY_COMPARE(m_browser.opened.size(), 1);
        });
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(m_browser.opened.first().adjusted(QUrl::RemoveQuery), m_sandbox->authorizeUrl());
        QTRY_COMPARE(m_browser.finalStatuses, QList<int> {200}); // the loopback's "signed in" page
        QCOMPARE(m_sandbox->counters().codeGrants, 1);

        // A profile of the typed name joined the window's, signed in with the typed settings
        // into the chosen store; the window's own profile is as it was.
        TokenManager *tokens = typed();
        QVERIFY(tokens);
        QCOMPARE(tokens->store()->describe(), MemoryTokenStore().describe());
        QCOMPARE(m_dialog->tokenManager(), tokens);
        QCOMPARE(m_core->profiles.names(),
                 QStringList({QStringLiteral("sandbox"), QStringLiteral("typed")}));
        QCOMPARE(m_core->tokens().profile().tokenUrl, m_sandbox->tokenUrl());
        const StoreResult stored = storedTokens(tokens->store(), QStringLiteral("typed"));
        QVERIFY2(stored.ok() && stored.tokens, qPrintable(stored.message));
        QVERIFY(stored.tokens->hasRefreshToken());
        QCOMPARE(stored.tokens->accessToken, tokens->tokens().accessToken);
        // The inspector shows the profile just signed in.
        QCOMPARE(m_inspector->selectedProfile(), QStringLiteral("typed"));
        QVERIFY2(m_dialog->banner()->text().startsWith(QLatin1String("Signed in")),
                 qPrintable(m_dialog->banner()->text()));
        QVERIFY(m_dialog->signInPanel()->isHidden());
        QVERIFY2(m_inspector->stateText().startsWith(QLatin1String("fresh")),
                 qPrintable(m_inspector->stateText()));
    }

    void browserSignIn_refused_keepsEveryField_andSaysWhatToDo()
    {
        typeInteractiveProfile(QStringLiteral("authorization_code"));
        m_sandbox->setAuthorizeMode(AuthorizeMode::Deny);
        const auto before = typedFields();
        const SignInResult result = signInAndWait();
        QCOMPARE(result.status, SignInResult::Status::Refused);
        const QString banner = m_dialog->banner()->text();
        QVERIFY2(banner.startsWith(QLatin1String("Sign-in failed")), qPrintable(banner));
        QVERIFY2(banner.contains(QLatin1String("access_denied")), qPrintable(banner));
        QVERIFY2(banner.contains(QLatin1String("sign in again")), qPrintable(banner));
        QCOMPARE(typedFields(), before);
        QVERIFY(typed());
        QVERIFY(!typed()->tokens().isValid());
        QCOMPARE(m_sandbox->counters().codeGrants, 0);
    }

    void browserSignIn_cancelled_keepsEveryField()
    {
        typeInteractiveProfile(QStringLiteral("authorization_code"));
        m_sandbox->setAuthorizeMode(AuthorizeMode::Form); // the browser stops at the form
        const auto before = typedFields();
        const SignInResult result = signInAndWait([this] {
            QTRY_VERIFY(m_dialog->signInPanel()->isVisible());
            QVERIFY(!button(m_dialog.get(), "profileSignIn")->isEnabled());
            button(m_dialog->signInPanel(), "signInCancel")->click();
        });
        QCOMPARE(result.status, SignInResult::Status::Cancelled);
        QCOMPARE(m_dialog->banner()->text(), QStringLiteral("Sign-in cancelled."));
        QVERIFY(button(m_dialog.get(), "profileSignIn")->isEnabled());
        QCOMPARE(typedFields(), before);
    }

    void deviceSignIn_showsTheCodeWithCopyAndOpen_thenSignsInWhenApproved()
    {
        typeInteractiveProfile(QStringLiteral("device_code"));
        choose("profileStore", QStringLiteral("memory"));
        QString shownCode;
        const SignInResult result = signInAndWait([this, &shownCode] {
            SignInPanel *panel = m_dialog->signInPanel();
            QTRY_VERIFY(!panel->userCode().isEmpty());
            shownCode = panel->userCode();
            QVERIFY2(panel->countdownText().contains(QLatin1String("expires in")),
                     qPrintable(panel->countdownText()));
            button(panel, "signInCopy")->click();
            QCOMPARE(QApplication::clipboard()->text(), shownCode);
            button(panel, "signInOpen")->click();
            QTRY_COMPARE(m_browser.opened.size(), 1);
            QCOMPARE(m_browser.opened.first().path(), QStringLiteral("/device"));
            QVERIFY(m_sandbox->approveDeviceCode(shownCode));
        });
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(m_sandbox->counters().deviceGrants, 1);
        QVERIFY(typed());
        const StoreResult stored = storedTokens(typed()->store(), QStringLiteral("typed"));
        QVERIFY2(stored.ok() && stored.tokens, qPrintable(stored.message));
        QVERIFY2(m_dialog->banner()->text().startsWith(QLatin1String("Signed in")),
                 qPrintable(m_dialog->banner()->text()));
        QVERIFY(m_dialog->signInPanel()->isHidden());
    }

    void deviceSignIn_denied_keepsEveryField()
    {
        typeInteractiveProfile(QStringLiteral("device_code"));
        const auto before = typedFields();
        const SignInResult result = signInAndWait([this] {
            QTRY_VERIFY(!m_dialog->signInPanel()->userCode().isEmpty());
            QVERIFY(m_sandbox->denyDeviceCode(m_dialog->signInPanel()->userCode()));
        });
        QCOMPARE(result.status, SignInResult::Status::Refused);
        QVERIFY2(m_dialog->banner()->text().startsWith(QLatin1String("Sign-in failed")),
                 qPrintable(m_dialog->banner()->text()));
        QCOMPARE(typedFields(), before);
    }

    void redisStore_signsInIntoRedis()
    {
        RedisServer redis;
        QString error;
        QVERIFY2(redis.start(&error), qPrintable(error));
        typeInteractiveProfile(QStringLiteral("authorization_code"));
        choose("profileStore", QStringLiteral("redis"));
        field("profileRedisUrl")->setText(redis.url().describe());
        const SignInResult result = signInAndWait();
        QVERIFY2(result.ok(), qPrintable(result.message));
        QVERIFY(typed());
        QCOMPARE(typed()->store()->describe(), redis.url().describe());
        QVERIFY2(m_dialog->banner()->text().contains(redis.url().describe()),
                 qPrintable(m_dialog->banner()->text()));
        // Another client of the same Redis finds them.
        const auto workspace = WorkspaceLocation::resolve(m_workspace->path(), &error);
        QVERIFY2(workspace, qPrintable(error));
        std::unique_ptr<TokenStore> other =
            createTokenStore(redis.url().describe(), workspace->name(), &error);
        QVERIFY2(other, qPrintable(error));
        const StoreResult stored = storedTokens(other.get(), QStringLiteral("typed"));
        QVERIFY2(stored.ok() && stored.tokens, qPrintable(stored.message));
        QCOMPARE(stored.tokens->accessToken, typed()->tokens().accessToken);
    }

    void unreachableStore_saysSoInTheBanner_keepsEveryField_andTheWindowsSession()
    {
        typeInteractiveProfile(QStringLiteral("authorization_code"));
        choose("profileStore", QStringLiteral("redis"));
        field("profileRedisUrl")
            ->setText(QStringLiteral("redis://127.0.0.1:%1/0").arg(closedPort()));
        const auto before = typedFields();
        const Profile windowProfile = m_core->tokens().profile();
        TokenStore *windowStore = m_core->tokens().store();
        const SignInResult result = signInAndWait();
        QCOMPARE(result.status, SignInResult::Status::Failed);
        QVERIFY(!m_dialog->isSigningIn());
        const QString banner = m_dialog->banner()->text();
        QVERIFY2(banner.contains(QLatin1String("cannot be reached")), qPrintable(banner));
        QVERIFY2(banner.contains(QLatin1String("nothing you typed is lost")), qPrintable(banner));
        QCOMPARE(typedFields(), before);
        QCOMPARE(m_browser.opened.size(), 0); // nobody was sent to sign in for nothing
        // Nothing was handed to any profile: none of the typed name was added.
        QVERIFY(!typed());
        QCOMPARE(m_core->tokens().store(), windowStore);
        QCOMPARE(m_core->tokens().profile().name, windowProfile.name);
        QCOMPARE(m_core->tokens().profile().tokenUrl, windowProfile.tokenUrl);
    }

    void save_writesTheProfileFile_storeChoiceWithoutAnyPassword_secretsInTheKeychain()
    {
        typeInteractiveProfile(QStringLiteral("device_code"));
        choose("profileStore", QStringLiteral("redis"));
        const QString redisPassword = QStringLiteral("redis-pass-never-on-disk");
        field("profileRedisUrl")
            ->setText(QStringLiteral("redis://keyway:%1@127.0.0.1:6390/1").arg(redisPassword));
        QVERIFY(button(m_dialog.get(), "profileSave")->isEnabled());
        button(m_dialog.get(), "profileSave")->click();
        QTRY_VERIFY2(m_dialog->banner()->text().startsWith(QLatin1String("Saved")),
                     qPrintable(m_dialog->banner()->text()));

        const QString path = m_workspace->filePath(QStringLiteral("profiles/typed.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(!text.contains(redisPassword.toUtf8()));
        QVERIFY(!text.contains(m_sandbox->config().clientSecret.toUtf8()));
        QString error;
        const auto loaded = ProfileFile::load(path, &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->loginGrant, QStringLiteral("device_code"));
        QCOMPARE(loaded->profile.deviceAuthorizationUrl, m_sandbox->deviceAuthorizationUrl());
        QCOMPARE(loaded->store.spec, QStringLiteral("redis://keyway@127.0.0.1:6390/1"));
        QCOMPARE(loaded->store.password.kind, SecretRef::Kind::Keychain);

        // The secrets went to the keychain, where the references point.
        QCOMPARE(keychainValue(loaded->store.password), redisPassword);
        QCOMPARE(keychainValue(loaded->clientSecret), m_sandbox->config().clientSecret);
    }

    void tlsSection_savesFilesAndAPassphraseReference_andShowsThemAgain()
    {
        auto *pages = child<QTabWidget>("profilePages");
        pages->setCurrentWidget(m_dialog->tlsEditor());
        QCOMPARE(pages->tabText(1), QStringLiteral("TLS"));

        field("profileName")->setText(QStringLiteral("mtls"));
        addCaFile(m_certificates.caCertificate());
        addCaFile(m_certificates.clientCaCertificate());
        auto *caFiles = child<QListWidget>("tlsCaFiles");
        QCOMPARE(caFiles->count(), 2);
        caFiles->item(1)->setSelected(true);
        button(m_dialog.get(), "tlsRemoveCa")->click();
        QCOMPARE(caFiles->count(), 1);
        field("tlsClientCertificate")->setText(m_certificates.clientCertificate());
        field("tlsClientKey")->setText(m_certificates.encryptedClientKey());
        choose("tlsPassphraseSource", QStringLiteral("keychain"));
        QCOMPARE(field("tlsPassphrase")->echoMode(), QLineEdit::Password);
        field("tlsPassphrase")->setText(TestCertificates::clientKeyPassphrase());
        auto *warning = child<QLabel>("tlsInsecureWarning");
        QVERIFY(!warning->isVisibleTo(m_dialog.get()));
        child<QCheckBox>("tlsInsecure")->setChecked(true);
        QVERIFY(warning->isVisibleTo(m_dialog.get()));
        QVERIFY(warning->text().contains(QLatin1String("live log")));
        QCOMPARE(pages->tabText(1), QStringLiteral("TLS (insecure)"));

        button(m_dialog.get(), "profileSave")->click();
        QTRY_VERIFY2(m_dialog->banner()->text().startsWith(QLatin1String("Saved")),
                     qPrintable(m_dialog->banner()->text()));
        const QString path = m_workspace->filePath(QStringLiteral("profiles/mtls.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(!text.contains(TestCertificates::clientKeyPassphrase().toUtf8()));
        QString error;
        const auto loaded = ProfileFile::load(path, &error);
        QVERIFY2(loaded, qPrintable(error));
        const TlsSettings &saved = loaded->profile.tls;
        QCOMPARE(saved.caCertificateFiles, QStringList {m_certificates.caCertificate()});
        QCOMPARE(saved.clientCertificateFile, m_certificates.clientCertificate());
        QCOMPARE(saved.clientKeyFile, m_certificates.encryptedClientKey());
        QVERIFY(saved.insecure);
        QVERIFY(saved.clientKeyPassphrase.isEmpty());
        QCOMPARE(loaded->clientKeyPassphrase.kind, SecretRef::Kind::Keychain);
        // The passphrase itself went to the keychain entry the file names.
        QCOMPARE(keychainValue(loaded->clientKeyPassphrase),
                 TestCertificates::clientKeyPassphrase());

        // A dialog given the saved profile shows all of it again, the passphrase as "set".
        m_dialog = std::make_unique<ProfileDialog>(&m_core->profiles, QStringLiteral("sandbox"),
                                                   m_inspector.get(), m_workspace->path());
        m_dialog->setStoredProfile(*loaded);
        QCOMPARE(m_dialog->tlsEditor()->settings().caCertificateFiles,
                 QStringList {m_certificates.caCertificate()});
        QCOMPARE(field("tlsClientCertificate")->text(), m_certificates.clientCertificate());
        QCOMPARE(field("tlsClientKey")->text(), m_certificates.encryptedClientKey());
        QVERIFY(child<QCheckBox>("tlsInsecure")->isChecked());
        QCOMPARE(combo("tlsPassphraseSource")->currentData().toString(),
                 QStringLiteral("keychain"));
        QVERIFY(field("tlsPassphrase")->text().isEmpty());
        QVERIFY2(
            field("tlsPassphrase")->placeholderText().contains(QLatin1String("in the keychain")),
            qPrintable(field("tlsPassphrase")->placeholderText()));
        QCOMPARE(m_dialog->storedProfile().clientKeyPassphrase, loaded->clientKeyPassphrase);
        QCOMPARE(m_dialog->storedProfile().profile.tls, saved);

        // An environment variable instead: the file names the variable.
        choose("tlsPassphraseSource", QStringLiteral("env"));
        QCOMPARE(field("tlsPassphrase")->echoMode(), QLineEdit::Normal);
        field("tlsPassphrase")->setText(QStringLiteral("MTLS_KEY_PASSPHRASE"));
        QCOMPARE(m_dialog->storedProfile().clientKeyPassphrase,
                 SecretRef::environment(QStringLiteral("MTLS_KEY_PASSPHRASE")));
    }

    void tlsFiles_badOnesSaidUnderTheirField_saveOnlyWhenEveryFileIsGood()
    {
        auto *pages = child<QTabWidget>("profilePages");
        pages->setCurrentWidget(m_dialog->tlsEditor());
        field("profileName")->setText(QStringLiteral("checked"));
        auto *save = button(m_dialog.get(), "profileSave");
        auto *certificateProblem = child<QLabel>("tlsClientCertificateProblem");
        auto *keyProblem = child<QLabel>("tlsClientKeyProblem");
        auto *caProblem = child<QLabel>("tlsCaFilesProblem");
        const auto shows = [this](QLabel *label, const QString &file, const char *what) {
            return label->isVisibleTo(m_dialog.get())
                && label->text().contains(QDir::toNativeSeparators(file))
                && label->text().contains(QLatin1String(what));
        };
        QTemporaryDir files;
        const QString missing = files.filePath(QStringLiteral("missing.pem"));
        const QString notPem = files.filePath(QStringLiteral("notes.txt"));
        QVERIFY(writeFile(notPem, "not a certificate\n"));

        // Each file is looked at as soon as it is named, not first at sign-in.
        field("tlsClientCertificate")->setText(missing);
        QVERIFY2(shows(certificateProblem, missing, "does not exist"),
                 qPrintable(certificateProblem->text()));
        QVERIFY2(keyProblem->text().contains(QLatin1String("needs its key file")),
                 qPrintable(keyProblem->text()));
        QVERIFY(!save->isEnabled());
        QVERIFY(save->toolTip().contains(QDir::toNativeSeparators(missing)));
        QCOMPARE(pages->tabText(1), QStringLiteral("TLS (file problem)"));
        field("tlsClientCertificate")->setText(notPem);
        QVERIFY2(shows(certificateProblem, notPem, "holds no PEM certificate"),
                 qPrintable(certificateProblem->text()));
        field("tlsClientCertificate")->setText(m_certificates.clientCertificate());
        QVERIFY(!certificateProblem->isVisibleTo(m_dialog.get()));

        // A certificate is not a key; an encrypted key needs the passphrase that opens it.
        field("tlsClientKey")->setText(m_certificates.clientCertificate());
        QVERIFY2(shows(keyProblem, m_certificates.clientCertificate(), "not a PEM RSA or EC"),
                 qPrintable(keyProblem->text()));
        field("tlsClientKey")->setText(m_certificates.encryptedClientKey());
        QVERIFY2(shows(keyProblem, m_certificates.encryptedClientKey(), "is encrypted"),
                 qPrintable(keyProblem->text()));
        choose("tlsPassphraseSource", QStringLiteral("keychain"));
        field("tlsPassphrase")->setText(QStringLiteral("not-the-passphrase"));
        QVERIFY2(shows(keyProblem, m_certificates.encryptedClientKey(), "passphrase does not open"),
                 qPrintable(keyProblem->text()));
        QVERIFY(!save->isEnabled());
        field("tlsPassphrase")->setText(TestCertificates::clientKeyPassphrase());
        QVERIFY(!keyProblem->isVisibleTo(m_dialog.get()));

        addCaFile(notPem);
        QVERIFY2(shows(caProblem, notPem, "holds no PEM certificate"),
                 qPrintable(caProblem->text()));
        QVERIFY(!save->isEnabled());
        saveScreenshot(m_dialog.get(), "profiledialog-tls-problems");
        // Saving anyway (a caller, not the button) says why and writes nothing.
        QVERIFY(!m_dialog->save());
        QVERIFY2(m_dialog->banner()->text().contains(QDir::toNativeSeparators(notPem)),
                 qPrintable(m_dialog->banner()->text()));
        const QString path = m_workspace->filePath(QStringLiteral("profiles/checked.json"));
        QVERIFY(!QFile::exists(path));
        QCOMPARE(field("tlsClientKey")->text(), m_certificates.encryptedClientKey());

        auto *caFiles = child<QListWidget>("tlsCaFiles");
        caFiles->item(0)->setSelected(true);
        button(m_dialog.get(), "tlsRemoveCa")->click();
        addCaFile(m_certificates.caCertificate());
        QVERIFY(!caProblem->isVisibleTo(m_dialog.get()));
        QCOMPARE(pages->tabText(1), QStringLiteral("TLS"));
        QVERIFY(save->isEnabled());
        save->click();
        QTRY_VERIFY2(m_dialog->banner()->text().startsWith(QLatin1String("Saved")),
                     qPrintable(m_dialog->banner()->text()));
        QVERIFY(QFile::exists(path));
    }

    void tlsFiles_passphraseInTheKeychain_onlyTheKeysFormIsChecked()
    {
        // Saved with its passphrase in the keychain: it is read there at sign-in, not here.
        StoredProfile stored;
        stored.profile.name = QStringLiteral("mtls");
        stored.profile.tls.clientCertificateFile = m_certificates.clientCertificate();
        stored.profile.tls.clientKeyFile = m_certificates.encryptedClientKey();
        stored.clientKeyPassphrase =
            ProfileSecrets::keychainRef(QStringLiteral("default"), QStringLiteral("mtls"),
                                        QStringLiteral("client-key-passphrase"));
        m_dialog->setStoredProfile(stored);
        QCOMPARE(m_dialog->tlsEditor()->fileProblems(), QString());
        QVERIFY(button(m_dialog.get(), "profileSave")->isEnabled());

        // Still a PEM key, or not: that much is checked.
        stored.profile.tls.clientKeyFile = m_certificates.caCertificate();
        m_dialog->setStoredProfile(stored);
        QVERIFY2(m_dialog->tlsEditor()->fileProblems().contains(QLatin1String("not a PEM RSA")),
                 qPrintable(m_dialog->tlsEditor()->fileProblems()));
        QVERIFY(!button(m_dialog.get(), "profileSave")->isEnabled());
    }

    void tlsSignIn_httpsTokenEndpoint_failsUntrusted_worksWithTheCa()
    {
        SandboxConfig config;
        config.tlsCertificateFile = m_certificates.serverCertificate();
        config.tlsKeyFile = m_certificates.serverKey();
        Sandbox https(config);
        QString error;
        QVERIFY2(https.start(&error), qPrintable(error));
        QCOMPARE(https.tokenUrl().scheme(), QStringLiteral("https"));
        choose("profileGrant", QStringLiteral("password"));
        field("profileName")->setText(QStringLiteral("secure"));
        field("profileTokenUrl")->setText(https.tokenUrl().toString());
        field("profileClientId")->setText(https.config().clientId);
        field("profileClientSecret")->setText(https.config().clientSecret);
        field("profileUsername")->setText(https.config().username);
        field("profilePassword")->setText(https.config().password);
        choose("profileStore", QStringLiteral("memory"));

        // Its certificate is issued by a CA the system does not know.
        const SignInResult refused = signInAndWait();
        QVERIFY(!refused.ok());
        QVERIFY(refused.tlsRefused);
        const QString banner = m_dialog->banner()->text();
        QVERIFY2(banner.startsWith(QLatin1String("Sign-in failed"))
                     && banner.contains(QLatin1String("TLS certificate was refused")),
                 qPrintable(banner));
        QVERIFY2(m_dialog->banner()->details().contains(QLatin1String("not trusted")),
                 qPrintable(m_dialog->banner()->details()));
        QCOMPARE(https.counters().passwordGrants, 0);
        QCOMPARE(field("profileTokenUrl")->text(), https.tokenUrl().toString());

        addCaFile(m_certificates.caCertificate());
        const SignInResult signedIn = signInAndWait();
        QVERIFY2(signedIn.ok(), qPrintable(signedIn.message));
        QCOMPARE(https.counters().passwordGrants, 1);
        TokenManager *secure = m_core->profiles.tokens(QStringLiteral("secure"));
        QVERIFY(secure);
        QCOMPARE(secure->profile().tls.caCertificateFiles,
                 QStringList {m_certificates.caCertificate()});
        QVERIFY2(m_dialog->banner()->text().startsWith(QLatin1String("Signed in")),
                 qPrintable(m_dialog->banner()->text()));
    }
};

QTEST_MAIN(tst_ProfileDialog)
#include "tst_profiledialog.moc"
