#include "benchclient.h"

#include <QEventLoop>

namespace Keyway::Bench {

bool BenchClient::start(QString *error)
{
    if (!sandbox.start({}, error))
        return false;
    tokens =
        std::make_unique<TokenManager>(sandbox.profile(), &store, &events, SystemClock::instance());
    client = std::make_unique<AuthorizedClient>(&network, tokens.get(), &events,
                                                SystemClock::instance());
    QEventLoop loop;
    bool signedIn = false;
    tokens->signIn(&loop, [&](const TokenError *failure) {
        signedIn = !failure;
        if (failure)
            *error = QStringLiteral("sign-in failed: ") + failure->message;
        loop.quit();
    });
    loop.exec();
    return signedIn;
}

void BenchClient::sendGet(const QUrl &url, std::function<void(bool)> done)
{
    ApiCall *call = client->send(Request("GET", url));
    QObject::connect(call, &ApiCall::finished, call, [call, done] {
        done(call->isSuccess());
        call->deleteLater();
    });
}

} // namespace Keyway::Bench
