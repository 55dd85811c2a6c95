#include "profilesessions.h"

#include "auth/tokenmanager.h"
#include "http/authorizedclient.h"
#include "store/memorytokenstore.h"

#include <QPointer>

namespace Keyway {

void loadStoredTokens(TokenManager *tokens, QObject *context,
                      std::function<void(const StoreResult &)> done)
{
    // Two reads: the store's answer says what is wrong, TokenManager::load only that something
    // is. The second one is skipped when there is nothing to adopt.
    const QPointer<QObject> guard(context);
    const QPointer<TokenManager> manager(tokens);
    tokens->store()->load(tokens->profile().name, context,
                          [manager, guard, done](const StoreResult &result) {
                              if (!result.ok() || !result.tokens || !manager) {
                                  done(result);
                                  return;
                              }
                              manager->load(guard, [guard, done, result](const TokenError *error) {
                                  if (!guard)
                                      return;
                                  if (!error) {
                                      done(result);
                                      return;
                                  }
                                  // Gone or unreachable between the two reads: say so as the store
                                  // would.
                                  StoreResult failed;
                                  failed.status = StoreResult::Status::Unavailable;
                                  failed.message = error->message;
                                  done(failed);
                              });
                          });
}

ProfileSessions::ProfileSessions(QNetworkAccessManager *network, EventLog *events, Clock *clock,
                                 QObject *parent)
    : QObject(parent), m_network(network), m_events(events), m_clock(clock)
{
    clientFor(&m_plainClients, nullptr, this, {});
}

ProfileSessions::~ProfileSessions() = default;

TokenManager *ProfileSessions::add(Profile profile, std::unique_ptr<TokenStore> store, Scope scope)
{
    const QString name = profile.name;
    if (const auto found = m_sessions.constFind(name); found != m_sessions.constEnd())
        drop(*found);
    Session session;
    session.scope = scope;
    session.holder = new QObject(this);
    // Children go in the order they were added: the clients (and their calls) first, then the
    // TokenManager, whose store is its own child and so outlives the TokenManager's destructor.
    session.clientHolder = new QObject(session.holder);
    TokenStore *owned = store ? store.release() : new MemoryTokenStore;
    session.tokens = new TokenManager(std::move(profile), owned, m_events, m_clock);
    owned->setParent(session.tokens);
    clientFor(&session.clients, session.tokens, session.clientHolder, {});
    session.tokens->setParent(session.holder);
    m_sessions.insert(name, session);
    m_problems.remove(name);
    Q_EMIT profilesChanged();
    return session.tokens;
}

void ProfileSessions::drop(const Session &session)
{
    // A call still running holds its client and TokenManager until it finishes this turn.
    session.holder->setParent(nullptr);
    session.holder->deleteLater();
}

void ProfileSessions::clearWorkspace()
{
    for (auto it = m_sessions.begin(); it != m_sessions.end();) {
        if (it->scope == Scope::Workspace) {
            drop(*it);
            it = m_sessions.erase(it);
        } else {
            ++it;
        }
    }
    m_problems.clear();
    m_opening.clear();
    Q_EMIT profilesChanged();
}

TokenManager *ProfileSessions::tokens(const QString &profile) const
{
    return m_sessions.value(profile).tokens;
}

AuthorizedClient *ProfileSessions::client(const QString &profile) const
{
    const auto found = m_sessions.constFind(profile);
    return found == m_sessions.constEnd() ? nullptr : found->clients.constFirst().second;
}

AuthorizedClient *ProfileSessions::client(const QString &profile, const ClientOptions &options)
{
    const auto found = m_sessions.find(profile);
    if (found == m_sessions.end())
        return nullptr;
    return clientFor(&found->clients, found->tokens, found->clientHolder, options);
}

AuthorizedClient *ProfileSessions::plainClient(const ClientOptions &options)
{
    return clientFor(&m_plainClients, nullptr, this, options);
}

AuthorizedClient *ProfileSessions::clientFor(ClientList *clients, TokenManager *tokens,
                                             QObject *parent, const ClientOptions &options)
{
    for (const auto &[made, client] : std::as_const(*clients)) {
        if (made == options)
            return client;
    }
    auto *client = new AuthorizedClient(m_network, tokens, m_events, m_clock, options, parent);
    clients->append({options, client});
    return client;
}

QStringList ProfileSessions::names() const
{
    QStringList names = m_sessions.keys();
    names.sort();
    return names;
}

void ProfileSessions::setProblem(const QString &profile, const QString &problem)
{
    m_problems.insert(profile, problem);
}

void ProfileSessions::setOpening(const QString &profile, bool opening)
{
    if (opening)
        m_opening.insert(profile);
    else
        m_opening.remove(profile);
}

} // namespace Keyway
