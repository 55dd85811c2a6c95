// profiles/<name>.json: every setting survives a round trip, no secret is ever written, and a
// broken file is an error naming the file and what is wrong, and is left as it was.
#include "collection/profilefile.h"
#include "collection/profilesecrets.h"
#include "store/tokenstorefactory.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

StoredProfile everySetting()
{
    StoredProfile stored;
    Profile &p = stored.profile;
    p.name = QStringLiteral("github");
    p.issuer = QStringLiteral("https://auth.example.com");
    p.tokenUrl = QUrl(QStringLiteral("https://auth.example.com/oauth/token"));
    p.authorizationUrl = QUrl(QStringLiteral("https://auth.example.com/authorize"));
    p.deviceAuthorizationUrl = QUrl(QStringLiteral("https://auth.example.com/device"));
    p.revocationUrl = QUrl(QStringLiteral("https://auth.example.com/revoke"));
    p.clientId = QStringLiteral("my-cli");
    p.clientSecret = QStringLiteral("client-secret-never-on-disk");
    p.clientAuth = ClientAuthMethod::Body;
    p.scope = QStringLiteral("openid read");
    p.audience = QStringLiteral("https://api.example.com");
    p.resource = QStringLiteral("https://api.example.com/v1");
    p.extraAuthorizationParams = {{QStringLiteral("prompt"), QStringLiteral("login")},
                                  {QStringLiteral("prompt"), QStringLiteral("consent")}};
    p.extraTokenParams = {{QStringLiteral("organization"), QStringLiteral("acme")}};
    p.grant = GrantType::Password;
    p.username = QStringLiteral("demo");
    p.password = QStringLiteral("password-never-on-disk");
    p.expiredStatuses = {401, 403};
    p.refreshTimeoutMs = 2500;
    p.tls.insecure = true;
    p.tls.caCertificateFiles = {QStringLiteral("/etc/keyway/ca.pem"),
                                QStringLiteral("/etc/keyway/other-ca.pem")};
    p.tls.clientCertificateFile = QStringLiteral("/etc/keyway/client.pem");
    p.tls.clientKeyFile = QStringLiteral("/etc/keyway/client.key");
    p.tls.clientKeyPassphrase = QStringLiteral("passphrase-never-on-disk");
    stored.clientKeyPassphrase =
        SecretRef::environment(QStringLiteral("KEYWAY_CLIENT_KEY_PASSPHRASE"));
    stored.loginGrant = QStringLiteral("password");
    stored.clientSecret = SecretRef::keychain(QStringLiteral("keyway-secrets"),
                                              QStringLiteral("default/github/client-secret"));
    stored.password = SecretRef::environment(QStringLiteral("KEYWAY_PASSWORD"));
    return stored;
}

} // namespace

class tst_ProfileFile : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString pathFor(const QString &name) const
    {
        QString error;
        return ProfileFile::path(m_dir.path(), name, &error).value_or(QString());
    }

private Q_SLOTS:
    void savedFile_containsNoSecret()
    {
        const QString path = pathFor(QStringLiteral("github"));
        QVERIFY(path.endsWith(QStringLiteral("/profiles/github.json")));
        QCOMPARE(ProfileFile::save(path, everySetting()), QString());
        const QByteArray text = readFile(path);
        QVERIFY(!text.contains("client-secret-never-on-disk"));
        QVERIFY(!text.contains("password-never-on-disk"));
        QVERIFY(!text.contains("passphrase-never-on-disk"));
        QVERIFY2(text.contains("\"clientKeyPassphrase\": {\n      \"env\": "
                               "\"KEYWAY_CLIENT_KEY_PASSPHRASE\""),
                 text.constData());
        QVERIFY2(text.contains("\"keychain\": \"keyway-secrets/default/github/client-secret\""),
                 text.constData());
        QVERIFY2(text.contains("\"env\": \"KEYWAY_PASSWORD\""), text.constData());
        // Readable and stable: "format" and "name" first, one member a line.
        QVERIFY2(text.startsWith("{\n  \"format\": 1,\n  \"name\": \"github\",\n"),
                 text.constData());
        QCOMPARE(ProfileFile::save(path, everySetting()), QString());
        QCOMPARE(readFile(path), text);
    }

    void roundTrip_keepsEverySetting()
    {
        const QString path = pathFor(QStringLiteral("github"));
        const StoredProfile saved = everySetting();
        QCOMPARE(ProfileFile::save(path, saved), QString());
        QString error;
        const auto loaded = ProfileFile::load(path, &error);
        QVERIFY2(loaded, qPrintable(error));
        const Profile &a = saved.profile;
        const Profile &b = loaded->profile;
        QCOMPARE(b.name, a.name);
        QCOMPARE(b.issuer, a.issuer);
        QCOMPARE(b.tokenUrl, a.tokenUrl);
        QCOMPARE(b.authorizationUrl, a.authorizationUrl);
        QCOMPARE(b.deviceAuthorizationUrl, a.deviceAuthorizationUrl);
        QCOMPARE(b.revocationUrl, a.revocationUrl);
        QCOMPARE(b.clientId, a.clientId);
        QCOMPARE(b.clientAuth, a.clientAuth);
        QCOMPARE(b.publicClient, a.publicClient);
        QCOMPARE(b.scope, a.scope);
        QCOMPARE(b.audience, a.audience);
        QCOMPARE(b.resource, a.resource);
        QCOMPARE(b.extraAuthorizationParams, a.extraAuthorizationParams);
        QCOMPARE(b.extraTokenParams, a.extraTokenParams);
        QCOMPARE(b.grant, a.grant);
        QCOMPARE(b.username, a.username);
        QCOMPARE(b.expiredStatuses, a.expiredStatuses);
        QCOMPARE(b.refreshTimeoutMs, a.refreshTimeoutMs);
        QCOMPARE(b.tls.insecure, a.tls.insecure);
        QCOMPARE(b.tls.caCertificateFiles, a.tls.caCertificateFiles);
        QCOMPARE(b.tls.clientCertificateFile, a.tls.clientCertificateFile);
        QCOMPARE(b.tls.clientKeyFile, a.tls.clientKeyFile);
        QCOMPARE(loaded->clientKeyPassphrase, saved.clientKeyPassphrase);
        QVERIFY(b.tls.clientKeyPassphrase.isEmpty());
        QCOMPARE(loaded->loginGrant, saved.loginGrant);
        QCOMPARE(loaded->clientSecret, saved.clientSecret);
        QCOMPARE(loaded->password, saved.password);
        // The secrets are references until resolved.
        QVERIFY(b.clientSecret.isEmpty());
        QVERIFY(b.password.isEmpty());
    }

    void publicClientAndInteractiveGrant_roundTrip()
    {
        StoredProfile saved;
        saved.profile.name = QStringLiteral("cli");
        saved.profile.clientId = QStringLiteral("public");
        saved.profile.publicClient = true;
        saved.loginGrant = QStringLiteral("device_code");
        const QString path = pathFor(saved.profile.name);
        QCOMPARE(ProfileFile::save(path, saved), QString());
        QString error;
        const auto loaded = ProfileFile::load(path, &error);
        QVERIFY2(loaded, qPrintable(error));
        QVERIFY(loaded->profile.publicClient);
        QCOMPARE(loaded->profile.grant, GrantType::None);
        QCOMPARE(loaded->loginGrant, QStringLiteral("device_code"));
        QVERIFY(!loaded->clientSecret.isSet());
    }

    void storeChoice_roundTrips_andItsPasswordStaysOutOfTheFile_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("written");
        QTest::addColumn<QString>("password");
        QTest::newRow("keychain") << QStringLiteral("keychain") << QStringLiteral("keychain")
                                  << QStringLiteral("");
        QTest::newRow("memory") << QStringLiteral(" memory ") << QStringLiteral("memory")
                                << QStringLiteral("");
        QTest::newRow("redis, no password")
            << QStringLiteral("redis://10.0.0.5:6380/2")
            << QStringLiteral("redis://10.0.0.5:6380/2") << QStringLiteral("");
        QTest::newRow("redis, user and password")
            << QStringLiteral("redis://keyway:p%40ss@10.0.0.5:6380/2")
            << QStringLiteral("redis://keyway@10.0.0.5:6380/2") << QStringLiteral("p@ss");
        QTest::newRow("redis, password only")
            << QStringLiteral("redis://:s3cret@127.0.0.1:6379/0")
            << QStringLiteral("redis://127.0.0.1:6379/0") << QStringLiteral("s3cret");
        QTest::newRow("unix socket")
            << QStringLiteral("unix:///run/redis.sock?db=3")
            << QStringLiteral("unix:///run/redis.sock?db=3") << QStringLiteral("");
    }
    void storeChoice_roundTrips_andItsPasswordStaysOutOfTheFile()
    {
        QFETCH(QString, typed);
        QFETCH(QString, written);
        QFETCH(QString, password);
        QString typedPassword;
        QString error;
        const auto choice = StoreChoice::fromTyped(typed, &typedPassword, &error);
        QVERIFY2(choice, qPrintable(error));
        QCOMPARE(choice->spec, written);
        QCOMPARE(typedPassword, password);

        StoredProfile saved;
        saved.profile.name = QStringLiteral("shared");
        saved.store = *choice;
        if (!password.isEmpty())
            saved.store.password =
                ProfileSecrets::keychainRef(QStringLiteral("default"), QStringLiteral("shared"),
                                            QStringLiteral("store-password"));
        const QString path = pathFor(saved.profile.name);
        QCOMPARE(ProfileFile::save(path, saved), QString());
        if (!password.isEmpty())
            QVERIFY(!readFile(path).contains(password.toUtf8()));
        const auto loaded = ProfileFile::load(path, &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->store, saved.store);
        // What createTokenStore() is given has the password back in the URL.
        const auto reopened = TokenStoreSpec::parse(loaded->store.withPassword(password), &error);
        QVERIFY2(reopened, qPrintable(error));
        QCOMPARE(reopened->redis.password, password);
    }

    void storePassword_resolvedFromItsReference()
    {
        StoredProfile stored;
        stored.store.spec = QStringLiteral("redis://127.0.0.1:6379/0");
        stored.store.password = SecretRef::environment(QStringLiteral("REDIS_PASSWORD"));
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("REDIS_PASSWORD"), QStringLiteral("from-env"));
        QString spec;
        QString error = QStringLiteral("not called");
        QObject context;
        const auto done = [&](const QString &resolved, const QString &problem) {
            spec = resolved;
            error = problem;
        };
        ProfileSecrets::resolveStore(stored, environment, &context, done);
        QCOMPARE(error, QString());
        QCOMPARE(spec, QStringLiteral("redis://:from-env@127.0.0.1:6379/0"));
        ProfileSecrets::resolveStore(stored, QProcessEnvironment(), &context, done);
        QVERIFY2(error.contains(QStringLiteral("REDIS_PASSWORD")), qPrintable(error));
        QCOMPARE(spec, QString());
    }

    void secretsResolvedFromTheEnvironment()
    {
        StoredProfile stored;
        stored.profile.name = QStringLiteral("ci");
        stored.clientSecret = SecretRef::environment(QStringLiteral("CI_CLIENT_SECRET"));
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("CI_CLIENT_SECRET"), QStringLiteral("from-env"));
        QString error = QStringLiteral("not called");
        Profile resolved;
        QObject context;
        ProfileSecrets::resolve(stored, environment, &context,
                                [&](const Profile &profile, const QString &problem) {
                                    resolved = profile;
                                    error = problem;
                                });
        QCOMPARE(error, QString());
        QCOMPARE(resolved.clientSecret, QStringLiteral("from-env"));

        ProfileSecrets::resolve(stored, QProcessEnvironment(), &context,
                                [&](const Profile &, const QString &problem) { error = problem; });
        QVERIFY2(error.contains(QStringLiteral("CI_CLIENT_SECRET")), qPrintable(error));
    }

    void brokenFile_errorNamesFileAndWhatIsWrong_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("says");
        QTest::newRow("not JSON") << QByteArray("{\"name\": \"x\",")
                                  << QStringLiteral("not valid JSON");
        QTest::newRow("literal secret")
            << QByteArray("{\"name\": \"x\", \"clientSecret\": \"hunter2\"}")
            << QStringLiteral("\"clientSecret\" holds a literal secret");
        QTest::newRow("wrong type") << QByteArray("{\"name\": \"x\", \"scope\": 7}")
                                    << QStringLiteral("\"scope\" must be a string");
        QTest::newRow("bad URL") << QByteArray(
            "{\"name\": \"x\", \"endpoints\": {\"token\": \"ftp://h/t\"}}")
                                 << QStringLiteral("\"token\" is not an http:// or https:// URL");
        QTest::newRow("unknown grant") << QByteArray("{\"name\": \"x\", \"grant\": \"implicit\"}")
                                       << QStringLiteral("\"grant\" is one of");
        QTest::newRow("newer format")
            << QByteArray("{\"format\": 9, \"name\": \"x\"}") << QStringLiteral("newer Keyway");
        QTest::newRow("no name") << QByteArray("{\"format\": 1}")
                                 << QStringLiteral("\"name\" is missing");
        QTest::newRow("Redis password in the store")
            << QByteArray("{\"name\": \"x\", \"store\": \"redis://u:hunter2@h:6379/0\"}")
            << QStringLiteral("\"store\" holds a Redis password");
        QTest::newRow("unknown store") << QByteArray("{\"name\": \"x\", \"store\": \"disk\"}")
                                       << QStringLiteral("\"store\": unknown token store");
        QTest::newRow("store password without Redis")
            << QByteArray("{\"name\": \"x\", \"store\": \"keychain\", \"storePassword\": "
                          "{\"env\": \"P\"}}")
            << QStringLiteral("\"storePassword\" is for a Redis \"store\" only");
        QTest::newRow("literal store password")
            << QByteArray("{\"name\": \"x\", \"store\": \"redis://h:6379/0\", "
                          "\"storePassword\": \"hunter2\"}")
            << QStringLiteral("\"storePassword\" holds a literal secret");
        QTest::newRow("tls not an object")
            << QByteArray("{\"name\": \"x\", \"tls\": true}") << QStringLiteral("\"tls\" must be");
        QTest::newRow("tls insecure not a boolean")
            << QByteArray("{\"name\": \"x\", \"tls\": {\"insecure\": \"yes\"}}")
            << QStringLiteral("\"insecure\" must be true or false");
        QTest::newRow("tls CA not a list")
            << QByteArray("{\"name\": \"x\", \"tls\": {\"caCertificates\": \"ca.pem\"}}")
            << QStringLiteral("\"caCertificates\" must be a list of file names");
        QTest::newRow("literal key passphrase")
            << QByteArray("{\"name\": \"x\", \"tls\": {\"clientKeyPassphrase\": \"hunter2\"}}")
            << QStringLiteral("\"clientKeyPassphrase\" holds a literal secret");
    }
    void brokenFile_errorNamesFileAndWhatIsWrong()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, says);
        const QString path = pathFor(QStringLiteral("broken"));
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        QString error;
        QVERIFY(!ProfileFile::load(path, &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY2(error.contains(says), qPrintable(error));
        QCOMPARE(readFile(path), content);
        // The literal secret is never repeated in the message.
        QVERIFY(!error.contains(QStringLiteral("hunter2")));
    }

    void nameThatCannotBeAFile_isRefused()
    {
        QString error;
        QVERIFY(!ProfileFile::path(m_dir.path(), QStringLiteral("../escape"), &error));
        QVERIFY(error.contains(QStringLiteral("../escape")));
        QVERIFY(!ProfileFile::path(m_dir.path(), QStringLiteral(".hidden"), &error));
    }
};

QTEST_GUILESS_MAIN(tst_ProfileFile)
#include "tst_profilefile.moc"
