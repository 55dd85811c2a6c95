#include "http/authorizedclient.h"

#include "auth/tokenmanager.h"
#include "http/calldriver.h"

namespace Keyway {

AuthorizedClient::AuthorizedClient(QNetworkAccessManager *network, TokenManager *tokens,
                                   EventLog *events, Clock *clock, ClientOptions options,
                                   QObject *parent)
    : QObject(parent),
      m_network(network),
      m_tokens(tokens),
      m_events(events),
      m_clock(clock),
      m_options(options)
{
}

ApiCall *AuthorizedClient::send(Request request, QIODevice *bodySink)
{
    auto *call = new ApiCall(m_nextCallId++, std::move(request), this);
    call->m_sink = bodySink;
    const TlsSettings &tls = m_tokens ? m_tokens->profile().tls : m_options.tls;
    if (!(m_tls.settings == tls))
        m_tls = TlsSetup::from(tls);
    auto *driver = new CallDriver(call, m_network, m_tokens, m_events, m_clock, m_options, m_tls);
    call->m_driver = driver;
    // Started at once (the token is usually at hand, so the request leaves now); a call that ends
    // inside start() announces itself from the event loop, after the caller has connected.
    driver->start();
    return call;
}

} // namespace Keyway
