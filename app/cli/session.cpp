#include "session.h"

#include "console.h"

#include "auth/clock.h"
#include "auth/profilesessions.h"
#include "auth/tokenmanager.h"
#include "http/authorizedclient.h"
#include "log/eventlog.h"

#include <QNetworkAccessManager>

namespace Keyway::Cli {

Session::Session()
    : m_network(std::make_unique<QNetworkAccessManager>()),
      m_events(std::make_unique<EventLog>(SystemClock::instance())),
      m_profiles(std::make_unique<ProfileSessions>(m_network.get(), m_events.get(),
                                                   SystemClock::instance()))
{
}

Session::Session(Profile profile, std::unique_ptr<TokenStore> store) : Session()
{
    add(std::move(profile), std::move(store));
}

Session::~Session() = default;

TokenManager *Session::add(Profile profile, std::unique_ptr<TokenStore> store)
{
    if (profile.tls.insecure)
        warnInsecureTls(QStringLiteral("profile '%1'").arg(profile.name));
    TokenManager *tokens = m_profiles->add(std::move(profile), std::move(store));
    if (!m_first)
        m_first = tokens;
    return tokens;
}

TokenStore *Session::store() const
{
    return m_first ? m_first->store() : nullptr;
}

AuthorizedClient *Session::client() const
{
    return m_first ? m_profiles->client(m_first->profile().name) : nullptr;
}

void warnInsecureTls(const QString &what)
{
    writeErr(QStringLiteral("keyway-cli: WARNING: %1 accepts any TLS certificate (--insecure): "
                            "certificates are NOT checked, and anyone on the path can read and "
                            "change the requests, tokens included. For testing only.")
                 .arg(what));
}

void Session::loadStored(QObject *context, std::function<void(const StoreResult &)> done)
{
    loadStoredTokens(m_first, context, std::move(done));
}

void Session::settle(QObject *context, std::function<void()> done)
{
    const QStringList names = m_profiles->names();
    if (names.isEmpty()) {
        done();
        return;
    }
    auto pending = std::make_shared<qsizetype>(names.size());
    for (const QString &name : names) {
        TokenStore *store = m_profiles->tokens(name)->store();
        store->load(name, context, [store, name, context, done, pending](const StoreResult &) {
            store->load(name, context, [done, pending](const StoreResult &) {
                if (--*pending == 0)
                    done();
            });
        });
    }
}

} // namespace Keyway::Cli
