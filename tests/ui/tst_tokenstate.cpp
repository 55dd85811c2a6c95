// How the window shows a profile whose token endpoint's TLS certificate was refused: real widgets
// offscreen, an in-process HTTPS sandbox whose certificate a CA made at test time issued, and a
// profile that does not trust that CA at first. The token inspector and the status bar say "TLS
// refused", name the endpoint and what to do, never "sign-in required"; TLS settings… opens the
// profile's TLS page; once the CA is added there and the profile signs in and refreshes, the TLS
// text is gone. A grant the server refuses still reads "sign-in required".
#include "auth/tokenmanager.h"
#include "banner.h"
#include "collection/workspacelocation.h"
#include "http/endpoint.h"
#include "mainwindow.h"
#include "modalanswer.h"
#include "namedchild.h"
#include "profiledialog.h"
#include "sandbox/sandbox.h"
#include "screenshots.h"
#include "testcertificates.h"
#include "testhome.h"
#include "tlseditor.h"
#include "tokeninspector.h"
#include "tokenstatuswidget.h"
#include "windowcore.h"

#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

class tst_TokenState : public QObject
{
    Q_OBJECT

    TestHome m_home;
    TestCertificates m_certificates;
    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<WindowCore> m_core;
    std::unique_ptr<MainWindow> m_window;

    TokenInspector *inspector() const { return m_window->tokenInspector(); }
    TokenManager &tokens() const { return m_core->tokens(); }
    QString statusBarText() const { return m_window->findChild<TokenStatusWidget *>()->text(); }
    template<typename T> static T *child(QObject *in, const char *name)
    {
        return namedChild<T>(in, name);
    }
    QPushButton *actionButton() const
    {
        return child<QPushButton>(inspector(), "inspectorRefreshNow");
    }
    QString stateShown() const { return child<QLabel>(inspector(), "inspectorState")->text(); }

    // The inspector's button (Sign in, Try again or Refresh now), then the outcome it reports.
    QString act()
    {
        QSignalSpy said(inspector(), &TokenInspector::message);
        actionButton()->click();
        if (said.isEmpty() && !said.wait(20000))
            return QStringLiteral("no answer");
        return said.first().first().toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_home.enter(&error), qPrintable(error));
        QVERIFY2(m_certificates.generate(&error), qPrintable(error));
    }

    void init()
    {
        SandboxConfig config;
        config.tlsCertificateFile = m_certificates.serverCertificate();
        config.tlsKeyFile = m_certificates.serverKey();
        m_sandbox = std::make_unique<Sandbox>(config);
        QString error;
        QVERIFY2(m_sandbox->start(&error), qPrintable(error));
        // The sandbox's password-grant profile, trusting only the system's CAs.
        m_core = std::make_unique<WindowCore>(m_sandbox.get());
        QVERIFY(tokens().profile().tls.caCertificateFiles.isEmpty());
        m_window = std::make_unique<MainWindow>(&m_core->profiles);
        m_window->show();
        QCOMPARE(inspector()->selectedProfile(), QStringLiteral("sandbox"));
        // The window signs its profile in by itself, and meets the certificate.
        QTRY_COMPARE_WITH_TIMEOUT(tokens().state(), TokenManager::State::ReauthRequired, 20000);
        QCOMPARE(m_sandbox->counters().tlsHandshakes, 1);
        QCOMPARE(m_sandbox->counters().tokenRequests, 0);
    }

    void cleanup()
    {
        QSettings().clear();
        QDir(WorkspaceLocation::workspacesRoot()).removeRecursively();
        QDir(WorkspaceLocation::localRoot()).removeRecursively();
        m_window.reset();
        m_core.reset();
        m_sandbox.reset();
    }

    void refusedCertificate_saysTlsRefusedAndWhatToDo_untilTheCaIsTrusted()
    {
        // What was refused and what to do, in the inspector and the status bar alike.
        const QString endpoint = endpointOf(m_sandbox->tokenUrl());
        QVERIFY(endpoint.startsWith(QLatin1String("127.0.0.1:")));
        QTRY_COMPARE(stateShown(), QStringLiteral("TLS refused"));
        QVERIFY(!inspector()->stateText().contains(QLatin1String("sign-in required")));
        const QString advice = inspector()->adviceText();
        QVERIFY2(advice.contains(endpoint), qPrintable(advice));
        QVERIFY2(advice.contains(QLatin1String("Trust the server's CA on the profile's TLS page, "
                                               "or allow insecure TLS for this profile")),
                 qPrintable(advice));
        QVERIFY(child<QWidget>(inspector(), "inspectorTlsRefusal")->isVisible());
        QVERIFY2(statusBarText().contains(QLatin1String("TLS refused")),
                 qPrintable(statusBarText()));
        QVERIFY(!statusBarText().contains(QLatin1String("sign-in required")));
        // The window's own sign-in failed on it: its status message gives the same advice, not
        // keyway-cli's options.
        const QString failedSignIn = m_window->statusBar()->currentMessage();
        QVERIFY2(failedSignIn.contains(endpoint)
                     && failedSignIn.contains(QLatin1String("profile's TLS page"))
                     && !failedSignIn.contains(QLatin1String("--ca-cert")),
                 qPrintable(failedSignIn));
        saveScreenshot(m_window.get(), "tokenstate-tls-refused");
        // Why exactly, in the core's words, for whoever hovers over the advice.
        QVERIFY(child<QLabel>(inspector(), "inspectorTlsAdvice")
                    ->toolTip()
                    .contains(QLatin1String("not trusted")));

        // Try again meets the same certificate: one more handshake, the same text.
        QCOMPARE(actionButton()->text(), QStringLiteral("Try again"));
        QVERIFY(actionButton()->isEnabled());
        const QString again = act();
        QVERIFY2(again.startsWith(QLatin1String("Refresh failed")), qPrintable(again));
        QVERIFY2(again.contains(endpoint) && again.contains(QLatin1String("profile's TLS page"))
                     && !again.contains(QLatin1String("--ca-cert")),
                 qPrintable(again));
        QCOMPARE(m_sandbox->counters().tlsHandshakes, 2);
        QTRY_COMPARE(stateShown(), QStringLiteral("TLS refused"));
        QVERIFY(inspector()->adviceText().contains(endpoint));

        // TLS settings… opens the profile's TLS page; the CA is added there and the profile
        // signs in with it.
        child<QPushButton>(inspector(), "inspectorTlsSettings")->click();
        auto *dialog = m_window->findChild<ProfileDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QCOMPARE(child<QTabWidget>(dialog, "profilePages")->currentWidget(),
                 static_cast<QWidget *>(dialog->tlsEditor()));
        QVERIFY2(dialog->banner()->text().contains(QLatin1String("certificate was refused")),
                 qPrintable(dialog->banner()->text()));
        saveScreenshot(dialog, "tokenstate-tls-page");
        // Signing in from the dialog before the CA is there meets the same refusal: the banner
        // says what to do, and the dialog turns to the TLS page, where it is done.
        auto *pages = child<QTabWidget>(dialog, "profilePages");
        pages->setCurrentIndex(0);
        QSignalSpy refused(dialog, &ProfileDialog::signInFinished);
        child<QPushButton>(dialog, "profileSignIn")->click();
        QVERIFY(refused.wait(20000));
        const auto failed = refused.first().first().value<SignInResult>();
        QVERIFY(!failed.ok());
        QVERIFY(failed.tlsRefused);
        QCOMPARE(pages->currentWidget(), static_cast<QWidget *>(dialog->tlsEditor()));
        QVERIFY2(dialog->banner()->text().contains(
                     QLatin1String("TLS certificate was refused. Add the CA that issued it "
                                   "below")),
                 qPrintable(dialog->banner()->text()));
        QVERIFY(!dialog->banner()->text().contains(QLatin1String("--ca-cert")));
        QVERIFY2(dialog->banner()->details().contains(endpoint), // the core's whole account
                 qPrintable(dialog->banner()->details()));
        saveScreenshot(dialog, "tokenstate-dialog-sign-in-refused");
        chooseInNextFileDialog(this, m_certificates.caCertificate());
        child<QPushButton>(dialog, "tlsAddCa")->click();
        QTRY_COMPARE(dialog->tlsEditor()->settings().caCertificateFiles,
                     QStringList {m_certificates.caCertificate()});
        QSignalSpy signedIn(dialog, &ProfileDialog::signInFinished);
        child<QPushButton>(dialog, "profileSignIn")->click();
        QVERIFY(signedIn.wait(20000));
        QVERIFY2(signedIn.first().first().value<SignInResult>().ok(),
                 qPrintable(dialog->banner()->text()));
        QTRY_COMPARE(stateShown(), QStringLiteral("fresh"));
        QVERIFY(inspector()->adviceText().isEmpty());
        QVERIFY(child<QWidget>(inspector(), "inspectorTlsRefusal")->isHidden());
        QVERIFY(!statusBarText().contains(QLatin1String("TLS refused")));

        // A refresh over the trusted connection keeps it so.
        QCOMPARE(actionButton()->text(), QStringLiteral("Refresh now"));
        const QString refreshed = act();
        QVERIFY2(refreshed.startsWith(QLatin1String("Token refreshed")), qPrintable(refreshed));
        QCOMPARE(m_sandbox->counters().refreshes, 1);
        QVERIFY(tokens().lastError().message.isEmpty());
        QCOMPARE(stateShown(), QStringLiteral("fresh"));
        QVERIFY(inspector()->adviceText().isEmpty());
        QVERIFY(!statusBarText().contains(QLatin1String("TLS refused")));
    }

    // Another terminal error keeps its own name: a client the server refuses must sign in again.
    void refusedGrant_stillSaysSignInRequired()
    {
        Profile trusting = tokens().profile();
        trusting.tls.caCertificateFiles = {m_certificates.caCertificate()};
        tokens().reconfigure(trusting, tokens().store());
        m_sandbox->setTokenFault(TokenFault::InvalidClient);
        QTRY_COMPARE(actionButton()->text(), QStringLiteral("Sign in"));
        const QString said = act();
        QVERIFY2(said.contains(QLatin1String("invalid_client")), qPrintable(said));
        QCOMPARE(m_sandbox->counters().tokenRequests, 1);
        QCOMPARE(tokens().state(), TokenManager::State::ReauthRequired);
        QVERIFY(!tokens().lastError().tlsRefused);
        QTRY_COMPARE(stateShown(), QStringLiteral("sign-in required"));
        QVERIFY(inspector()->adviceText().isEmpty());
        QVERIFY(child<QWidget>(inspector(), "inspectorTlsRefusal")->isHidden());
        QVERIFY(statusBarText().contains(QLatin1String("sign-in required")));
        QCOMPARE(actionButton()->text(), QStringLiteral("Sign in"));
    }
};

QTEST_MAIN(tst_TokenState)
#include "tst_tokenstate.moc"
