// The window's secret variables through a real gnome-keyring on a private D-Bus session: their
// values are filled from the keychain when a workspace opens and stored there when it is saved,
// never written to its files. A keyring that cannot be reached, or is locked, gives a banner and
// the edits stay in the window: those cases run in a child process of this test with a bus of
// their own (a process keeps the session bus it first used).
#include "auth/clock.h"
#include "banner.h"
#include "collection/historyentry.h"
#include "collection/secretvault.h"
#include "collection/workspace.h"
#include "collection/workspacestore.h"
#include "keyringsession.h"
#include "mainwindow.h"
#include "modalanswer.h"
#include "requestcomposer.h"
#include "requesttab.h"
#include "responseview.h"
#include "sandbox/sandbox.h"
#include "testhome.h"
#include "windowcore.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

// Set in the child's environment: the test class to run there, on the bus it names.
constexpr const char *ChildCase = "KEYWAY_TEST_WINDOW_SECRETS_CASE";

// A workspace with one secret variable (its value not on disk) and a request that sends it.
WorkspaceData secretWorkspace(const Sandbox &sandbox)
{
    WorkspaceData data;
    data.name = QStringLiteral("Vaulted");
    data.auth.mode = RequestAuth::Mode::Profile;
    data.auth.profile = QStringLiteral("sandbox");
    data.variables << Variable {QStringLiteral("apiKey"), QString(), true, true};
    FolderItem api;
    api.name = QStringLiteral("API");
    RequestItem echo;
    echo.name = QStringLiteral("Echo");
    echo.method = QStringLiteral("POST");
    echo.url = sandbox.apiUrl(QStringLiteral("/api/echo")).toString();
    echo.headers << KeyValue {QStringLiteral("X-Api-Key"), QStringLiteral("{{apiKey}}"), true, {}};
    api.requests << echo;
    data.collections << api;
    return data;
}

// Every file under `folder` whose text contains `needle`.
QStringList filesContaining(const QString &folder, const QByteArray &needle)
{
    QStringList found;
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            found << file.fileName();
    }
    return found;
}

// What the window tests share: a throwaway home and QSettings, a sandbox and the core wired as
// app/gui/main.cpp wires it.
class WindowFixture : public QObject
{
protected:
    TestHome m_home;
    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<WindowCore> m_core;
    std::unique_ptr<MainWindow> m_window;

    bool setUp()
    {
        QString error;
        if (!m_home.enter(&error)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        m_sandbox = std::make_unique<Sandbox>();
        if (!m_sandbox->start(&error))
            qFatal("sandbox: %s", qPrintable(error));
        m_core = std::make_unique<WindowCore>(m_sandbox.get());
        return true;
    }

    QString writeWorkspace(const QString &name)
    {
        const QString folder = m_home.filePath(name);
        WorkspaceData data = secretWorkspace(*m_sandbox);
        WorkspaceStore store(folder);
        if (!store.save(data).ok())
            qFatal("could not write %s", qPrintable(folder));
        return folder;
    }

    void openWindow(const QString &workspace)
    {
        m_window = std::make_unique<MainWindow>(&m_core->profiles, nullptr, workspace);
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    QString &apiKey() { return m_window->openWorkspace()->editData().variables.first().value; }
};

} // namespace

// Runs in the child: the session bus has no Secret Service, or a locked keyring.
class tst_WindowSecretsUnreachable : public WindowFixture
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(setUp()); }

    void unreachableKeyring_saysSoInABanner_andKeepsTheEdits()
    {
        const QString folder = writeWorkspace(QStringLiteral("vaulted"));
        openWindow(folder);
        Banner *banner = m_window->workspaceBanner();
        // Opening: nothing could be read, and the banner says why and what to do.
        QTRY_VERIFY_WITH_TIMEOUT(banner->text().contains(QLatin1String("could not be read from "
                                                                       "the keychain")),
                                 30000);
        const QString expected = qEnvironmentVariable(ChildCase) == QLatin1String("locked")
            ? QStringLiteral("the keyring is locked")
            : QStringLiteral("no Secret Service");
        QVERIFY2(banner->text().contains(expected), qPrintable(banner->text()));
        QVERIFY(apiKey().isEmpty());

        // Saving: the files are written, the value is not in them, and it stays in the window.
        apiKey() = QStringLiteral("typed-while-locked-7");
        m_window->openWorkspace()->markModified();
        m_window->currentTab()->composer()->urlEdit()->setText(
            m_sandbox->apiUrl(QStringLiteral("/api/items")).toString());
        QTest::keySequence(m_window.get(), QKeySequence::Save);
        QTRY_VERIFY_WITH_TIMEOUT(banner->text().contains(QLatin1String("not in the keychain")),
                                 30000);
        QVERIFY2(banner->text().contains(QLatin1String("save (Ctrl+S) again")),
                 qPrintable(banner->text()));
        QVERIFY(m_window->openWorkspace()->isModified());
        QCOMPARE(apiKey(), QStringLiteral("typed-while-locked-7"));
        QCOMPARE(filesContaining(m_home.path(), "typed-while-locked-7"), QStringList());
        WorkspaceStore reread(folder);
        QCOMPARE(reread.load().data.requests.size(), 1);

        // Closing asks (the value is still unsaved); its Save cannot reach the keychain either,
        // so the window stays open with the value instead of taking it away with the process.
        QSignalSpy modified(m_window->openWorkspace(), &Workspace::modifiedChanged);
        QString asked;
        answerNextMessageBox(this, QMessageBox::Save, &asked);
        QVERIFY(!m_window->close());
        QVERIFY2(asked.contains(QLatin1String("before the window closes")), qPrintable(asked));
        QTRY_VERIFY_WITH_TIMEOUT(!modified.isEmpty() && modified.last().first().toBool(), 30000);
        QVERIFY(m_window->isVisible());
        QVERIFY(m_window->openWorkspace()->isModified());
        QCOMPARE(apiKey(), QStringLiteral("typed-while-locked-7"));
        QVERIFY2(banner->text().contains(QLatin1String("not in the keychain")),
                 qPrintable(banner->text()));
    }
};

class tst_WindowSecrets : public WindowFixture
{
    Q_OBJECT

    KeyringSession m_keyring;

    // This test run as a child on the bus `address`, the case named in its environment.
    void runChild(const QString &childCase, const QString &address)
    {
        if (childCase == QLatin1String("locked")) {
            // A new keyring daemon owns its bus name a moment after it starts.
            QDBusConnection bus = QDBusConnection::connectToBus(address, childCase);
            const bool up = QTest::qWaitFor(
                [&] {
                    return bus.interface()->isServiceRegistered(
                        QStringLiteral("org.freedesktop.secrets"));
                },
                20000);
            QDBusConnection::disconnectFromBus(childCase);
            QVERIFY2(up, "the locked keyring never appeared on its bus");
        }
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), address);
        env.insert(QString::fromLatin1(ChildCase), childCase);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        QByteArray out;
        bool passed = false;
        QElapsedTimer timer;
        timer.start();
        // Until a new keyring daemon owns its bus name, the bus has no Secret Service yet.
        do {
            QProcess child;
            child.setProcessEnvironment(env);
            child.setProcessChannelMode(QProcess::MergedChannels);
            child.start(QCoreApplication::applicationFilePath(), {});
            QVERIFY(child.waitForFinished(120000));
            out = child.readAll();
            passed = child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0
                && out.contains("PASS   : tst_WindowSecretsUnreachable::unreachableKeyring_");
        } while (!passed && childCase == QLatin1String("locked")
                 && out.contains("no Secret Service") && timer.elapsed() < 20000);
        QVERIFY2(passed, out.constData());
    }

    // The values of the secret variables of the workspace in `folder`, as the keychain has them
    // (sorted).
    static QStringList inKeychain(const QString &folder)
    {
        return inKeychain(WorkspaceStore(folder).load().data);
    }

    // The values the keychain has for the secret variables of `data`, read by a vault of its own.
    static QStringList inKeychain(const WorkspaceData &data)
    {
        SecretVault vault;
        QStringList values;
        bool finished = false;
        QObject context;
        vault.fill(data, &context, [&](const WorkspaceData &filled, QStringList) {
            values = secretValues(filled);
            values.sort();
            finished = true;
        });
        return QTest::qWaitFor([&] { return finished; }, 30000) ? values : QStringList();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_keyring.start(&error), qPrintable(error));
        QVERIFY(setUp());
    }

    void cleanup() { m_window.reset(); }

    void secretVariables_storedOnSave_filledOnOpen_neverInTheFiles()
    {
        const QString folder = writeWorkspace(QStringLiteral("vaulted"));
        openWindow(folder);
        QVERIFY(apiKey().isEmpty()); // nothing in the keychain yet, and that is no error
        QVERIFY(!m_window->workspaceBanner()->isVisibleTo(m_window.get()));

        // A value typed for the secret variable, and a literal Bearer token on a request's Auth
        // tab: saving moves the token into a secret variable, both values go to the keychain,
        // and the files keep only their names.
        apiKey() = QStringLiteral("typed-secret-1");
        m_window->openWorkspace()->markModified();
        RequestItem item;
        item.url = m_sandbox->apiUrl(QStringLiteral("/api/items")).toString();
        item.auth.mode = RequestAuth::Mode::Bearer;
        item.auth.token = QStringLiteral("literal-typed-token-2");
        RequestTab *tab = m_window->newTab(item);
        QTest::keySequence(m_window.get(), QKeySequence::Save);
        QVERIFY(!m_window->openWorkspace()->isModified());
        const QString tokenVariable = tab->composer()->item().auth.token;
        QVERIFY2(tokenVariable.startsWith(QLatin1String("{{")), qPrintable(tokenVariable));
        QVERIFY(!tab->isModified());
        for (const char *value : {"typed-secret-1", "literal-typed-token-2"})
            QCOMPARE(filesContaining(m_home.path(), value), QStringList());
        QTRY_COMPARE_WITH_TIMEOUT(inKeychain(folder),
                                  QStringList({QStringLiteral("literal-typed-token-2"),
                                               QStringLiteral("typed-secret-1")}),
                                  30000);
        QVERIFY(!m_window->workspaceBanner()->isVisibleTo(m_window.get()));

        // Another window opening the folder gets both from the keychain, and sends them.
        m_window.reset();
        openWindow(folder);
        QTRY_COMPARE_WITH_TIMEOUT(apiKey(), QStringLiteral("typed-secret-1"), 30000);
        QVERIFY(!m_window->openWorkspace()->isModified());
        const RequestItem saved = m_window->workspace().requests.first();
        QCOMPARE(saved.auth.token, tokenVariable);
        QVERIFY(
            std::any_of(saved.variables.cbegin(), saved.variables.cend(), [](const Variable &v) {
                return v.secret && v.value == QLatin1String("literal-typed-token-2");
            }));
        m_window->openItem({0, 0});
        m_window->send();
        auto *body = m_window->currentTab()->response()->findChild<QPlainTextEdit *>(
            QStringLiteral("responseBody"));
        QTRY_VERIFY_WITH_TIMEOUT(body->toPlainText().contains(QLatin1String("typed-secret-1")),
                                 20000);
    }

    void closingWithSave_closesOnceTheSecretIsInTheKeychain()
    {
        const QString folder = writeWorkspace(QStringLiteral("closing"));
        openWindow(folder);
        apiKey() = QStringLiteral("typed-before-closing-3");
        m_window->openWorkspace()->markModified();
        QString asked;
        answerNextMessageBox(this, QMessageBox::Save, &asked);
        // The files are saved at once; the keychain answers later, and until then the window
        // stays open (a quitting process would take the value with it).
        QVERIFY(!m_window->close());
        QVERIFY2(asked.contains(QLatin1String("before the window closes")), qPrintable(asked));
        QVERIFY(!m_window->openWorkspace()->isModified());
        QVERIFY(m_window->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->isVisible(), 30000);
        QCOMPARE(inKeychain(folder), QStringList {QStringLiteral("typed-before-closing-3")});
        QCOMPARE(filesContaining(m_home.path(), "typed-before-closing-3"), QStringList());
    }

    void deletedOrRenamedSecret_leavesTheKeychainOnSave()
    {
        const QString folder = writeWorkspace(QStringLiteral("forgetting"));
        openWindow(folder);
        apiKey() = QStringLiteral("kept-under-new-name-4");
        Environment dev;
        dev.name = QStringLiteral("dev");
        dev.variables << Variable {QStringLiteral("clientSecret"),
                                   QStringLiteral("deleted-with-its-row-5"), true, true};
        m_window->openWorkspace()->editData().environments << dev;
        m_window->openWorkspace()->markModified();
        QTest::keySequence(m_window.get(), QKeySequence::Save);
        QTRY_COMPARE_WITH_TIMEOUT(inKeychain(folder),
                                  QStringList({QStringLiteral("deleted-with-its-row-5"),
                                               QStringLiteral("kept-under-new-name-4")}),
                                  30000);
        // The names as saved, their values only in the keychain.
        const WorkspaceData before = WorkspaceStore(folder).load().data;
        QCOMPARE(inKeychain(before).size(), 2);

        // The workspace variable renamed, the environment's deleted (the environment editor's
        // result goes into the same data), then saved.
        m_window->openWorkspace()->editData().variables.first().name = QStringLiteral("apiToken");
        m_window->openWorkspace()->editData().environments.first().variables.clear();
        m_window->openWorkspace()->markModified();
        QTest::keySequence(m_window.get(), QKeySequence::Save);
        QVERIFY(!m_window->openWorkspace()->isModified());
        // A close waits for the save's keychain jobs: once closed, they are done.
        m_window->close();
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->isVisible(), 30000);
        QVERIFY(!m_window->workspaceBanner()->isVisibleTo(m_window.get()));
        QCOMPARE(inKeychain(before), QStringList());
        QCOMPARE(inKeychain(folder), QStringList {QStringLiteral("kept-under-new-name-4")});
    }

    void noSecretService_bannerAndEditsKept()
    {
        QString error;
        const QString address = m_keyring.startBareBus(&error);
        QVERIFY2(!address.isEmpty(), qPrintable(error));
        runChild(QStringLiteral("no-service"), address);
    }

    void lockedKeyring_bannerAndEditsKept()
    {
        QString error;
        const QString address = m_keyring.startLockedKeyring(&error);
        QVERIFY2(!address.isEmpty(), qPrintable(error));
        runChild(QStringLiteral("locked"), address);
    }
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QTEST_SET_MAIN_SOURCE_PATH
    if (qEnvironmentVariableIsSet(ChildCase)) {
        tst_WindowSecretsUnreachable child;
        return QTest::qExec(&child, argc, argv);
    }
    tst_WindowSecrets test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_windowsecrets.moc"
