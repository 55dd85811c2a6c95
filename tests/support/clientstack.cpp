#include "clientstack.h"

#include "auth/clock.h"
#include "auth/tokenendpoint.h"
#include "sandbox/sandbox.h"

#include <QElapsedTimer>
#include <QTest>

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
    tokens->adoptResponse(std::get<TokenResponse>(*result), &context, [&](const TokenError *failure) {
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

} // namespace Keyway::Test
