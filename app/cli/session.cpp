#include "session.h"

#include "console.h"

#include "auth/clock.h"
#include "auth/profilesessions.h"
#include "auth/tokenmanager.h"
#include "http/authorizedclient.h"
#include "log/eventlog.h"
#include "store/memorytokenstore.h"

#include <QNetworkAccessManager>

namespace Keyway::Cli {

Session::Session(Profile profile, std::unique_ptr<TokenStore> store)
    : m_network(std::make_unique<QNetworkAccessManager>()),
      m_events(std::make_unique<EventLog>(SystemClock::instance())),
      m_store(store ? std::move(store) : std::make_unique<MemoryTokenStore>()),
      m_tokens(std::make_unique<TokenManager>(std::move(profile), m_store.get(), m_events.get(),
                                              SystemClock::instance())),
      m_client(std::make_unique<AuthorizedClient>(m_network.get(), m_tokens.get(), m_events.get(),
                                                  SystemClock::instance()))
{
    const Profile &used = m_tokens->profile();
    if (used.tls.insecure)
        warnInsecureTls(QStringLiteral("profile '%1'").arg(used.name));
}

void warnInsecureTls(const QString &what)
{
    writeErr(QStringLiteral("keyway-cli: WARNING: %1 accepts any TLS certificate (--insecure): "
                            "certificates are NOT checked, and anyone on the path can read and "
                            "change the requests, tokens included. For testing only.")
                 .arg(what));
}

Session::~Session() = default;

void Session::loadStored(QObject *context, std::function<void(const StoreResult &)> done)
{
    loadStoredTokens(m_tokens.get(), context, std::move(done));
}

void Session::settle(QObject *context, std::function<void()> done)
{
    const QString profile = m_tokens->profile().name;
    m_store->load(profile, context, [this, profile, context, done](const StoreResult &) {
        m_store->load(profile, context, [done](const StoreResult &) { done(); });
    });
}

} // namespace Keyway::Cli
