// RedisTokenStore against a real redis-server per test: the compare-and-swap, the lease, pub/sub,
// foreign values, outages, AUTH, and two TokenManagers sharing one Redis through expiry storms.
#include "clientstack.h"
#include "redisserver.h"
#include "sandbox/sandbox.h"
#include "store/redistokenstore.h"
#include "store/storecipher.h"
#include "store/storekeysource.h"
#include "store/storenames.h"
#include "store/tokenstorefactory.h"

#include "auth/clock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

const QString Prefix = QStringLiteral("keyway:test:");
const QString Profile1 = QStringLiteral("work");

QString tokensKey(const QString &profile = Profile1)
{
    return Prefix + StoreNames::encode(profile) + QStringLiteral(":tokens");
}

QByteArray testKey(char fill)
{
    return QByteArray(StoreCipher::KeySize, fill);
}

TokenSet makeSet(quint64 generation, const QString &access, const QString &refresh = {},
                 qint64 lifetimeMs = 3600000)
{
    TokenSet set;
    set.accessToken = access;
    set.refreshToken = refresh;
    set.scope = QStringLiteral("read");
    set.obtainedAtMs = QDateTime::currentMSecsSinceEpoch();
    set.expiresAtMs = set.obtainedAtMs + lifetimeMs;
    set.generation = generation;
    return set;
}

} // namespace

class tst_RedisStore : public QObject
{
    Q_OBJECT

    std::unique_ptr<RedisServer> m_server;
    QObject m_context;
    QTemporaryDir m_lockDir;

    // One asynchronous store operation, waited for; checks that it answers exactly once.
    template<typename Op> StoreResult wait(Op op, int timeoutMs = 5000)
    {
        int answers = 0;
        StoreResult result;
        result.status = StoreResult::Status::Unavailable;
        result.message = QStringLiteral("no answer in the test's time");
        op([&](const StoreResult &r) {
            ++answers;
            result = r;
        });
        if (!QTest::qWaitFor([&] { return answers > 0; }, timeoutMs))
            return result;
        QTest::qWait(0); // a second answer would have been posted by now
        if (answers > 1)
            result.message = QStringLiteral("answered %1 times").arg(answers);
        return result;
    }

    StoreResult load(RedisTokenStore &store, const QString &profile = Profile1)
    {
        return wait([&](TokenStore::Callback cb) { store.load(profile, &m_context, cb); });
    }
    StoreResult cas(RedisTokenStore &store, quint64 expected, const TokenSet &next,
                    const QString &profile = Profile1)
    {
        return wait([&](TokenStore::Callback cb) {
            store.compareAndSwap(profile, expected, next, &m_context, cb);
        });
    }
    StoreResult lease(RedisTokenStore &store, const QString &owner, qint64 ttlMs)
    {
        return wait([&](TokenStore::Callback cb) {
            store.acquireLease(Profile1, owner, ttlMs, &m_context, cb);
        });
    }

    std::unique_ptr<RedisTokenStore> makeStore(const RedisUrl &url)
    {
        return std::make_unique<RedisTokenStore>(url, Prefix);
    }
    std::unique_ptr<RedisTokenStore> makeStore() { return makeStore(m_server->url()); }

    // A store with ?encrypt=1 whose store key is `key` (as KEYWAY_STORE_KEY gives it).
    std::unique_ptr<RedisTokenStore> makeEncryptedStore(const QByteArray &key,
                                                        const QString &prefix = Prefix)
    {
        RedisUrl url = m_server->url();
        url.encrypt = true;
        QProcessEnvironment environment;
        environment.insert(StoreKeySource::EnvironmentVariable,
                           QString::fromLatin1(StoreCipher::encodeKey(key)));
        auto *keys =
            new StoreKeySource(QStringLiteral("keyway-test-unused"), m_lockDir.path(), environment);
        auto store = std::make_unique<RedisTokenStore>(url, prefix, keys);
        keys->setParent(store.get());
        return store;
    }

    QByteArray rawSet(const QString &profile = Profile1) const
    {
        return m_server->cli({QStringLiteral("HGET"), tokensKey(profile), QStringLiteral("set")});
    }

    // Subscribed connections on the server: a store subscribes once it serves a profile.
    int subscribers() const
    {
        const QByteArray list = m_server->cli({QStringLiteral("CLIENT"), QStringLiteral("LIST"),
                                               QStringLiteral("TYPE"), QStringLiteral("pubsub")});
        const QList<QByteArray> lines = list.split('\n');
        return int(std::count_if(lines.begin(), lines.end(),
                                 [](const QByteArray &line) { return line.startsWith("id="); }));
    }

    void startServer(const QStringList &args = {})
    {
        m_server = std::make_unique<RedisServer>(args);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }

private Q_SLOTS:
    void init() { startServer(); }
    void cleanup() { m_server.reset(); }

    // ---- URLs -----------------------------------------------------------------------------

    void url_parsesRedisAndUnixForms_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("described");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<int>("db");
        QTest::newRow("host and port") << "redis://127.0.0.1:6380"
                                       << "redis://127.0.0.1:6380/0"
                                       << ""
                                       << "" << 0;
        QTest::newRow("default port, db") << "redis://cache.internal/4"
                                          << "redis://cache.internal:6379/4"
                                          << ""
                                          << "" << 4;
        QTest::newRow("password only") << "redis://:s3cret@127.0.0.1:6380/2"
                                       << "redis://127.0.0.1:6380/2"
                                       << ""
                                       << "s3cret" << 2;
        QTest::newRow("ACL user") << "redis://keyway:p%40ss@10.0.0.5:6379/0"
                                  << "redis://10.0.0.5:6379/0"
                                  << "keyway"
                                  << "p@ss" << 0;
        QTest::newRow("IPv6") << "redis://[::1]:6390/1"
                              << "redis://[::1]:6390/1"
                              << ""
                              << "" << 1;
        QTest::newRow("unix") << "unix:///run/redis/redis.sock"
                              << "unix:///run/redis/redis.sock"
                              << ""
                              << "" << 0;
        QTest::newRow("unix with db") << "unix:///run/redis/redis.sock?db=3"
                                      << "unix:///run/redis/redis.sock?db=3"
                                      << ""
                                      << "" << 3;
        QTest::newRow("encrypted") << "redis://:s3cret@127.0.0.1:6380/2?encrypt=1"
                                   << "redis://127.0.0.1:6380/2?encrypt=1"
                                   << ""
                                   << "s3cret" << 2;
        QTest::newRow("unix, db, encrypted") << "unix:///run/redis/redis.sock?db=3&encrypt=1"
                                             << "unix:///run/redis/redis.sock?db=3&encrypt=1"
                                             << ""
                                             << "" << 3;
        QTest::newRow("encrypt=0") << "redis://127.0.0.1:6380/0?encrypt=0"
                                   << "redis://127.0.0.1:6380/0"
                                   << ""
                                   << "" << 0;
    }
    void url_parsesRedisAndUnixForms()
    {
        QFETCH(QString, text);
        QFETCH(QString, described);
        QFETCH(QString, user);
        QFETCH(QString, password);
        QFETCH(int, db);
        QString error;
        const std::optional<RedisUrl> url = RedisUrl::parse(text, &error);
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->describe(), described);
        QCOMPARE(url->user, user);
        QCOMPARE(url->password, password);
        QCOMPARE(url->db, db);
    }

    void url_rejectsOtherFormsClearly_withoutThePassword_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("http") << "http://:s3cret@127.0.0.1:6379"
                              << "is not a Redis URL";
        QTest::newRow("no scheme") << "127.0.0.1:6379"
                                   << "use redis://";
        QTest::newRow("db not a number") << "redis://:s3cret@127.0.0.1:6379/zero"
                                         << "a database is a number";
        QTest::newRow("no host") << "redis://:s3cret@:6379/0"
                                 << "names no host";
        QTest::newRow("relative socket") << "unix://redis.sock"
                                         << "absolute path";
        QTest::newRow("TLS") << "rediss://:s3cret@127.0.0.1:6380/0"
                             << "not supported";
        QTest::newRow("options") << "redis://:s3cret@127.0.0.1:6379/0?timeout=3"
                                 << "options Keyway does not know";
        QTest::newRow("encrypt=yes") << "redis://:s3cret@127.0.0.1:6379/0?encrypt=yes"
                                     << "options Keyway does not know";
        QTest::newRow("garbage") << "redis://:s3cret@127.0.0.1:port"
                                 << "use redis://";
    }
    void url_rejectsOtherFormsClearly_withoutThePassword()
    {
        QFETCH(QString, text);
        QFETCH(QString, messagePart);
        QString error;
        QVERIFY(!RedisUrl::parse(text, &error));
        QVERIFY2(error.contains(messagePart), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1String("s3cret")), qPrintable(error));
    }

    // ---- storing --------------------------------------------------------------------------

    void roundTrip_storesUpdatesAndClears()
    {
        auto store = makeStore();
        StoreResult result = load(*store);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QVERIFY(!result.tokens);

        const TokenSet first = makeSet(1, QStringLiteral("access-1"), QStringLiteral("refresh-1"));
        result = cas(*store, 0, first);
        QVERIFY2(result.ok(), qPrintable(result.message));
        result = load(*store);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QVERIFY(result.tokens);
        QCOMPARE(result.tokens->generation, 1u);
        QCOMPARE(result.tokens->accessToken, first.accessToken);
        QCOMPARE(result.tokens->refreshToken, first.refreshToken);
        QCOMPARE(result.tokens->scope, first.scope);
        QCOMPARE(result.tokens->expiresAtMs, first.expiresAtMs);
        QCOMPARE(m_server->cli({QStringLiteral("HGET"), tokensKey(), QStringLiteral("generation")}),
                 QByteArray("1"));

        result =
            cas(*store, 1, makeSet(2, QStringLiteral("access-2"), QStringLiteral("refresh-2")));
        QVERIFY2(result.ok(), qPrintable(result.message));
        result = load(*store);
        QCOMPARE(result.tokens->generation, 2u);
        QCOMPARE(result.tokens->accessToken, QStringLiteral("access-2"));

        result = wait([&](TokenStore::Callback cb) { store->clear(Profile1, &m_context, cb); });
        QVERIFY2(result.ok(), qPrintable(result.message));
        result = load(*store);
        QVERIFY(result.ok());
        QVERIFY(!result.tokens);
        QCOMPARE(m_server->cli({QStringLiteral("EXISTS"), tokensKey()}), QByteArray("0"));
        // Profiles are separate keys.
        QVERIFY(cas(*store, 0, makeSet(1, QStringLiteral("other")), QStringLiteral("other")).ok());
        QVERIFY(!load(*store).tokens);
    }

    void compareAndSwap_conflictReturnsTheWinner()
    {
        auto one = makeStore();
        auto two = makeStore();
        QVERIFY(cas(*one, 0, makeSet(1, QStringLiteral("winner"), QStringLiteral("r1"))).ok());
        const StoreResult lost =
            cas(*two, 0, makeSet(1, QStringLiteral("loser"), QStringLiteral("r2")));
        QCOMPARE(lost.status, StoreResult::Status::Conflict);
        QVERIFY(lost.tokens);
        QCOMPARE(lost.tokens->accessToken, QStringLiteral("winner"));
        QCOMPARE(lost.tokens->generation, 1u);
        // A stale expectation loses too, against a newer generation.
        QVERIFY(cas(*one, 1, makeSet(2, QStringLiteral("second"), QStringLiteral("r3"))).ok());
        const StoreResult stale =
            cas(*two, 1, makeSet(2, QStringLiteral("late"), QStringLiteral("r4")));
        QCOMPARE(stale.status, StoreResult::Status::Conflict);
        QCOMPARE(stale.tokens->accessToken, QStringLiteral("second"));
        QCOMPARE(load(*two).tokens->accessToken, QStringLiteral("second"));
    }

    void compareAndSwap_sameWriteAgainIsOk()
    {
        // What a resend after a lost answer looks like: the first write did land.
        auto store = makeStore();
        const TokenSet next = makeSet(1, QStringLiteral("a1"), QStringLiteral("r1"));
        QVERIFY(cas(*store, 0, next).ok());
        const StoreResult again = cas(*store, 0, next);
        QVERIFY2(again.ok(), qPrintable(again.message));
        QCOMPARE(again.tokens->accessToken, next.accessToken);
        // A different set for the same generation is still a conflict.
        TokenSet other = next;
        other.accessToken = QStringLiteral("a1-other");
        QCOMPARE(cas(*store, 0, other).status, StoreResult::Status::Conflict);
    }

    void foreignValue_isCorruptAndNeverOverwritten_data()
    {
        QTest::addColumn<QStringList>("write");
        QTest::addColumn<QString>("messagePart");
        const QString key = tokensKey();
        const QString keywaySet = QStringLiteral("{\"kind\":\"keyway.tokenset\",\"version\":1,"
                                                 "\"generation\":\"1\",\"access_token\":\"a\"}");
        QTest::newRow("string") << QStringList {QStringLiteral("SET"), key, QStringLiteral("hello")}
                                << "holds a string";
        QTest::newRow("list") << QStringList {QStringLiteral("RPUSH"), key, QStringLiteral("x")}
                              << "holds a list";
        QTest::newRow("garbage JSON")
            << QStringList {QStringLiteral("HSET"),       key,
                            QStringLiteral("set"),        QStringLiteral("{not json"),
                            QStringLiteral("generation"), QStringLiteral("1")}
            << "not a JSON object";
        QTest::newRow("foreign JSON")
            << QStringList {QStringLiteral("HSET"),
                            key,
                            QStringLiteral("set"),
                            QStringLiteral("{\"kind\":\"session\",\"user\":7}"),
                            QStringLiteral("generation"),
                            QStringLiteral("1")}
            << "not a Keyway token set";
        QTest::newRow("future version")
            << QStringList {QStringLiteral("HSET"),
                            key,
                            QStringLiteral("set"),
                            QStringLiteral("{\"kind\":\"keyway.tokenset\",\"version\":9}"),
                            QStringLiteral("generation"),
                            QStringLiteral("1")}
            << "format version 9";
        QTest::newRow("no generation field")
            << QStringList {QStringLiteral("HSET"), key, QStringLiteral("set"), keywaySet}
            << "generation field";
        QTest::newRow("generation not a number")
            << QStringList {QStringLiteral("HSET"),       key,
                            QStringLiteral("set"),        keywaySet,
                            QStringLiteral("generation"), QStringLiteral("one")}
            << "generation field";
        QTest::newRow("hash without set")
            << QStringList {QStringLiteral("HSET"), key, QStringLiteral("owner"),
                            QStringLiteral("someone")}
            << "without a 'set' field";
    }
    void foreignValue_isCorruptAndNeverOverwritten()
    {
        QFETCH(QStringList, write);
        QFETCH(QString, messagePart);
        m_server->cli(write);
        const QByteArray before = m_server->cli({QStringLiteral("DUMP"), tokensKey()});
        QVERIFY(!before.isEmpty());

        auto store = makeStore();
        const StoreResult loaded = load(*store);
        QCOMPARE(loaded.status, StoreResult::Status::Corrupt);
        QVERIFY2(loaded.message.contains(tokensKey()), qPrintable(loaded.message));
        QVERIFY2(loaded.message.contains(messagePart), qPrintable(loaded.message));
        QVERIFY2(loaded.message.contains(QLatin1String("untouched")), qPrintable(loaded.message));

        // Neither a fresh sign-in (expecting nothing) nor a guess at the generation writes over it.
        for (const quint64 expected : {quint64(0), quint64(1)}) {
            const StoreResult written =
                cas(*store, expected, makeSet(expected + 1, QStringLiteral("new")));
            QCOMPARE(written.status, StoreResult::Status::Corrupt);
            QVERIFY2(written.message.contains(tokensKey()), qPrintable(written.message));
        }
        QCOMPARE(m_server->cli({QStringLiteral("DUMP"), tokensKey()}), before);
    }

    // ---- keys -----------------------------------------------------------------------------

    void keys_namesThatLookAlikeNeverShareTokens_data()
    {
        QTest::addColumn<QString>("workspaceA");
        QTest::addColumn<QString>("profileA");
        QTest::addColumn<QString>("workspaceB");
        QTest::addColumn<QString>("profileB");
        QTest::newRow("colon moved between workspace and profile") << "c"
                                                                   << "a:b"
                                                                   << "c:a"
                                                                   << "b";
        QTest::newRow("space and its encoding") << "w"
                                                << "a b"
                                                << "w"
                                                << "a%20b";
        QTest::newRow("workspace with spaces") << "My API"
                                               << "p"
                                               << "My%20API"
                                               << "p";
        QTest::newRow("percent itself") << "w"
                                        << "%"
                                        << "w"
                                        << "%25";
        QTest::newRow("leading dot") << "w"
                                     << ".p"
                                     << "w"
                                     << "%2Ep";
        QTest::newRow("suffix inside a name") << "w"
                                              << "p:tokens"
                                              << "w:p"
                                              << "tokens";
        QTest::newRow("unicode") << "w" << QString::fromUtf8("\xc3\xbc") << "w"
                                 << "%C3%BC";
        QTest::newRow("glob and hash tag") << "w*"
                                           << "{p}"
                                           << "w?"
                                           << "p";
    }
    void keys_namesThatLookAlikeNeverShareTokens()
    {
        QFETCH(QString, workspaceA);
        QFETCH(QString, profileA);
        QFETCH(QString, workspaceB);
        QFETCH(QString, profileB);
        RedisTokenStore a(m_server->url(), RedisTokenStore::keyPrefixFor(workspaceA));
        RedisTokenStore b(m_server->url(), RedisTokenStore::keyPrefixFor(workspaceB));
        const auto casOn = [&](RedisTokenStore &store, const QString &profile, const QString &v) {
            return wait([&](TokenStore::Callback cb) {
                store.compareAndSwap(profile, 0, makeSet(1, v), &m_context, cb);
            });
        };
        const auto loadOn = [&](RedisTokenStore &store, const QString &profile) {
            return wait([&](TokenStore::Callback cb) { store.load(profile, &m_context, cb); });
        };
        // Both first writes (expecting nothing stored) succeed: the keys are different.
        StoreResult result = casOn(a, profileA, QStringLiteral("tokens-of-a"));
        QVERIFY2(result.ok(), qPrintable(result.message));
        result = casOn(b, profileB, QStringLiteral("tokens-of-b"));
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(loadOn(a, profileA).tokens->accessToken, QStringLiteral("tokens-of-a"));
        QCOMPARE(loadOn(b, profileB).tokens->accessToken, QStringLiteral("tokens-of-b"));
        // Every key is prefix, workspace, profile and suffix: exactly three separators.
        const QList<QByteArray> keys =
            m_server->cli({QStringLiteral("KEYS"), QStringLiteral("*")}).split('\n');
        QCOMPARE(keys.size(), 2);
        for (const QByteArray &key : keys) {
            QCOMPARE(key.count(':'), 3);
            QVERIFY2(!key.contains(' '), key.constData());
        }
    }

    void keys_workspaceWithSpacesKeysItsTokens()
    {
        const QString spec = QStringLiteral("redis://127.0.0.1:%1/0").arg(m_server->port());
        QString error;
        std::unique_ptr<TokenStore> store =
            createTokenStore(spec, QStringLiteral("My API"), &error);
        QVERIFY2(store, qPrintable(error));
        const StoreResult result = wait([&](TokenStore::Callback cb) {
            store->compareAndSwap(Profile1, 0, makeSet(1, QStringLiteral("a1")), &m_context, cb);
        });
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(m_server->cli(
                     {QStringLiteral("EXISTS"), QStringLiteral("keyway:My%20API:work:tokens")}),
                 QByteArray("1"));
        QVERIFY(!createTokenStore(spec, QString(), &error));
        QVERIFY2(error.contains(QLatin1String("workspace.json")), qPrintable(error));
    }

    void keys_tokensUnderTheKeyFromBeforeTheEncodingMoveOnce()
    {
        // What a Keyway before the encoding wrote for profile "team:ci" (raw name in the key).
        const QString legacy = Prefix + QStringLiteral("team:ci:tokens");
        const QByteArray json = QJsonDocument(makeSet(4, QStringLiteral("a4")).toStoredJson())
                                    .toJson(QJsonDocument::Compact);
        m_server->cli({QStringLiteral("HSET"), legacy, QStringLiteral("set"),
                       QString::fromUtf8(json), QStringLiteral("generation"), QStringLiteral("4")});
        auto store = makeStore();
        // A profile whose raw name is the other's encoding never takes them.
        StoreResult result = load(*store, QStringLiteral("team%3Aci"));
        QVERIFY2(result.ok() && !result.tokens, qPrintable(result.message));
        QCOMPARE(m_server->cli({QStringLiteral("EXISTS"), legacy}), QByteArray("1"));

        result = load(*store, QStringLiteral("team:ci"));
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(result.tokens->accessToken, QStringLiteral("a4"));
        QCOMPARE(m_server->cli({QStringLiteral("EXISTS"), legacy}), QByteArray("0"));
        QCOMPARE(m_server->cli({QStringLiteral("HGET"), tokensKey(QStringLiteral("team:ci")),
                                QStringLiteral("generation")}),
                 QByteArray("4"));
        result = cas(*store, 4, makeSet(5, QStringLiteral("a5")), QStringLiteral("team:ci"));
        QVERIFY2(result.ok(), qPrintable(result.message));
    }

    // ---- encryption -----------------------------------------------------------------------

    void encrypted_rawValueRevealsNoToken()
    {
        auto store = makeEncryptedStore(testKey('k'));
        TokenSet set = makeSet(1, QStringLiteral("access-7f3a9c-secret"),
                               QStringLiteral("refresh-51be02-secret"));
        set.idToken = QStringLiteral("id-token-c0ffee");
        StoreResult result = cas(*store, 0, set);
        QVERIFY2(result.ok(), qPrintable(result.message));

        const QByteArray raw = m_server->cli({QStringLiteral("HGETALL"), tokensKey()}) + '\n'
            + m_server->cli({QStringLiteral("DUMP"), tokensKey()});
        for (const QString &secret : {set.accessToken, set.refreshToken, set.idToken}) {
            const QByteArray bytes = secret.toUtf8();
            for (const QByteArray &form :
                 {bytes, bytes.toBase64(), bytes.toBase64(QByteArray::Base64UrlEncoding),
                  bytes.toHex()}) {
                QVERIFY2(!raw.contains(form), form.constData());
            }
        }
        QVERIFY(!raw.contains("access_token"));
        // What stays in the clear: the generation (the scripts compare it) and the key's id.
        QCOMPARE(m_server->cli({QStringLiteral("HGET"), tokensKey(), QStringLiteral("generation")}),
                 QByteArray("1"));
        QVERIFY(raw.contains(StoreCipher::keyIdOf(testKey('k')).toLatin1()));

        result = load(*store);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(result.tokens->accessToken, set.accessToken);
        QCOMPARE(result.tokens->refreshToken, set.refreshToken);
        QCOMPARE(result.tokens->idToken, set.idToken);
        // A fresh nonce per write: the same set written again is another ciphertext.
        const QByteArray first = rawSet();
        QVERIFY(cas(*store, 1, makeSet(2, set.accessToken, set.refreshToken)).ok());
        QVERIFY(cas(*store, 2, makeSet(3, set.accessToken, set.refreshToken)).ok());
        QVERIFY(rawSet() != first);
    }

    void encrypted_storesWithTheSameKeyShareTokens()
    {
        auto a = makeEncryptedStore(testKey('k'));
        auto b = makeEncryptedStore(testKey('k'));
        QSignalSpy changed(a.get(), &TokenStore::changed);
        QVERIFY(load(*a).ok());
        QVERIFY(cas(*a, 0, makeSet(1, QStringLiteral("a1"), QStringLiteral("r1"))).ok());
        StoreResult result = load(*b);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(result.tokens->refreshToken, QStringLiteral("r1"));
        // The compare-and-swap on the clear generation still decides between them.
        QCOMPARE(cas(*a, 0, makeSet(1, QStringLiteral("lost"))).status,
                 StoreResult::Status::Conflict);
        result = cas(*b, 1, makeSet(2, QStringLiteral("a2"), QStringLiteral("r2")));
        QVERIFY2(result.ok(), qPrintable(result.message));
        result = cas(*a, 1, makeSet(2, QStringLiteral("a2-late"), QStringLiteral("r2-late")));
        QCOMPARE(result.status, StoreResult::Status::Conflict);
        QCOMPARE(result.tokens->accessToken, QStringLiteral("a2")); // the winner, decrypted
        QTRY_VERIFY(!changed.isEmpty() && changed.constLast().at(1).toULongLong() == 2u);
        QCOMPARE(load(*a).tokens->accessToken, QStringLiteral("a2"));
    }

    void encrypted_otherKeyFailsClearly_andNeverReplacesThePeersTokens()
    {
        auto owner = makeEncryptedStore(testKey('k'));
        QVERIFY(cas(*owner, 0, makeSet(1, QStringLiteral("a1"), QStringLiteral("r1"))).ok());
        const QByteArray before = m_server->cli({QStringLiteral("DUMP"), tokensKey()});

        auto stranger = makeEncryptedStore(testKey('z'));
        const StoreResult loaded = load(*stranger);
        QCOMPARE(loaded.status, StoreResult::Status::Corrupt);
        QVERIFY(!loaded.tokens);
        QVERIFY(loaded.sealedWithOtherKey); // the right key reads them: not to be cleared
        for (const QString &part :
             {QStringLiteral("cannot decrypt the tokens in Redis"), tokensKey(),
              StoreCipher::keyIdOf(testKey('k')), StoreCipher::keyIdOf(testKey('z')),
              QStringLiteral("keyway-cli store key import"), QStringLiteral("KEYWAY_STORE_KEY")})
            QVERIFY2(loaded.message.contains(part), qPrintable(loaded.message));
        // Neither a fresh sign-in nor the right generation guessed replaces the owner's tokens.
        for (const quint64 expected : {quint64(0), quint64(1)}) {
            const StoreResult written =
                cas(*stranger, expected, makeSet(expected + 1, QStringLiteral("mine")));
            QCOMPARE(written.status, StoreResult::Status::Corrupt);
            QVERIFY2(!written.tokens, qPrintable(written.message));
        }
        QCOMPARE(m_server->cli({QStringLiteral("DUMP"), tokensKey()}), before);
        QCOMPARE(load(*owner).tokens->accessToken, QStringLiteral("a1"));
    }

    void encrypted_tamperedOrMovedValueFailsClearly_data()
    {
        QTest::addColumn<QString>("change");
        QTest::newRow("ciphertext byte") << "data";
        QTest::newRow("nonce") << "nonce";
        QTest::newRow("generation in the clear") << "generation";
        QTest::newRow("copied to another profile") << "move";
    }
    void encrypted_tamperedOrMovedValueFailsClearly()
    {
        QFETCH(QString, change);
        auto store = makeEncryptedStore(testKey('k'));
        QVERIFY(cas(*store, 0, makeSet(3, QStringLiteral("a3"), QStringLiteral("r3"))).ok());
        QJsonObject sealed = QJsonDocument::fromJson(rawSet()).object();
        QJsonObject inner = sealed.value(QStringLiteral("sealed")).toObject();
        QString profile = Profile1;
        QString generation = QStringLiteral("3");
        const auto flipped = [](QString text) {
            // One base64 character changed keeps it base64 and the same length.
            text[4] = text.at(4) == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
            return text;
        };
        if (change == QLatin1String("data") || change == QLatin1String("nonce"))
            inner.insert(change, flipped(inner.value(change).toString()));
        else if (change == QLatin1String("generation"))
            generation = QStringLiteral("4");
        else
            profile = QStringLiteral("other");
        sealed.insert(QStringLiteral("sealed"), inner);
        sealed.insert(QStringLiteral("generation"), generation);
        m_server->cli({QStringLiteral("HSET"), tokensKey(profile), QStringLiteral("set"),
                       QString::fromUtf8(QJsonDocument(sealed).toJson(QJsonDocument::Compact)),
                       QStringLiteral("generation"), generation});
        const StoreResult result = load(*store, profile);
        QCOMPARE(result.status, StoreResult::Status::Corrupt);
        QVERIFY(!result.tokens);
        QVERIFY2(result.message.contains(QLatin1String("cannot decrypt")),
                 qPrintable(result.message));
        QVERIFY2(result.message.contains(QLatin1String("integrity check")),
                 qPrintable(result.message));
        QVERIFY2(result.message.contains(tokensKey(profile)), qPrintable(result.message));
    }

    void encrypted_plainAndEncryptingStoresRefuseEachOthersTokens()
    {
        auto plain = makeStore();
        auto encrypting = makeEncryptedStore(testKey('k'), QStringLiteral("keyway:enc:"));
        QVERIFY(cas(*plain, 0, makeSet(1, QStringLiteral("a1"))).ok());
        // The same key read with encryption on: refused, not trusted (anyone who can write to
        // Redis could plant a plain set).
        auto encryptingHere = makeEncryptedStore(testKey('k'));
        StoreResult result = load(*encryptingHere);
        QCOMPARE(result.status, StoreResult::Status::Corrupt);
        QVERIFY2(result.message.contains(QLatin1String("not encrypted")),
                 qPrintable(result.message));
        QCOMPARE(cas(*encryptingHere, 1, makeSet(2, QStringLiteral("a2"))).status,
                 StoreResult::Status::Corrupt);

        QVERIFY(cas(*encrypting, 0, makeSet(1, QStringLiteral("a1"))).ok());
        RedisTokenStore plainOnEncrypted(m_server->url(), QStringLiteral("keyway:enc:"));
        result =
            wait([&](TokenStore::Callback cb) { plainOnEncrypted.load(Profile1, &m_context, cb); });
        QCOMPARE(result.status, StoreResult::Status::Corrupt);
        QVERIFY2(result.message.contains(QLatin1String("?encrypt=1")), qPrintable(result.message));
        result = wait([&](TokenStore::Callback cb) {
            plainOnEncrypted.compareAndSwap(Profile1, 1, makeSet(2, QStringLiteral("a2")),
                                            &m_context, cb);
        });
        QCOMPARE(result.status, StoreResult::Status::Corrupt);
        QCOMPARE(load(*encrypting).tokens->accessToken, QStringLiteral("a1"));
    }

    void encrypted_badKeyInTheEnvironmentIsUnavailableWithTheReason()
    {
        RedisUrl url = m_server->url();
        url.encrypt = true;
        QProcessEnvironment environment;
        environment.insert(StoreKeySource::EnvironmentVariable, QStringLiteral("not-a-key"));
        StoreKeySource keys(QStringLiteral("keyway-test-unused"), m_lockDir.path(), environment);
        RedisTokenStore store(url, Prefix, &keys);
        const StoreResult result =
            wait([&](TokenStore::Callback cb) { store.load(Profile1, &m_context, cb); });
        QCOMPARE(result.status, StoreResult::Status::Unavailable);
        QVERIFY2(result.message.startsWith(QLatin1String("KEYWAY_STORE_KEY: ")),
                 qPrintable(result.message));
        QVERIFY2(result.message.contains(QLatin1String("not a store key")),
                 qPrintable(result.message));
        QCOMPARE(m_server->cli({QStringLiteral("DBSIZE")}), QByteArray("0"));
    }

    // ---- lease ----------------------------------------------------------------------------

    void lease_isExclusiveExpiresAndIsReleasedOnlyByItsOwner()
    {
        auto one = makeStore();
        auto two = makeStore();
        const QString leaseKey = Prefix + Profile1 + QStringLiteral(":lease");
        QCOMPARE(lease(*one, QStringLiteral("owner-a"), 600).status, StoreResult::Status::Ok);
        QCOMPARE(lease(*two, QStringLiteral("owner-b"), 600).status, StoreResult::Status::Busy);
        // The holder asking again keeps it.
        QCOMPARE(lease(*one, QStringLiteral("owner-a"), 600).status, StoreResult::Status::Ok);
        const qint64 ttl = m_server->cli({QStringLiteral("PTTL"), leaseKey}).toLongLong();
        QVERIFY2(ttl > 0 && ttl <= 600, QByteArray::number(ttl));

        // Expiry hands it to the next owner.
        QTRY_COMPARE_WITH_TIMEOUT(m_server->cli({QStringLiteral("EXISTS"), leaseKey}),
                                  QByteArray("0"), 3000);
        QCOMPARE(lease(*two, QStringLiteral("owner-b"), 10000).status, StoreResult::Status::Ok);

        // A late release by the old owner does not free the new owner's lease.
        one->releaseLease(Profile1, QStringLiteral("owner-a"));
        QCOMPARE(lease(*one, QStringLiteral("owner-a"), 10000).status, StoreResult::Status::Busy);
        QCOMPARE(m_server->cli({QStringLiteral("GET"), leaseKey}), QByteArray("owner-b"));

        two->releaseLease(Profile1, QStringLiteral("owner-b"));
        QTRY_COMPARE(m_server->cli({QStringLiteral("EXISTS"), leaseKey}), QByteArray("0"));
        QCOMPARE(lease(*one, QStringLiteral("owner-a"), 10000).status, StoreResult::Status::Ok);
    }

    // ---- notifications --------------------------------------------------------------------

    void changed_reachesASecondInstance()
    {
        auto writer = makeStore();
        auto follower = makeStore();
        QSignalSpy changed(follower.get(), &TokenStore::changed);
        QVERIFY(load(*follower).ok());
        QVERIFY(load(*writer).ok());
        QTRY_COMPARE_WITH_TIMEOUT(subscribers(), 2, 5000);

        QVERIFY(cas(*writer, 0, makeSet(1, QStringLiteral("a1"), QStringLiteral("r1"))).ok());
        QTRY_VERIFY(!changed.isEmpty());
        QCOMPARE(changed.constLast().at(0).toString(), Profile1);
        QCOMPARE(changed.constLast().at(1).toULongLong(), 1u);

        QVERIFY(
            wait([&](TokenStore::Callback cb) { writer->clear(Profile1, &m_context, cb); }).ok());
        QTRY_COMPARE(changed.constLast().at(1).toULongLong(), 0u);

        // A profile whose name looks like a glob pattern is still only its own channel.
        QVERIFY(load(*follower, QStringLiteral("a*[b]")).ok());
        QTRY_COMPARE(m_server
                         ->cli({QStringLiteral("PUBSUB"), QStringLiteral("NUMSUB"),
                                Prefix + StoreNames::encode(QStringLiteral("a*[b]"))
                                    + QStringLiteral(":generation")})
                         .split('\n')
                         .value(1),
                     QByteArray("1"));
        QVERIFY(cas(*writer, 0, makeSet(1, QStringLiteral("x")), QStringLiteral("a*[b]")).ok());
        QTRY_COMPARE(changed.constLast().at(0).toString(), QStringLiteral("a*[b]"));
    }

    void subscriberKilled_pollingStillSeesTheNewGeneration_andItResubscribes()
    {
        auto writer = makeStore();
        auto follower = makeStore();
        QSignalSpy changed(follower.get(), &TokenStore::changed);
        QSignalSpy availability(follower.get(), &TokenStore::availabilityChanged);
        QVERIFY(load(*follower).ok());
        QVERIFY(load(*writer).ok());
        QTRY_COMPARE_WITH_TIMEOUT(subscribers(), 2, 5000);

        m_server->cli({QStringLiteral("CLIENT"), QStringLiteral("KILL"), QStringLiteral("TYPE"),
                       QStringLiteral("pubsub")});
        QVERIFY(cas(*writer, 0, makeSet(1, QStringLiteral("a1"), QStringLiteral("r1"))).ok());
        // Whether or not the message was lost, polling finds the new generation.
        const StoreResult polled = load(*follower);
        QVERIFY2(polled.ok(), qPrintable(polled.message));
        QCOMPARE(polled.tokens->generation, 1u);

        QTRY_COMPARE_WITH_TIMEOUT(subscribers(), 2, 5000);
        // Caught up either by the message or by the resync after resubscribing.
        QTRY_VERIFY(!changed.isEmpty() && changed.constLast().at(1).toULongLong() == 1u);
        QVERIFY(cas(*writer, 1, makeSet(2, QStringLiteral("a2"), QStringLiteral("r2"))).ok());
        QTRY_COMPARE(changed.constLast().at(1).toULongLong(), 2u);
        // Pub/sub is a hint: losing it is not an outage.
        QCOMPARE(availability.count(), 0);
    }

    void commandConnectionKilled_operationsCarryOn_noOutage()
    {
        auto store = makeStore();
        QSignalSpy availability(store.get(), &TokenStore::availabilityChanged);
        QVERIFY(cas(*store, 0, makeSet(1, QStringLiteral("a1"), QStringLiteral("r1"))).ok());
        for (int i = 0; i < 3; ++i) {
            m_server->cli({QStringLiteral("CLIENT"), QStringLiteral("KILL"), QStringLiteral("TYPE"),
                           QStringLiteral("normal")});
            const StoreResult result = load(*store);
            QVERIFY2(result.ok(), qPrintable(result.message));
            QCOMPARE(result.tokens->generation, 1u);
        }
        QCOMPARE(availability.count(), 0);
    }

    // ---- outages --------------------------------------------------------------------------

    void redisStopped_answersUnavailablePromptly_andSaysSoOnce()
    {
        auto store = makeStore();
        QSignalSpy availability(store.get(), &TokenStore::availabilityChanged);
        QVERIFY(load(*store).ok());
        const QString address = QStringLiteral("127.0.0.1:%1").arg(m_server->port());
        m_server->stop();

        // The answer comes (load() waits for it), and it is the outage, not a hang.
        StoreResult result = load(*store);
        QCOMPARE(result.status, StoreResult::Status::Unavailable);
        QVERIFY2(result.message.contains(address), qPrintable(result.message));

        QTRY_COMPARE_WITH_TIMEOUT(availability.count(), 1, 5000);
        QCOMPARE(availability.at(0).at(0).toBool(), false);
        const QString message = availability.at(0).at(1).toString();
        for (const QString &part :
             {address, QStringLiteral("not reachable"), QStringLiteral("connection refused"),
              QStringLiteral("--store memory")})
            QVERIFY2(message.contains(part), qPrintable(message));
        QVERIFY(!store->isAvailable());

        // Known to be down: every operation answers at once, with the same explanation.
        for (int i = 0; i < 3; ++i) {
            result = lease(*store, QStringLiteral("owner"), 1000);
            QCOMPARE(result.status, StoreResult::Status::Unavailable);
            QVERIFY2(result.message.contains(address), qPrintable(result.message));
        }
        // Several reconnect attempts later, still said only once.
        QTest::qWait(1500);
        QCOMPARE(availability.count(), 1);
    }

    void redisRestarted_storeRecoversWithoutBeingRecreated()
    {
        auto store = makeStore();
        auto follower = makeStore();
        QSignalSpy availability(store.get(), &TokenStore::availabilityChanged);
        QSignalSpy changed(follower.get(), &TokenStore::changed);
        QVERIFY(cas(*store, 0, makeSet(1, QStringLiteral("a1"), QStringLiteral("r1"))).ok());
        m_server->stop();
        QTRY_COMPARE_WITH_TIMEOUT(availability.count(), 1, 5000);

        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(availability.count(), 2, 5000);
        QCOMPARE(availability.at(1).at(0).toBool(), true);
        QVERIFY(availability.at(1).at(1).toString().isEmpty());
        QVERIFY(store->isAvailable());

        // Nothing was saved, and the restarted server knows none of the scripts (NOSCRIPT).
        StoreResult result = load(*store);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QVERIFY(!result.tokens);
        result = cas(*store, 0, makeSet(1, QStringLiteral("a2"), QStringLiteral("r2")));
        QVERIFY2(result.ok(), qPrintable(result.message));
        // The follower reconnects on its own schedule (backoff with jitter, slower under load);
        // until then it answers Unavailable at once, as a store known to be down does.
        QTRY_VERIFY_WITH_TIMEOUT(follower->isAvailable(), 5000);
        result = load(*follower);
        QVERIFY2(result.ok() && result.tokens, qPrintable(result.message));
        QCOMPARE(result.tokens->accessToken, QStringLiteral("a2"));
        // The follower's subscriber came back too.
        QTRY_COMPARE_WITH_TIMEOUT(subscribers(), 2, 5000);
        changed.clear();
        QVERIFY(cas(*store, 1, makeSet(2, QStringLiteral("a3"), QStringLiteral("r3"))).ok());
        QTRY_VERIFY(!changed.isEmpty() && changed.constLast().at(1).toULongLong() == 2u);
    }

    void redisStuck_commandsTimeOut_andRecover()
    {
        auto store = makeStore();
        store->setCommandTimeoutMs(400);
        QSignalSpy availability(store.get(), &TokenStore::availabilityChanged);
        QVERIFY(load(*store).ok());

        m_server->pause();
        // The command's own timeout ended it: the message says which, no clock needed.
        const StoreResult result = lease(*store, QStringLiteral("owner"), 1000);
        QCOMPARE(result.status, StoreResult::Status::Unavailable);
        QVERIFY2(result.message.contains(QLatin1String("did not answer within 400 ms")),
                 qPrintable(result.message));
        QTRY_COMPARE(availability.count(), 1);
        QCOMPARE(availability.at(0).at(0).toBool(), false);

        m_server->resume();
        QTRY_COMPARE_WITH_TIMEOUT(availability.count(), 2, 5000);
        QCOMPARE(availability.at(1).at(0).toBool(), true);
        QVERIFY(load(*store).ok());
    }

    // ---- login ----------------------------------------------------------------------------

    void auth_passwordRequired_refusedClearly_worksWithIt_neverShown()
    {
        startServer({QStringLiteral("--requirepass"), QStringLiteral("s3cret")});
        QStringList messages;

        auto without = makeStore(m_server->url());
        QSignalSpy down(without.get(), &TokenStore::availabilityChanged);
        QTRY_COMPARE_WITH_TIMEOUT(down.count(), 1, 5000);
        QString message = down.at(0).at(1).toString();
        QVERIFY2(message.contains(QLatin1String("requires a password")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("NOAUTH")), qPrintable(message));
        StoreResult result = load(*without);
        QCOMPARE(result.status, StoreResult::Status::Unavailable);
        QVERIFY2(result.message.contains(QLatin1String("requires a password")),
                 qPrintable(result.message));
        messages << message << result.message;

        auto wrong = makeStore(m_server->url(QStringLiteral("not-it")));
        QSignalSpy refused(wrong.get(), &TokenStore::availabilityChanged);
        QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 1, 5000);
        message = refused.at(0).at(1).toString();
        QVERIFY2(message.contains(QLatin1String("refused the credentials")), qPrintable(message));
        QVERIFY2(!message.contains(QLatin1String("not-it")), qPrintable(message));
        messages << message << load(*wrong).message << wrong->describe();

        auto with = makeStore(m_server->url(QStringLiteral("s3cret")));
        QSignalSpy fine(with.get(), &TokenStore::availabilityChanged);
        result = cas(*with, 0, makeSet(1, QStringLiteral("a1"), QStringLiteral("r1")));
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(load(*with).tokens->accessToken, QStringLiteral("a1"));
        QCOMPARE(fine.count(), 0);
        QCOMPARE(with->describe(), QStringLiteral("redis://127.0.0.1:%1/0").arg(m_server->port()));
        messages << with->describe();

        for (const QString &text : std::as_const(messages))
            QVERIFY2(!text.contains(QLatin1String("s3cret")), qPrintable(text));
    }

    void auth_aclUserWithItsOwnKeys()
    {
        m_server->cli({QStringLiteral("ACL"), QStringLiteral("SETUSER"), QStringLiteral("keyway"),
                       QStringLiteral("on"), QStringLiteral(">pw-keyway"),
                       QStringLiteral("~keyway:*"), QStringLiteral("&keyway:*"),
                       QStringLiteral("+@all")});
        auto store =
            makeStore(m_server->url(QStringLiteral("pw-keyway"), QStringLiteral("keyway")));
        auto follower =
            makeStore(m_server->url(QStringLiteral("pw-keyway"), QStringLiteral("keyway")));
        QSignalSpy changed(follower.get(), &TokenStore::changed);
        QVERIFY(load(*follower).ok());
        QVERIFY(load(*store).ok());
        // "&keyway:*" is all the channel permission it needs.
        QTRY_COMPARE_WITH_TIMEOUT(subscribers(), 2, 5000);
        StoreResult result = cas(*store, 0, makeSet(1, QStringLiteral("a1"), QStringLiteral("r1")));
        QVERIFY2(result.ok(), qPrintable(result.message));
        QTRY_VERIFY(!changed.isEmpty());

        // A prefix outside the user's keys is refused with Redis's reason.
        RedisTokenStore elsewhere(
            m_server->url(QStringLiteral("pw-keyway"), QStringLiteral("keyway")),
            QStringLiteral("other:"));
        result = wait([&](TokenStore::Callback cb) { elsewhere.load(Profile1, &m_context, cb); });
        QCOMPARE(result.status, StoreResult::Status::Unavailable);
        QVERIFY2(result.message.contains(QLatin1String("NOPERM")), qPrintable(result.message));
    }

    void database_isSelected()
    {
        auto store = makeStore(m_server->url({}, {}, 3));
        QVERIFY(cas(*store, 0, makeSet(1, QStringLiteral("a1"), QStringLiteral("r1"))).ok());
        QCOMPARE(m_server->cli({QStringLiteral("-n"), QStringLiteral("3"), QStringLiteral("HGET"),
                                tokensKey(), QStringLiteral("generation")}),
                 QByteArray("1"));
        QCOMPARE(m_server->cli({QStringLiteral("EXISTS"), tokensKey()}), QByteArray("0"));

        auto missing = makeStore(m_server->url({}, {}, 99));
        QSignalSpy down(missing.get(), &TokenStore::availabilityChanged);
        QTRY_COMPARE_WITH_TIMEOUT(down.count(), 1, 5000);
        QVERIFY2(down.at(0).at(1).toString().contains(QLatin1String("refused database 99")),
                 qPrintable(down.at(0).at(1).toString()));
    }

    void unixSocket_works()
    {
        QString error;
        const auto url =
            RedisUrl::parse(QStringLiteral("unix://") + m_server->socketPath(), &error);
        QVERIFY2(url, qPrintable(error));
        auto store = makeStore(*url);
        QCOMPARE(store->describe(), QStringLiteral("unix://") + m_server->socketPath());
        QVERIFY(cas(*store, 0, makeSet(1, QStringLiteral("a1"), QStringLiteral("r1"))).ok());
        QCOMPARE(load(*store).tokens->generation, 1u);

        auto absent =
            makeStore(*RedisUrl::parse(QStringLiteral("unix:///nonexistent/redis.sock"), &error));
        const StoreResult result = load(*absent);
        QCOMPARE(result.status, StoreResult::Status::Unavailable);
        QVERIFY2(result.message.contains(QLatin1String("/nonexistent/redis.sock is not reachable")),
                 qPrintable(result.message));
    }

    // ---- expiry ---------------------------------------------------------------------------

    void tokensTtl_accessOnlySetExpires_refreshableSetPersists()
    {
        auto store = makeStore();
        QVERIFY(cas(*store, 0, makeSet(1, QStringLiteral("a1"), {}, 60000)).ok());
        const qint64 ttl = m_server->cli({QStringLiteral("PTTL"), tokensKey()}).toLongLong();
        QVERIFY2(ttl > 50000 && ttl <= 60000, QByteArray::number(ttl));

        // A refresh token outlives the access token: the key must not expire with it.
        QVERIFY(cas(*store, 1, makeSet(2, QStringLiteral("a2"), QStringLiteral("r2"), 60000)).ok());
        QCOMPARE(m_server->cli({QStringLiteral("PTTL"), tokensKey()}), QByteArray("-1"));

        // Where the server said how long the refresh token lives, the key lives that long.
        TokenSet bounded = makeSet(3, QStringLiteral("a3"), QStringLiteral("r3"), 60000);
        bounded.refreshExpiresAtMs = bounded.obtainedAtMs + 7200000;
        QVERIFY(cas(*store, 2, bounded).ok());
        const qint64 refreshTtl = m_server->cli({QStringLiteral("PTTL"), tokensKey()}).toLongLong();
        QVERIFY2(refreshTtl > 7000000 && refreshTtl <= 7200000, QByteArray::number(refreshTtl));

        // An access-only set that runs out is gone from Redis too.
        QVERIFY(cas(*store, 3, makeSet(4, QStringLiteral("a4"), {}, 300)).ok());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->cli({QStringLiteral("EXISTS"), tokensKey()}),
                                  QByteArray("0"), 3000);
        QVERIFY(!load(*store).tokens);
    }

    void terminalError_isReportedThenExpires()
    {
        auto store = makeStore();
        auto other = makeStore();
        QVERIFY(cas(*store, 0, makeSet(1, QStringLiteral("a1"), QStringLiteral("r1"))).ok());
        const QString dead = QStringLiteral("invalid_grant: the refresh token was revoked");
        store->recordTerminalError(Profile1, dead, 500);
        StoreResult result = load(*other);
        QVERIFY(result.ok());
        QCOMPARE(result.terminalError, dead);
        QCOMPARE(result.tokens->generation, 1u);
        QTRY_VERIFY_WITH_TIMEOUT(load(*other).terminalError.isEmpty(), 3000);

        // New tokens stored after it supersede the record.
        store->recordTerminalError(Profile1, dead, 60000);
        QCOMPARE(load(*other).terminalError, dead);
        QVERIFY(cas(*other, 1, makeSet(2, QStringLiteral("a2"), QStringLiteral("r2"))).ok());
        QVERIFY(load(*store).terminalError.isEmpty());
    }

    // ---- lifetimes ------------------------------------------------------------------------

    void callbacks_neverRunForAGoneContextOrAGoneStore()
    {
        int answers = 0;
        auto store = makeStore();
        {
            QObject shortLived;
            store->load(Profile1, &shortLived, [&](const StoreResult &) { ++answers; });
        }
        QVERIFY(load(*store).ok()); // answered after the first one would have been
        QCOMPARE(answers, 0);

        // Destroyed with commands on the wire and waiting for the connection.
        store->load(Profile1, &m_context, [&](const StoreResult &) { ++answers; });
        store->releaseLease(Profile1, QStringLiteral("owner"));
        auto fresh = makeStore();
        fresh->load(Profile1, &m_context, [&](const StoreResult &) { ++answers; });
        store.reset();
        fresh.reset();
        QTest::qWait(100);
        QCOMPARE(answers, 0);
    }

    // ---- faults ---------------------------------------------------------------------------

    void redisKilledMidRefresh_noFalseSuccess_storedTokensOneWholeGeneration_data()
    {
        QTest::addColumn<bool>("encrypt");
        QTest::addColumn<bool>("failClosed");
        QTest::newRow("plain, degrade") << false << false;
        QTest::newRow("encrypted, fail closed") << true << true;
    }
    void redisKilledMidRefresh_noFalseSuccess_storedTokensOneWholeGeneration()
    {
        QFETCH(bool, encrypt);
        QFETCH(bool, failClosed);
        // Persisted on every write, as a Redis that holds tokens should be: what was stored
        // before the kill is there after the restart.
        startServer({QStringLiteral("--appendonly"), QStringLiteral("yes"),
                     QStringLiteral("--appendfsync"), QStringLiteral("always")});
        Sandbox sandbox;
        QString error;
        QVERIFY2(sandbox.start(&error), qPrintable(error));
        sandbox.setRotation(true);
        sandbox.setReuseDetection(true);
        const auto newStore = [&] {
            return encrypt ? makeEncryptedStore(testKey('k')) : makeStore();
        };
        auto storeA = newStore();
        auto storeB = newStore();
        Profile profile = ClientStack::profileFor(sandbox);
        profile.onStoreFailure =
            failClosed ? StoreFailureMode::FailClosed : StoreFailureMode::Degrade;
        ClientStack a(sandbox, SystemClock::instance(), profile, storeA.get());
        ClientStack b(sandbox, SystemClock::instance(), profile, storeB.get());
        QVERIFY2(ClientStack::signInAndFollow(a, b, &error), qPrintable(error));
        const TokenSet before = a.tokens->tokens();

        // The token endpoint holds the refresh long enough for Redis to die under it.
        const QList<ApiCall *> calls = ClientStack::sendAcrossExpiry(sandbox, a, b, 25, 500);
        QVERIFY(sandbox.counters().refreshGrants >= 1); // mid-refresh
        m_server->kill();
        // The refreshing client cannot store what it got: it says so, naming the store.
        const auto degraded = [&] {
            return a.count(EventType::StoreDegraded) + b.count(EventType::StoreDegraded);
        };
        QTRY_VERIFY_WITH_TIMEOUT(degraded() > 0, 15000);
        QVERIFY2(m_server->start(&error), qPrintable(error));
        QVERIFY(ClientStack::waitAll(calls, 60000));

        const SandboxCounters counters = sandbox.counters();
        const QString wrong = ClientStack::checkOutcomes(
            calls, counters.apiHits - counters.sent401 - counters.sent403);
        qDeleteAll(calls);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        // The refresh token the refresher used was never presented again by the waiter (a
        // rotating server would have revoked the whole login).
        QVERIFY2(counters.reuseDetections == 0,
                 QJsonDocument(counters.toJson()).toJson(QJsonDocument::Compact).constData());
        const QString address = QStringLiteral("127.0.0.1:%1").arg(m_server->port());
        QList<Event> said =
            a.eventsOf(EventType::StoreDegraded) + b.eventsOf(EventType::StoreDegraded);
        for (const Event &event : std::as_const(said))
            QVERIFY2(event.message.contains(address), qPrintable(event.message));

        // What Redis holds is one whole generation: the old set, or one a client stored.
        auto reader = newStore();
        const StoreResult stored = load(*reader, profile.name);
        QVERIFY2(stored.ok() && stored.tokens, qPrintable(stored.message));
        QVERIFY2(
            ClientStack::isOneWholeGeneration(*stored.tokens,
                                              {before, a.tokens->tokens(), b.tokens->tokens()}),
            qPrintable(
                QStringLiteral("stored generation %1 is nobody's").arg(stored.tokens->generation)));
    }

    // ---- two token managers ---------------------------------------------------------------

    void twoManagersOnOneRedis_exactlyOneRefreshPerExpiry()
    {
        Sandbox sandbox;
        QString error;
        QVERIFY2(sandbox.start(&error), qPrintable(error));
        sandbox.setRotation(true);
        sandbox.setReuseDetection(true);
        auto storeA = makeStore();
        auto storeB = makeStore();
        const Profile profile = ClientStack::profileFor(sandbox);
        ClientStack a(sandbox, SystemClock::instance(), profile, storeA.get());
        ClientStack b(sandbox, SystemClock::instance(), profile, storeB.get());
        QVERIFY2(a.signIn(&error), qPrintable(error));
        bool loaded = false;
        b.tokens->load(&m_context, [&](const TokenError *failure) {
            QVERIFY2(!failure, failure ? qPrintable(failure->message) : "");
            loaded = true;
        });
        QTRY_VERIFY(loaded);
        QCOMPARE(b.tokens->tokens().generation, a.tokens->tokens().generation);

        for (int cycle = 0; cycle < 10; ++cycle) {
            sandbox.resetCounters();
            sandbox.expireAllTokens();
            QList<ApiCall *> calls;
            for (int i = 0; i < 50; ++i) {
                calls.append(a.send("GET", QStringLiteral("/api/items")));
                calls.append(b.send("GET", QStringLiteral("/api/items")));
            }
            QVERIFY(ClientStack::waitAll(calls, 30000));
            for (ApiCall *call : std::as_const(calls)) {
                QVERIFY2(call->isSuccess(),
                         qPrintable(QStringLiteral("cycle %1: %2 %3")
                                        .arg(cycle)
                                        .arg(call->httpStatus())
                                        .arg(call->errorString())));
            }
            qDeleteAll(calls);
            const SandboxCounters counters = sandbox.counters();
            QVERIFY2(counters.refreshes == 1 && counters.reuseDetections == 0
                         && counters.passwordGrants == 0,
                     QJsonDocument(counters.toJson()).toJson(QJsonDocument::Compact).constData());
            QTRY_COMPARE(b.tokens->tokens().generation, a.tokens->tokens().generation);
        }
        QCOMPARE(a.tokens->tokens().generation, 11u);
    }
};

QTEST_GUILESS_MAIN(tst_RedisStore)
#include "tst_redisstore.moc"
