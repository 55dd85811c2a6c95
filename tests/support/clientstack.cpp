#include "clientstack.h"

#include "auth/clock.h"
#include "auth/tokenendpoint.h"
#include "sandbox/sandbox.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QTest>
#include <QUrlQuery>

namespace Keyway::Test {

Profile ClientStack::profileFor(const Sandbox &sandbox)
{
    Profile profile;
    profile.name = QStringLiteral("sandbox");
    profile.tokenUrl = sandbox.tokenUrl();
    profile.clientId = sandbox.config().clientId;
    profile.clientSecret = sandbox.config().clientSecret;
    profile.grant = GrantType::Password;
    profile.username = sandbox.config().username;
    profile.password = sandbox.config().password;
    return profile;
}

ClientStack::ClientStack(const Sandbox &sandboxServer, Clock *clock)
    : ClientStack(sandboxServer, clock, profileFor(sandboxServer))
{
}

ClientStack::ClientStack(const Sandbox &sandboxServer, Clock *clock, Profile profile)
    : sandbox(sandboxServer),
      network(std::make_unique<QNetworkAccessManager>()),
      events(std::make_unique<EventLog>(clock)),
      store(std::make_unique<MemoryTokenStore>()),
      tokens(std::make_unique<TokenManager>(std::move(profile), store.get(), events.get(), clock)),
      client(std::make_unique<AuthorizedClient>(network.get(), tokens.get(), events.get(), clock))
{
    QObject::connect(events.get(), &EventLog::posted, &context,
                     [this](const Event &event) { recorded.append(event); });
}

ClientStack::ClientStack(const Sandbox &sandboxServer, Clock *clock, Profile profile,
                         TokenStore *sharedStore)
    : sandbox(sandboxServer),
      network(std::make_unique<QNetworkAccessManager>()),
      events(std::make_unique<EventLog>(clock)),
      tokens(std::make_unique<TokenManager>(std::move(profile), sharedStore, events.get(), clock)),
      client(std::make_unique<AuthorizedClient>(network.get(), tokens.get(), events.get(), clock))
{
    QObject::connect(events.get(), &EventLog::posted, &context,
                     [this](const Event &event) { recorded.append(event); });
}

ClientStack::~ClientStack() = default;

bool ClientStack::signIn(QString *error)
{
    bool done = false;
    bool ok = false;
    tokens->signIn(&context, [&](const TokenError *failure) {
        done = true;
        ok = !failure;
        if (failure && error)
            *error = failure->message;
    });
    QElapsedTimer timer;
    timer.start();
    while (!done && timer.elapsed() < 10000)
        QTest::qWait(5);
    return ok;
}

bool ClientStack::seedTokens(QString *error)
{
    Profile passwordProfile = profileFor(sandbox);
    TokenEndpoint endpoint(SystemClock::instance());
    std::optional<TokenExchangeResult> result;
    endpoint.exchange(passwordProfile, TokenEndpoint::signInForm(passwordProfile), &context,
                      [&](const TokenExchangeResult &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 10000))
        return false;
    if (const auto *failure = std::get_if<TokenError>(&*result)) {
        if (error)
            *error = failure->message;
        return false;
    }
    bool done = false;
    bool ok = false;
    tokens->adoptResponse(std::get<TokenResponse>(*result), &context,
                          [&](const TokenError *failure) {
                              done = true;
                              ok = !failure;
                          });
    return QTest::qWaitFor([&] { return done; }, 10000) && ok;
}

ApiCall *ClientStack::send(const QByteArray &method, const QString &path, BodySource body,
                           HeaderList headers)
{
    return client->send(Request(method, sandbox.apiUrl(path), std::move(body), std::move(headers)));
}

bool ClientStack::waitAll(const QList<ApiCall *> &calls, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    const auto allDone = [&] {
        return std::all_of(calls.begin(), calls.end(), [](ApiCall *c) { return c->isFinished(); });
    };
    while (!allDone() && timer.elapsed() < timeoutMs)
        QTest::qWait(5);
    return allDone();
}

bool ClientStack::signInAndFollow(ClientStack &leader, ClientStack &follower, QString *error)
{
    if (!leader.signIn(error))
        return false;
    bool done = false;
    bool ok = false;
    follower.tokens->load(&follower.context, [&](const TokenError *failure) {
        done = true;
        ok = !failure;
        if (failure)
            *error = failure->message;
    });
    if (!QTest::qWaitFor([&] { return done; }, 10000))
        *error = QStringLiteral("the follower did not load the tokens in time");
    return ok && follower.tokens->tokens().generation == leader.tokens->tokens().generation;
}

QList<ApiCall *> ClientStack::sendAcrossExpiry(Sandbox &sandbox, ClientStack &a, ClientStack &b,
                                               int perClient, int tokenDelayMs)
{
    sandbox.setTokenDelay(tokenDelayMs);
    sandbox.resetCounters();
    sandbox.expireAllTokens();
    QList<ApiCall *> calls;
    for (int i = 0; i < perClient; ++i) {
        calls.append(a.send("GET", QStringLiteral("/api/items")));
        calls.append(b.send("GET", QStringLiteral("/api/items")));
    }
    (void)QTest::qWaitFor([&sandbox] { return sandbox.counters().refreshGrants >= 1; }, 15000);
    return calls;
}

QString ClientStack::checkOutcomes(const QList<ApiCall *> &calls, int apiSuccesses)
{
    int succeeded = 0;
    for (const ApiCall *call : calls) {
        if (!call->isFinished())
            return QStringLiteral("a call never finished");
        if (call->isSuccess()) {
            ++succeeded;
            if (call->httpStatus() != 200)
                return QStringLiteral("a success with status %1").arg(call->httpStatus());
        } else if (call->httpStatus() < 300 && call->errorString().isEmpty()) {
            return QStringLiteral("a failed call without the server's answer or a reason");
        }
    }
    if (succeeded != apiSuccesses)
        return QStringLiteral("%1 calls reported success, the API answered %2 of them")
            .arg(succeeded)
            .arg(apiSuccesses);
    return {};
}

bool ClientStack::isOneWholeGeneration(const TokenSet &held, const QList<TokenSet> &candidates)
{
    return std::any_of(candidates.begin(), candidates.end(), [&held](const TokenSet &other) {
        return held.generation == other.generation && held.accessToken == other.accessToken
            && held.refreshToken == other.refreshToken;
    });
}

int ClientStack::count(EventType type) const
{
    return int(std::count_if(recorded.begin(), recorded.end(),
                             [type](const Event &e) { return e.type == type; }));
}

QList<Event> ClientStack::eventsOf(EventType type) const
{
    QList<Event> matching;
    for (const Event &e : recorded) {
        if (e.type == type)
            matching.append(e);
    }
    return matching;
}

QByteArray passwordGrantResponse(const Sandbox &sandbox)
{
    return passwordGrantResponse(sandbox.tokenUrl(), sandbox.config());
}

QByteArray passwordGrantResponse(const QUrl &tokenUrl, const SandboxConfig &config)
{
    QNetworkAccessManager network;
    QNetworkRequest request(tokenUrl);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader(
        "Authorization",
        "Basic " + (config.clientId + QLatin1Char(':') + config.clientSecret).toUtf8().toBase64());
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("password"));
    form.addQueryItem(QStringLiteral("username"), config.username);
    form.addQueryItem(QStringLiteral("password"), config.password);
    std::unique_ptr<QNetworkReply> reply(
        network.post(request, form.query(QUrl::FullyEncoded).toUtf8()));
    if (!QTest::qWaitFor([&reply] { return reply->isFinished(); }, 10000)
        || reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
        return {};
    return reply->readAll();
}

} // namespace Keyway::Test
