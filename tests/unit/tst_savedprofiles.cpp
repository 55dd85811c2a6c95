// A workspace's saved profiles opened for a front end (SavedProfiles::open into ProfileSessions):
// each over the store its file names with its secrets resolved, what cannot be opened named with
// what to do, and the window's own profiles kept.
#include "auth/clock.h"
#include "auth/profilesessions.h"
#include "auth/tokenmanager.h"
#include "collection/profilefile.h"
#include "collection/savedprofiles.h"
#include "collection/workspacestore.h"
#include "http/authorizedclient.h"
#include "log/eventlog.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;

class tst_SavedProfiles : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_folder;
    QProcessEnvironment m_environment;

    void writeProfile(const QString &name, const QString &secretVariable)
    {
        StoredProfile stored;
        stored.profile.name = name;
        stored.profile.tokenUrl = QUrl(QStringLiteral("http://127.0.0.1:9/oauth/token"));
        stored.profile.clientId = QStringLiteral("client-") + name;
        stored.profile.grant = GrantType::ClientCredentials;
        stored.loginGrant = QStringLiteral("client_credentials");
        stored.clientSecret = SecretRef::environment(secretVariable);
        stored.store.spec = QStringLiteral("memory");
        QString error;
        const auto path = ProfileFile::path(m_folder, name, &error);
        QVERIFY2(path, qPrintable(error));
        error = ProfileFile::save(*path, stored);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    QStringList open(ProfileSessions &sessions)
    {
        QStringList problems;
        bool done = false;
        QObject context;
        SavedProfiles::open(&sessions, m_folder, m_environment, &context,
                            [&](const QStringList &found) {
                                problems = found;
                                done = true;
                            });
        if (!QTest::qWaitFor([&done] { return done; }, 5000))
            problems << QStringLiteral("no answer");
        return problems;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_folder = m_dir.filePath(QStringLiteral("ws"));
        QDir(m_folder).removeRecursively();
        WorkspaceData data;
        data.name = QStringLiteral("Saved profiles");
        QVERIFY(WorkspaceStore(m_folder).save(data).ok());
        m_environment = QProcessEnvironment();
        m_environment.insert(QStringLiteral("ONE_SECRET"), QStringLiteral("s1"));
        m_environment.insert(QStringLiteral("TWO_SECRET"), QStringLiteral("s2"));
    }

    void everySavedProfile_opensOverItsStore_withItsSecrets_oneClientEach()
    {
        writeProfile(QStringLiteral("two"), QStringLiteral("TWO_SECRET"));
        writeProfile(QStringLiteral("one"), QStringLiteral("ONE_SECRET"));
        QCOMPARE(SavedProfiles::names(m_folder),
                 QStringList({QStringLiteral("one"), QStringLiteral("two")}));
        QNetworkAccessManager network;
        EventLog events(SystemClock::instance());
        ProfileSessions sessions(&network, &events, SystemClock::instance());
        QCOMPARE(open(sessions), QStringList());
        QCOMPARE(sessions.names(), QStringList({QStringLiteral("one"), QStringLiteral("two")}));
        TokenManager *one = sessions.tokens(QStringLiteral("one"));
        TokenManager *two = sessions.tokens(QStringLiteral("two"));
        QVERIFY(one && two && one != two);
        QCOMPARE(one->profile().clientSecret, QStringLiteral("s1"));
        QCOMPARE(two->profile().clientSecret, QStringLiteral("s2"));
        QCOMPARE(one->profile().clientId, QStringLiteral("client-one"));
        QVERIFY(!one->profile().publicClient);
        QCOMPARE(one->store()->describe(), QStringLiteral("memory"));
        QVERIFY(one->store() != two->store());
        QCOMPARE(sessions.client(QStringLiteral("one"))->tokenManager(), one);
        QVERIFY(!sessions.plainClient()->tokenManager());
        QVERIFY(!sessions.isOpening(QStringLiteral("one")));
    }

    void unreadableFile_orMissingSecret_isAProblem_andTheOthersOpen()
    {
        writeProfile(QStringLiteral("good"), QStringLiteral("ONE_SECRET"));
        writeProfile(QStringLiteral("nosecret"), QStringLiteral("UNSET_SECRET"));
        QFile broken(m_folder + QStringLiteral("/profiles/broken.json"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("{ not json");
        broken.close();
        QNetworkAccessManager network;
        EventLog events(SystemClock::instance());
        ProfileSessions sessions(&network, &events, SystemClock::instance());
        const QStringList problems = open(sessions);
        QCOMPARE(problems.size(), 2);
        QCOMPARE(sessions.names(), QStringList {QStringLiteral("good")});
        const QString brokenProblem = sessions.problem(QStringLiteral("broken"));
        QVERIFY2(brokenProblem.contains(QLatin1String("broken.json"))
                     && brokenProblem.contains(QLatin1String("Fix or remove the file")),
                 qPrintable(brokenProblem));
        const QString secretProblem = sessions.problem(QStringLiteral("nosecret"));
        QVERIFY2(secretProblem.contains(QLatin1String("client secret"))
                     && secretProblem.contains(QLatin1String("UNSET_SECRET")),
                 qPrintable(secretProblem));
        QVERIFY(!sessions.isOpening(QStringLiteral("nosecret")));
        QVERIFY(problems.contains(brokenProblem) && problems.contains(secretProblem));
    }

    void windowProfiles_areKept_workspaceProfiles_goWithTheWorkspace()
    {
        writeProfile(QStringLiteral("demo"), QStringLiteral("ONE_SECRET"));
        writeProfile(QStringLiteral("saved"), QStringLiteral("TWO_SECRET"));
        QNetworkAccessManager network;
        EventLog events(SystemClock::instance());
        ProfileSessions sessions(&network, &events, SystemClock::instance());
        Profile demo;
        demo.name = QStringLiteral("demo");
        demo.clientId = QStringLiteral("the-window's");
        TokenManager *window = sessions.add(demo, nullptr, ProfileSessions::Scope::Window);
        QCOMPARE(open(sessions), QStringList());
        // A file of the same name does not replace the window's own profile.
        QCOMPARE(sessions.tokens(QStringLiteral("demo")), window);
        QCOMPARE(window->profile().clientId, QStringLiteral("the-window's"));
        QVERIFY(sessions.contains(QStringLiteral("saved")));
        sessions.clearWorkspace();
        QCOMPARE(sessions.names(), QStringList {QStringLiteral("demo")});
        QCOMPARE(sessions.tokens(QStringLiteral("demo")), window);
    }

    void noProfilesFolder_opensNothing_andSaysNothing()
    {
        QNetworkAccessManager network;
        EventLog events(SystemClock::instance());
        ProfileSessions sessions(&network, &events, SystemClock::instance());
        QCOMPARE(open(sessions), QStringList());
        QVERIFY(sessions.names().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_SavedProfiles)
#include "tst_savedprofiles.moc"
