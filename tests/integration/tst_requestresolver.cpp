// Saved requests resolved into core Requests: variable precedence, built-ins, errors that name
// the variable and the place, inherited headers and auth, and bodies that the sandbox receives
// intact, also when a 401 makes the client replay them.
#include "clientstack.h"
#include "collection/requestresolver.h"
#include "collection/variableresolver.h"
#include "fakeclock.h"
#include "sandbox/sandbox.h"
#include "workspacefixture.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Keyway;
using namespace Keyway::Fixture;
using namespace Keyway::Test;

namespace {

QByteArray header(const Request &request, const QByteArray &name)
{
    for (const auto &[n, v] : request.headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

QByteArray readBody(const BodySource &body)
{
    if (body.kind() == BodySource::Kind::Bytes)
        return body.data();
    QString error;
    auto device = body.openForAttempt(&error);
    return device ? device->readAll() : QByteArray();
}

// A workspace where "level" is defined in every scope, each with its own value.
WorkspaceData layered()
{
    WorkspaceData w;
    w.name = QStringLiteral("layers");
    w.variables = {var(QStringLiteral("level"), QStringLiteral("workspace")),
                   var(QStringLiteral("ws"), QStringLiteral("w"))};
    Environment env;
    env.name = QStringLiteral("dev");
    env.variables = {var(QStringLiteral("level"), QStringLiteral("environment")),
                     var(QStringLiteral("host"), QStringLiteral("127.0.0.1")),
                     var(QStringLiteral("envOnly"), QStringLiteral("e"))};
    w.environments = {env};
    RequestItem r = request(QStringLiteral("Get"), QStringLiteral("GET"),
                            QStringLiteral("http://{{host}}/{{level}}"));
    r.variables = {var(QStringLiteral("level"), QStringLiteral("request")),
                   var(QStringLiteral("off"), QStringLiteral("x"), false)};
    FolderItem inner;
    inner.name = QStringLiteral("Inner");
    inner.variables = {var(QStringLiteral("level"), QStringLiteral("inner folder"))};
    inner.requests = {r};
    FolderItem collection;
    collection.name = QStringLiteral("Coll");
    collection.variables = {var(QStringLiteral("level"), QStringLiteral("collection"))};
    collection.folders = {inner};
    w.collections = {collection};
    return w;
}

const ItemPath LayeredRequest {0, 0, 0};

} // namespace

class tst_RequestResolver : public QObject
{
    Q_OBJECT

    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<FakeClock> m_clock;
    std::unique_ptr<ClientStack> m_stack;

    // A sandbox and the core signed in to it.
    void startSignedIn()
    {
        m_sandbox = std::make_unique<Sandbox>();
        QString error;
        QVERIFY2(m_sandbox->start(&error), qPrintable(error));
        m_clock = std::make_unique<FakeClock>();
        m_stack = std::make_unique<ClientStack>(*m_sandbox, m_clock.get());
        QVERIFY2(m_stack->signIn(&error), qPrintable(error));
    }

private Q_SLOTS:
    void precedence_innermostScopeWins_data()
    {
        QTest::addColumn<QStringList>("removed"); // scopes whose "level" is deleted
        QTest::addColumn<QString>("expected");
        QTest::newRow("request") << QStringList() << QStringLiteral("request");
        QTest::newRow("inner folder")
            << QStringList {QStringLiteral("request")} << QStringLiteral("inner folder");
        QTest::newRow("collection")
            << QStringList {QStringLiteral("request"), QStringLiteral("inner")}
            << QStringLiteral("collection");
        QTest::newRow("environment over workspace")
            << QStringList {QStringLiteral("request"), QStringLiteral("inner"),
                            QStringLiteral("collection")}
            << QStringLiteral("environment");
        QTest::newRow("workspace")
            << QStringList {QStringLiteral("request"), QStringLiteral("inner"),
                            QStringLiteral("collection"), QStringLiteral("environment")}
            << QStringLiteral("workspace");
    }
    void precedence_innermostScopeWins()
    {
        QFETCH(QStringList, removed);
        QFETCH(QString, expected);
        WorkspaceData w = layered();
        const auto drop = [](VariableList &list) {
            list.removeIf([](const Variable &v) { return v.name == QLatin1String("level"); });
        };
        if (removed.contains(QStringLiteral("request")))
            drop(w.collections[0].folders[0].requests[0].variables);
        if (removed.contains(QStringLiteral("inner")))
            drop(w.collections[0].folders[0].variables);
        if (removed.contains(QStringLiteral("collection")))
            drop(w.collections[0].variables);
        if (removed.contains(QStringLiteral("environment")))
            drop(w.environments[0].variables);
        ResolveOptions options;
        options.environment = QStringLiteral("dev");
        const auto resolved = resolveRequest(w, LayeredRequest, options);
        QVERIFY2(resolved.ok(), qPrintable(resolved.errors.join(QLatin1Char('\n'))));
        QCOMPARE(resolved.request.url.path(), QLatin1Char('/') + expected);
        QCOMPARE(resolved.request.url.toEncoded().contains(' '), false);
        QCOMPARE(resolved.displayName, QStringLiteral("Coll/Inner/Get"));
    }

    void processEnvironment_isTheLastScopeAndOptIn()
    {
        WorkspaceData w = layered();
        w.collections[0].folders[0].requests[0].url =
            QStringLiteral("http://{{host}}/{{KEYWAY_TEST_FROM_ENV}}");
        qputenv("KEYWAY_TEST_FROM_ENV", "from-env");
        ResolveOptions options;
        options.environment = QStringLiteral("dev");
        auto resolved = resolveRequest(w, LayeredRequest, options);
        QVERIFY(!resolved.ok());
        options.processEnvironment = true;
        resolved = resolveRequest(w, LayeredRequest, options);
        QVERIFY(resolved.ok());
        QCOMPARE(resolved.request.url.path(), QStringLiteral("/from-env"));
        qunsetenv("KEYWAY_TEST_FROM_ENV");
    }

    void unresolvedVariable_isAnErrorNamingItAndWhere()
    {
        WorkspaceData w = layered();
        RequestItem &r = w.collections[0].folders[0].requests[0];
        r.headers = {kv(QStringLiteral("X-Tenant"), QStringLiteral("{{tenant}}"))};
        r.body.mode = RequestBody::Mode::Raw;
        r.body.text = QStringLiteral("{\"a\": \"{{off}}\"}"); // a disabled variable
        const auto resolved = resolveRequest(w, LayeredRequest); // no environment: no {{host}}
        QVERIFY(!resolved.ok());
        const QString all = resolved.errors.join(QLatin1Char('\n'));
        QCOMPARE(resolved.errors.size(), 3);
        QVERIFY2(all.contains(QStringLiteral(
                     "unresolved variable {{host}} in the URL of request 'Coll/Inner/Get'")),
                 qPrintable(all));
        QVERIFY(all.contains(QStringLiteral(
            "unresolved variable {{tenant}} in header X-Tenant of request 'Coll/Inner/Get'")));
        QVERIFY(all.contains(
            QStringLiteral("unresolved variable {{off}} in the body of request 'Coll/Inner/Get'")));
    }

    void secretWithoutValue_saysWhereToPutIt()
    {
        WorkspaceData w = layered();
        Variable secret;
        secret.name = QStringLiteral("apiKey");
        secret.secret = true;
        w.environments[0].variables.append(secret);
        w.collections[0].folders[0].requests[0].headers = {
            kv(QStringLiteral("X-Key"), QStringLiteral("{{apiKey}}"))};
        ResolveOptions options;
        options.environment = QStringLiteral("dev");
        auto resolved = resolveRequest(w, LayeredRequest, options);
        QCOMPARE(resolved.errors.size(), 1);
        QVERIFY2(resolved.errors[0].contains(QStringLiteral("KEYWAY_SECRET_APIKEY")),
                 qPrintable(resolved.errors[0]));
        qputenv("KEYWAY_SECRET_APIKEY", "k-123");
        QCOMPARE(fillSecretsFromEnvironment(w), 1);
        qunsetenv("KEYWAY_SECRET_APIKEY");
        resolved = resolveRequest(w, LayeredRequest, options);
        QVERIFY(resolved.ok());
        QCOMPARE(header(resolved.request, "X-Key"), QByteArray("k-123"));
    }

    void nestedAndLoopingVariables()
    {
        VariableResolver resolver;
        resolver.addScope(QStringLiteral("here"),
                          {var(QStringLiteral("a"), QStringLiteral("<{{b}}>")),
                           var(QStringLiteral("b"), QStringLiteral("{{c}}{{c}}")),
                           var(QStringLiteral("c"), QStringLiteral("x")),
                           var(QStringLiteral("loop"), QStringLiteral("{{loop2}}")),
                           var(QStringLiteral("loop2"), QStringLiteral("{{loop}}"))});
        QStringList errors;
        QCOMPARE(resolver.resolve(QStringLiteral("{{a}} {{ c }}"), QStringLiteral("t"), &errors),
                 QStringLiteral("<xx> x"));
        QVERIFY(errors.isEmpty());
        resolver.resolve(QStringLiteral("{{loop}}"), QStringLiteral("t"), &errors);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors[0].contains(QStringLiteral("loop -> loop2 -> loop")),
                 qPrintable(errors[0]));
    }

    void builtIns_haveTheirFormats()
    {
        VariableResolver resolver;
        QStringList errors;
        const QString text = resolver.resolve(
            QStringLiteral("{{$uuid}}|{{$timestamp}}|{{$isoTimestamp}}|{{$randomInt}}"),
            QStringLiteral("t"), &errors);
        QVERIFY(errors.isEmpty());
        const QStringList parts = text.split(QLatin1Char('|'));
        QCOMPARE(parts.size(), 4);
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$"))
                    .match(parts[0])
                    .hasMatch());
        QVERIFY(qAbs(parts[1].toLongLong() - QDateTime::currentSecsSinceEpoch()) < 3600);
        QVERIFY(QDateTime::fromString(parts[2], Qt::ISODateWithMs).isValid());
        QVERIFY(parts[2].endsWith(QLatin1Char('Z')));
        QVERIFY(parts[3].toInt() >= 0 && parts[3].toInt() <= 1000);
        // Each use is a fresh value.
        QVERIFY(resolver.resolve(QStringLiteral("{{$uuid}}"), {}, &errors) != parts[0]);
        resolver.resolve(QStringLiteral("{{$nope}}"), QStringLiteral("t"), &errors);
        QCOMPARE(errors.size(), 1);
    }

    void headers_inheritedOverriddenAndDisabledDropped()
    {
        WorkspaceData w = richWorkspace();
        ResolveOptions options;
        options.environment = QStringLiteral("dev");
        w.variables.append(var(QStringLiteral("version"), QStringLiteral("1.0")));
        w.variables.append(var(QStringLiteral("usersToken"), QStringLiteral("tok")));
        // Users/Ünïcødé ✓ inner/Purge: workspace, collection and inner folder headers.
        const auto resolved = resolveRequest(w, {0, 1, 1}, options);
        QVERIFY2(resolved.ok(), qPrintable(resolved.errors.join(QLatin1Char('\n'))));
        QCOMPARE(resolved.request.method, QByteArray("PURGE"));
        QCOMPARE(resolved.request.url.toString(), QStringLiteral("http://127.0.0.1:8080/cache"));
        QCOMPARE(header(resolved.request, "X-Client"), QByteArray("keyway 1.0"));
        QCOMPARE(header(resolved.request, "Accept"), QByteArray("application/json"));
        QCOMPARE(header(resolved.request, "X-Inner"), QByteArray("blue")); // inner "team"
        QVERIFY(header(resolved.request, "X-Debug").isEmpty());
        QVERIFY(header(resolved.request, "X-Old").isEmpty());
        // Auth inherited from the collection: Bearer {{usersToken}}.
        QCOMPARE(header(resolved.request, "Authorization"), QByteArray("Bearer tok"));
        QVERIFY(resolved.profile.isEmpty());

        WorkspaceData w2 = w;
        w2.collections[0].folders[1].headers = {
            kv(QStringLiteral("accept"), QStringLiteral("text/plain"))};
        const auto overridden = resolveRequest(w2, {0, 1, 1}, options);
        QCOMPARE(header(overridden.request, "Accept"), QByteArray("text/plain"));
        QCOMPARE(std::count_if(overridden.request.headers.begin(), overridden.request.headers.end(),
                               [](const auto &h) { return h.first.toLower() == "accept"; }),
                 1);
    }

    void auth_modesBecomeHeadersOrAProfile()
    {
        WorkspaceData w = richWorkspace();
        w.variables += {var(QStringLiteral("version"), QStringLiteral("1")),
                        var(QStringLiteral("user"), QStringLiteral("ann")),
                        var(QStringLiteral("password"), QStringLiteral("pä:ss")),
                        var(QStringLiteral("uploadToken"), QStringLiteral("up")),
                        var(QStringLiteral("fileId"), QStringLiteral("7")),
                        var(QStringLiteral("title"), QStringLiteral("t"))};
        ResolveOptions options;
        options.environment = QStringLiteral("dev");
        // Users/Put blob: Basic.
        auto basic = resolveRequest(w, {0, 5}, options);
        QCOMPARE(header(basic.request, "Authorization"),
                 "Basic " + QByteArray("ann:pä:ss").toBase64());
        // A top-level request inherits the workspace's Profile mode.
        auto top = resolveRequest(w, {2}, options);
        QVERIFY(top.ok());
        QCOMPARE(top.profile, QStringLiteral("default"));
        QVERIFY(header(top.request, "Authorization").isEmpty());
        // Users/Create user (the form one) says None although the collection says Bearer.
        auto none = resolveRequest(w, {0, 3}, options);
        QVERIFY(header(none.request, "Authorization").isEmpty());
        QVERIFY(none.profile.isEmpty());
    }

    void urlencodedBody_isEncodedWithOnlyEnabledFields()
    {
        WorkspaceData w = richWorkspace();
        w.variables += {var(QStringLiteral("version"), QStringLiteral("1")),
                        var(QStringLiteral("userName"), QStringLiteral("Zoë & co=1"))};
        ResolveOptions options;
        options.environment = QStringLiteral("dev");
        const auto resolved = resolveRequest(w, {0, 3}, options);
        QVERIFY2(resolved.ok(), qPrintable(resolved.errors.join(QLatin1Char('\n'))));
        QCOMPARE(resolved.request.body.data(), QByteArray("name=Zo%C3%AB%20%26%20co%3D1"));
        QCOMPARE(header(resolved.request, "Content-Type"),
                 QByteArray("application/x-www-form-urlencoded"));
    }

    void missingBodyFile_isAnErrorNamingIt()
    {
        WorkspaceData w = richWorkspace();
        w.variables += {var(QStringLiteral("version"), QStringLiteral("1")),
                        var(QStringLiteral("user"), QStringLiteral("u")),
                        var(QStringLiteral("password"), QStringLiteral("p"))};
        w.collections[0].requests[3].body.filePath = QStringLiteral("no/such.bin");
        ResolveOptions options;
        options.environment = QStringLiteral("dev");
        options.baseDir = QStringLiteral("/nonexistent-ws");
        const auto resolved = resolveRequest(w, {0, 5}, options);
        QCOMPARE(resolved.errors.size(), 1);
        QVERIFY2(resolved.errors[0].contains(QStringLiteral("/nonexistent-ws/no/such.bin")),
                 qPrintable(resolved.errors[0]));
    }

    // Through the real client against the sandbox, with the token expired first: each body is
    // sent twice (401, then the replay) and the server sees the same bytes as the resolver made.
    void followRedirectsSetting_reachesTheCore_data()
    {
        QTest::addColumn<bool>("follow");
        QTest::newRow("on: followed") << true;
        QTest::newRow("off: the 302 is the answer") << false;
    }
    void followRedirectsSetting_reachesTheCore()
    {
        QFETCH(bool, follow);
        startSignedIn();
        if (QTest::currentTestFailed())
            return;
        m_sandbox->resetCounters();

        WorkspaceData w;
        w.name = QStringLiteral("redirects");
        w.variables = {var(QStringLiteral("base"), m_sandbox->baseUrl().toString())};
        w.auth.mode = RequestAuth::Mode::Profile;
        RequestItem r = request(QStringLiteral("Moved"), QStringLiteral("GET"),
                                QStringLiteral("{{base}}/api/redirect?to=/api/items&origin=same"));
        r.settings.followRedirects = follow;
        w.requests = {r};
        const auto resolved = resolveRequest(w, {0}, {});
        QVERIFY2(resolved.ok(), qPrintable(resolved.errors.join(QLatin1Char('\n'))));
        QCOMPARE(resolved.request.followRedirects, follow);

        ApiCall *call = m_stack->client->send(resolved.request);
        QVERIFY(ClientStack::waitAll({call}));
        QCOMPARE(call->error(), ApiCall::Error::None);
        if (follow) {
            QCOMPARE(call->httpStatus(), 200);
            QCOMPARE(m_sandbox->counters().apiHits, 2);
            QCOMPARE(m_stack->count(EventType::RedirectFollowed), 1);
            QCOMPARE(call->finalUrl(), m_sandbox->apiUrl(QStringLiteral("/api/items")));
        } else {
            QCOMPARE(call->httpStatus(), 302);
            QCOMPARE(call->responseHeader("Location"),
                     m_sandbox->apiUrl(QStringLiteral("/api/items")).toEncoded());
            QVERIFY(call->body().contains("location")); // the 302's own body
            QCOMPARE(m_sandbox->counters().apiHits, 1);
            QCOMPARE(m_stack->count(EventType::RedirectFollowed), 0);
            QCOMPARE(call->finalUrl(), resolved.request.url);
        }
        m_stack.reset();
        m_sandbox.reset();
    }

    void bodies_reachTheServerIntactAcrossAReplay_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("raw") << int(RequestBody::Mode::Raw);
        QTest::newRow("urlencoded") << int(RequestBody::Mode::FormUrlEncoded);
        QTest::newRow("multipart") << int(RequestBody::Mode::Multipart);
        QTest::newRow("file") << int(RequestBody::Mode::File);
    }
    void bodies_reachTheServerIntactAcrossAReplay()
    {
        QFETCH(int, mode);
        startSignedIn();
        if (QTest::currentTestFailed())
            return;

        QTemporaryDir dir;
        QFile picture(dir.filePath(QStringLiteral("picture.bin")));
        QVERIFY(picture.open(QIODevice::WriteOnly));
        QByteArray bytes(300000, Qt::Uninitialized);
        for (qsizetype i = 0; i < bytes.size(); ++i)
            bytes[i] = char(i * 7 % 251);
        picture.write(bytes);
        picture.close();

        WorkspaceData w;
        w.name = QStringLiteral("send");
        w.variables = {var(QStringLiteral("base"), m_sandbox->baseUrl().toString()),
                       var(QStringLiteral("who"), QStringLiteral("Zoë"))};
        w.auth.mode = RequestAuth::Mode::Profile;
        RequestItem r = request(QStringLiteral("Echo"), QStringLiteral("POST"),
                                QStringLiteral("{{base}}/api/echo"));
        r.body.mode = RequestBody::Mode(mode);
        r.body.text = QStringLiteral("{\"who\": \"{{who}}\"}");
        r.body.contentType = QStringLiteral("application/json");
        r.body.formFields = {kv(QStringLiteral("who"), QStringLiteral("{{who}}"))};
        MultipartPart text;
        text.name = QStringLiteral("who");
        text.value = QStringLiteral("{{who}}");
        MultipartPart file;
        file.name = QStringLiteral("picture");
        file.filePath = QStringLiteral("picture.bin");
        r.body.parts = {text, file};
        r.body.filePath = QStringLiteral("picture.bin");
        w.requests = {r};
        ResolveOptions options;
        options.baseDir = dir.path();
        const auto resolved = resolveRequest(w, {0}, options);
        QVERIFY2(resolved.ok(), qPrintable(resolved.errors.join(QLatin1Char('\n'))));
        QCOMPARE(resolved.profile, QStringLiteral("default"));
        QVERIFY(resolved.request.body.isReplayable());
        const QByteArray expected = readBody(resolved.request.body);
        QVERIFY(!expected.isEmpty());
        if (mode == int(RequestBody::Mode::Multipart)) {
            QVERIFY(expected.contains("name=\"who\"\r\n\r\nZoë\r\n"));
            QVERIFY(expected.contains(bytes));
            QCOMPARE(readBody(resolved.request.body), expected); // a fresh device each time
        }
        if (mode == int(RequestBody::Mode::File))
            QCOMPARE(expected, bytes);

        m_sandbox->expireAllTokens();
        ApiCall *call = m_stack->client->send(resolved.request);
        QVERIFY(ClientStack::waitAll({call}));
        QVERIFY2(call->isSuccess(), qPrintable(call->errorString()));
        QCOMPARE(call->authReplays(), 1);
        const QJsonObject echo = QJsonDocument::fromJson(call->body()).object();
        QCOMPARE(echo.value(QStringLiteral("length")).toInteger(), expected.size());
        QCOMPARE(echo.value(QStringLiteral("sha256")).toString(),
                 QString::fromLatin1(
                     QCryptographicHash::hash(expected, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(echo.value(QStringLiteral("contentType")).toString().toUtf8(),
                 header(resolved.request, "Content-Type"));
        m_stack.reset();
        m_sandbox.reset();
    }
};

QTEST_GUILESS_MAIN(tst_RequestResolver)
#include "tst_requestresolver.moc"
