#include "session.h"

#include "auth/clock.h"
#include "auth/tokenmanager.h"
#include "http/authorizedclient.h"
#include "log/eventlog.h"
#include "store/memorytokenstore.h"

#include <QNetworkAccessManager>

namespace Keyway::Cli {

Session::Session(Profile profile)
    : m_network(std::make_unique<QNetworkAccessManager>()),
      m_events(std::make_unique<EventLog>(SystemClock::instance())),
      m_store(std::make_unique<MemoryTokenStore>()),
      m_tokens(std::make_unique<TokenManager>(std::move(profile), m_store.get(), m_events.get(),
                                              SystemClock::instance())),
      m_client(std::make_unique<AuthorizedClient>(m_network.get(), m_tokens.get(), m_events.get(),
                                                  SystemClock::instance()))
{
}

Session::~Session() = default;

} // namespace Keyway::Cli
