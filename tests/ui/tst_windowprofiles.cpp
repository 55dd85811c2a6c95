// The window's auth profiles are the workspace's saved ones: each over the token store its file
// names (tokens survive a restart), one TokenManager per profile for every request that names it,
// and a clear banner for a profile the workspace does not have or whose store cannot be read (an
// unreachable Redis, a locked keyring). Real widgets offscreen, two in-process sandboxes on
// loopback, a private gnome-keyring.
#include "auth/profilesessions.h"
#include "auth/tokenmanager.h"
#include "banner.h"
#include "clientstack.h"
#include "collection/profilefile.h"
#include "collection/workspacestore.h"
#include "keyringsession.h"
#include "mainwindow.h"
#include "profiledialog.h"
#include "requestcomposer.h"
#include "requesttab.h"
#include "responseview.h"
#include "sandbox/sandbox.h"
#include "testhome.h"
#include "tokeninspector.h"
#include "windowcore.h"

#include <QAction>
#include <QComboBox>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

const QString SecretVariable = QStringLiteral("KEYWAY_TEST_CLIENT_SECRET");
const QString PasswordVariable = QStringLiteral("KEYWAY_TEST_PASSWORD");

} // namespace

class tst_WindowProfiles : public QObject
{
    Q_OBJECT

    KeyringSession m_keyring;
    TestHome m_home;
    std::unique_ptr<Sandbox> m_a;
    std::unique_ptr<Sandbox> m_b;
    std::unique_ptr<QTemporaryDir> m_workspaces;
    QString m_folder;
    std::unique_ptr<WindowCore> m_core;
    std::unique_ptr<MainWindow> m_window;
    bool m_keyringLocked = false;

    // profiles/<name>.json for `sandbox`'s password grant, secrets by reference (the
    // environment), tokens in `store`: as `keyway-cli login` or the profile dialog writes it.
    void writeProfile(const QString &name, const Sandbox &sandbox, const QString &store)
    {
        StoredProfile stored;
        stored.profile = ClientStack::profileFor(sandbox);
        stored.profile.name = name;
        stored.profile.clientSecret.clear();
        stored.profile.password.clear();
        stored.loginGrant = QStringLiteral("password");
        stored.clientSecret = SecretRef::environment(SecretVariable);
        stored.password = SecretRef::environment(PasswordVariable);
        stored.store.spec = store;
        QString error;
        const auto path = ProfileFile::path(m_folder, name, &error);
        QVERIFY2(path, qPrintable(error));
        error = ProfileFile::save(*path, stored);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    // A window as `keyway --workspace FOLDER` starts it when the workspace has saved profiles:
    // no demo, no profile of its own.
    void openWindow()
    {
        m_core = std::make_unique<WindowCore>();
        m_window = std::make_unique<MainWindow>(&m_core->profiles, nullptr, m_folder);
        m_window->show();
    }

    void waitOpen(const QStringList &names)
    {
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(names.begin(), names.end(),
                                             [this](const QString &name) {
                                                 return m_core->profiles.contains(name)
                                                     && !m_core->profiles.isOpening(name);
                                             }),
                                 15000);
    }

    bool signIn(TokenManager *tokens)
    {
        bool done = false;
        bool ok = false;
        QObject context;
        tokens->signIn(&context, [&](const TokenError *error) {
            ok = !error;
            done = true;
        });
        return QTest::qWaitFor([&done] { return done; }, 10000) && ok;
    }

    // The stored generation `store` holds for `profile` (0: none, or not readable).
    static quint64 storedGeneration(TokenStore *store, const QString &profile)
    {
        quint64 generation = 0;
        bool done = false;
        QObject context;
        store->load(profile, &context, [&](const StoreResult &result) {
            if (result.ok() && result.tokens)
                generation = result.tokens->generation;
            done = true;
        });
        return QTest::qWaitFor([&done] { return done; }, 10000) ? generation : 0;
    }

    // A new tab whose request names `profile`, sent as Ctrl+Enter sends it.
    RequestTab *sendWith(const QString &profile, const Sandbox &sandbox)
    {
        RequestItem item;
        item.method = QStringLiteral("GET");
        item.url = sandbox.apiUrl(QStringLiteral("/api/items")).toString();
        item.auth.mode = RequestAuth::Mode::Profile;
        item.auth.profile = profile;
        RequestTab *tab = m_window->newTab(item);
        m_window->send();
        return tab;
    }

    static QString statusOf(RequestTab *tab)
    {
        return tab->response()->findChild<QLabel *>(QStringLiteral("responseStatus"))->text();
    }

    // Locks this session's login keyring as a screen lock does: gnome-keyring asks for nothing
    // to lock it (to unlock it, a prompt this bus cannot start; restartKeyring() unlocks it with
    // the password).
    static bool lockKeyring()
    {
        QDBusMessage lock = QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
            QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("Lock"));
        lock << QVariant::fromValue(QList<QDBusObjectPath> {
            QDBusObjectPath(QStringLiteral("/org/freedesktop/secrets/collection/login"))});
        const QDBusMessage reply = QDBusConnection::sessionBus().call(lock);
        if (reply.type() != QDBusMessage::ReplyMessage)
            qWarning("Lock: %s", qPrintable(reply.errorMessage()));
        return reply.type() == QDBusMessage::ReplyMessage;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        // Before anything touches D-Bus: the keychain store lives in this private keyring.
        QVERIFY2(m_keyring.start(&error), qPrintable(error));
        QVERIFY2(m_home.enter(&error), qPrintable(error));
    }

    void init()
    {
        QString error;
        m_a = std::make_unique<Sandbox>();
        QVERIFY2(m_a->start(&error), qPrintable(error));
        m_b = std::make_unique<Sandbox>();
        QVERIFY2(m_b->start(&error), qPrintable(error));
        qputenv(qPrintable(SecretVariable), m_a->config().clientSecret.toUtf8());
        qputenv(qPrintable(PasswordVariable), m_a->config().password.toUtf8());
        m_workspaces = std::make_unique<QTemporaryDir>();
        QVERIFY(m_workspaces->isValid());
        m_folder = m_workspaces->filePath(QStringLiteral("profiles-test"));
        WorkspaceData data;
        data.name = QStringLiteral("Profiles test");
        QVERIFY(WorkspaceStore(m_folder).save(data).ok());
    }

    void cleanup()
    {
        if (m_keyringLocked) {
            m_keyringLocked = false;
            QString error;
            QVERIFY2(m_keyring.restartKeyring(&error), qPrintable(error));
        }
        m_window.reset();
        m_core.reset();
        m_a.reset();
        m_b.reset();
        QSettings().clear();
    }

    void keychainProfile_signedIn_staysSignedInAfterARestart()
    {
        writeProfile(QStringLiteral("saved"), *m_a, QStringLiteral("keychain"));
        openWindow();
        waitOpen({QStringLiteral("saved")});
        TokenManager *tokens = m_core->profiles.tokens(QStringLiteral("saved"));
        QCOMPARE(tokens->store()->describe().contains(QLatin1String("keychain")), true);
        QCOMPARE(tokens->state(), TokenManager::State::NoToken);
        // Signed in from the token inspector, which shows the workspace's profile.
        TokenInspector *inspector = m_window->tokenInspector();
        QCOMPARE(inspector->selectedProfile(), QStringLiteral("saved"));
        inspector->refreshNow();
        QTRY_COMPARE(tokens->state(), TokenManager::State::Fresh);
        const quint64 generation = tokens->tokens().generation;
        QTRY_COMPARE(storedGeneration(tokens->store(), QStringLiteral("saved")), generation);
        const int tokenRequests = m_a->counters().tokenRequests;
        QCOMPARE(tokenRequests, 1);

        // The GUI quits and starts again over the same workspace and data folders.
        m_window.reset();
        m_core.reset();
        openWindow();
        waitOpen({QStringLiteral("saved")});
        tokens = m_core->profiles.tokens(QStringLiteral("saved"));
        QTRY_COMPARE(tokens->state(), TokenManager::State::Fresh);
        QCOMPARE(tokens->tokens().generation, generation);
        QVERIFY2(m_window->tokenInspector()->stateText().startsWith(QLatin1String("fresh")),
                 qPrintable(m_window->tokenInspector()->stateText()));
        // A request with it goes out with the stored token: no new sign-in.
        RequestTab *tab = sendWith(QStringLiteral("saved"), *m_a);
        QTRY_VERIFY_WITH_TIMEOUT(statusOf(tab).startsWith(QLatin1String("200")), 10000);
        QCOMPARE(m_a->counters().tokenRequests, tokenRequests);
        QCOMPARE(m_a->counters().apiSuccesses, 1);
        QVERIFY(m_window->workspaceBanner()->isHidden());
    }

    void twoProfiles_eachRequestGoesThroughItsOwn_anExpiryRefreshesThatProfileOnce()
    {
        writeProfile(QStringLiteral("alpha"), *m_a, QStringLiteral("memory"));
        writeProfile(QStringLiteral("beta"), *m_b, QStringLiteral("memory"));
        openWindow();
        waitOpen({QStringLiteral("alpha"), QStringLiteral("beta")});
        auto *choice =
            m_window->tokenInspector()->findChild<QComboBox *>(QStringLiteral("inspectorProfile"));
        QCOMPARE(choice->count(), 2);
        TokenManager *alpha = m_core->profiles.tokens(QStringLiteral("alpha"));
        TokenManager *beta = m_core->profiles.tokens(QStringLiteral("beta"));
        QVERIFY(alpha != beta);
        QVERIFY(signIn(alpha));
        QVERIFY(signIn(beta));
        const quint64 alphaGeneration = alpha->tokens().generation;
        const quint64 betaGeneration = beta->tokens().generation;

        m_a->expireAllTokens();
        const SandboxCounters a0 = m_a->counters();
        const SandboxCounters b0 = m_b->counters();
        constexpr int AlphaRequests = 5;
        QList<RequestTab *> alphaTabs;
        for (int i = 0; i < AlphaRequests; ++i)
            alphaTabs << sendWith(QStringLiteral("alpha"), *m_a);
        RequestTab *betaTab = sendWith(QStringLiteral("beta"), *m_b);
        for (RequestTab *tab : std::as_const(alphaTabs))
            QTRY_VERIFY_WITH_TIMEOUT(statusOf(tab).startsWith(QLatin1String("200")), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(statusOf(betaTab).startsWith(QLatin1String("200")), 15000);

        // One refresh of alpha for all of its waiting requests; beta's token endpoint untouched.
        QCOMPARE(m_a->counters().refreshes - a0.refreshes, 1);
        QCOMPARE(m_a->counters().tokenRequests - a0.tokenRequests, 1);
        QCOMPARE(m_a->counters().apiSuccesses - a0.apiSuccesses, AlphaRequests);
        QCOMPARE(m_b->counters().tokenRequests, b0.tokenRequests);
        QCOMPARE(m_b->counters().apiSuccesses - b0.apiSuccesses, 1);
        QCOMPARE(alpha->tokens().generation, alphaGeneration + 1);
        QCOMPARE(beta->tokens().generation, betaGeneration);

        // The inspector shows the profile chosen in it.
        m_window->tokenInspector()->selectProfile(QStringLiteral("beta"));
        QCOMPARE(m_window->tokenInspector()->tokenManager(), beta);
    }

    void missingProfile_bannerSaysWhatToDo_andNothingIsSent()
    {
        writeProfile(QStringLiteral("alpha"), *m_a, QStringLiteral("memory"));
        openWindow();
        waitOpen({QStringLiteral("alpha")});
        const SandboxCounters before = m_a->counters();
        RequestTab *tab = sendWith(QStringLiteral("ghost"), *m_a);
        const QString banner = tab->banner()->text();
        QVERIFY2(banner.contains(QLatin1String("no profile 'ghost'")), qPrintable(banner));
        QVERIFY2(banner.contains(QLatin1String("Profile > New profile")), qPrintable(banner));
        QVERIFY(!tab->call());
        QTest::qWait(200); // anything sent would have reached the sandbox by now
        QCOMPARE(m_a->counters().apiHits, before.apiHits);
        QCOMPARE(m_a->counters().tokenRequests, before.tokenRequests);

        // Profile > New Profile… opens an empty dialog that is no existing profile.
        m_window->findChild<QAction *>(QStringLiteral("newProfileAction"))->trigger();
        ProfileDialog *dialog = m_window->findChild<ProfileDialog *>();
        QVERIFY(dialog);
        QVERIFY(!dialog->tokenManager());
        QVERIFY(dialog->findChild<QLineEdit *>(QStringLiteral("profileName"))->text().isEmpty());
    }

    void newProfile_saved_isTheWindowsWithoutASignIn_andSendsWithItsOwnTokens()
    {
        writeProfile(QStringLiteral("alpha"), *m_a, QStringLiteral("memory"));
        openWindow();
        waitOpen({QStringLiteral("alpha")});
        m_window->findChild<QAction *>(QStringLiteral("newProfileAction"))->trigger();
        ProfileDialog *dialog = m_window->findChild<ProfileDialog *>();
        QVERIFY(dialog);
        const auto type = [dialog](const char *field, const QString &text) {
            dialog->findChild<QLineEdit *>(QLatin1String(field))->setText(text);
        };
        type("profileName", QStringLiteral("fresh"));
        type("profileTokenUrl", m_b->tokenUrl().toString());
        type("profileClientId", m_b->config().clientId);
        type("profileClientSecret", m_b->config().clientSecret);
        type("profileUsername", m_b->config().username);
        type("profilePassword", m_b->config().password);
        auto *store = dialog->findChild<QComboBox *>(QStringLiteral("profileStore"));
        store->setCurrentIndex(store->findData(QStringLiteral("memory")));
        QVERIFY(dialog->save());
        // Its secrets went to the keychain; the window reads them back and holds the profile.
        waitOpen({QStringLiteral("fresh")});
        QVERIFY2(m_core->profiles.problem(QStringLiteral("fresh")).isEmpty(),
                 qPrintable(m_core->profiles.problem(QStringLiteral("fresh"))));
        RequestTab *tab = sendWith(QStringLiteral("fresh"), *m_b);
        QTRY_VERIFY_WITH_TIMEOUT(statusOf(tab).startsWith(QLatin1String("200")), 10000);
        QCOMPARE(m_b->counters().passwordGrants, 1); // signed in by itself for the request
        QCOMPARE(m_a->counters().tokenRequests, 0);
    }

    void unreachableStore_bannerSaysWhatToDo_theWindowKeepsWorking()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        writeProfile(QStringLiteral("shared"), *m_a,
                     QStringLiteral("redis://127.0.0.1:%1/0").arg(port));
        writeProfile(QStringLiteral("alpha"), *m_a, QStringLiteral("memory"));
        openWindow();
        waitOpen({QStringLiteral("shared"), QStringLiteral("alpha")});
        const QString problem = m_core->profiles.problem(QStringLiteral("shared"));
        QVERIFY2(problem.contains(QLatin1String("could not be read")), qPrintable(problem));
        QTRY_VERIFY(m_window->workspaceBanner()->text().contains(problem));
        // The other profile is not held up by it.
        QVERIFY(signIn(m_core->profiles.tokens(QStringLiteral("alpha"))));
        RequestTab *tab = sendWith(QStringLiteral("alpha"), *m_a);
        QTRY_VERIFY_WITH_TIMEOUT(statusOf(tab).startsWith(QLatin1String("200")), 10000);
    }

    // The keychain profile's tokens cannot be read while the keyring is locked: the banner says
    // so and what to do, and the workspace's other profiles work meanwhile.
    void lockedKeyring_bannerSaysWhatToDo_theWindowKeepsWorking()
    {
        writeProfile(QStringLiteral("vault"), *m_a, QStringLiteral("keychain"));
        writeProfile(QStringLiteral("alpha"), *m_a, QStringLiteral("memory"));
        m_keyringLocked = true;
        QVERIFY(lockKeyring());
        openWindow();
        waitOpen({QStringLiteral("vault"), QStringLiteral("alpha")});
        const QString problem = m_core->profiles.problem(QStringLiteral("vault"));
        QVERIFY2(problem.contains(QLatin1String("the keyring is locked")), qPrintable(problem));
        QVERIFY2(problem.contains(QLatin1String("unlock it")), qPrintable(problem));
        QTRY_VERIFY(m_window->workspaceBanner()->text().contains(problem));
        QVERIFY(signIn(m_core->profiles.tokens(QStringLiteral("alpha"))));
        RequestTab *tab = sendWith(QStringLiteral("alpha"), *m_a);
        QTRY_VERIFY_WITH_TIMEOUT(statusOf(tab).startsWith(QLatin1String("200")), 10000);
    }
};

QTEST_MAIN(tst_WindowProfiles)
#include "tst_windowprofiles.moc"
