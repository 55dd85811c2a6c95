#include "http/authorizedclient.h"

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

ApiCall *AuthorizedClient::send(Request request)
{
    auto *call = new ApiCall(m_nextCallId++, std::move(request), this);
    auto *driver = new CallDriver(call, m_network, m_tokens, m_events, m_clock, m_options);
    // Started from the event loop, so that a caller always gets to connect to finished() first.
    QMetaObject::invokeMethod(driver, &CallDriver::start, Qt::QueuedConnection);
    return call;
}

} // namespace Keyway
