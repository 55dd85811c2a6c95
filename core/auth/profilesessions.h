#pragma once

// The auth profiles one front end sends with: profile name -> TokenManager over the profile's
// own token store, one per profile for the whole window, CLI command or collection run (so an
// expiry costs one refresh however many requests wait), and the AuthorizedClients over it, one
// per distinct ClientOptions (a run's per-request timeouts); plus clients without a
// TokenManager for requests whose auth is none, a fixed Bearer or Basic.

#include "auth/profile.h"
#include "http/authorizedclient.h"
#include "store/tokenstore.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace Keyway {

class AuthorizedClient;
class Clock;
class EventLog;
class TokenManager;

// Reads `tokens`' stored set and, when there is one, hands it to the TokenManager. Answers with
// the store's own result, so that callers can tell "nothing stored", "unreachable" and
// "unreadable" apart. `done` runs on `context`.
void loadStoredTokens(TokenManager *tokens, QObject *context,
                      std::function<void(const StoreResult &)> done);

class ProfileSessions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileSessions)
public:
    // Window: kept whatever workspace is open (the demo's profile). Workspace: read from the
    // open workspace's profile files, dropped when another workspace is opened.
    enum class Scope { Window, Workspace };

    ProfileSessions(QNetworkAccessManager *network, EventLog *events, Clock *clock,
                    QObject *parent = nullptr);
    ~ProfileSessions() override;

    // Adds `profile` over `store` (a MemoryTokenStore when null), replacing a profile of the same
    // name. Returns its TokenManager.
    TokenManager *add(Profile profile, std::unique_ptr<TokenStore> store,
                      Scope scope = Scope::Workspace);
    // Drops every profile of Scope::Workspace (their calls finish first: deleted later).
    void clearWorkspace();

    // Null when there is no profile of that name.
    TokenManager *tokens(const QString &profile) const;
    AuthorizedClient *client(const QString &profile) const;
    // The profile's client for `options` (its own TLS settings apply whatever `options` say):
    // made on first use, kept with the profile, and sending over the profile's one TokenManager.
    AuthorizedClient *client(const QString &profile, const ClientOptions &options);
    AuthorizedClient *plainClient() const { return m_plainClients.constFirst().second; }
    // A client without a TokenManager for `options`, made on first use.
    AuthorizedClient *plainClient(const ClientOptions &options);
    bool contains(const QString &profile) const { return m_sessions.contains(profile); }
    // Sorted by name.
    QStringList names() const;
    EventLog *events() const { return m_events; }
    Clock *clock() const { return m_clock; }

    // Why a saved profile of the open workspace could not be opened (empty: it could, or there
    // is no such file).
    QString problem(const QString &profile) const { return m_problems.value(profile); }
    void setProblem(const QString &profile, const QString &problem);
    // Whether a saved profile is being opened (its secrets and stored tokens are being read).
    bool isOpening(const QString &profile) const { return m_opening.contains(profile); }
    void setOpening(const QString &profile, bool opening);

Q_SIGNALS:
    // A profile was added, replaced or dropped.
    void profilesChanged();

private:
    // The clients made so far, each with the options it has; the first has the default options
    // and is made at once, so that the const getters can hand it out.
    using ClientList = QList<std::pair<ClientOptions, AuthorizedClient *>>;
    struct Session
    {
        QObject *holder = nullptr; // owns `clientHolder`, then the TokenManager and its store
        QObject *clientHolder = nullptr; // owns the clients: they (and their calls) go first
        TokenManager *tokens = nullptr;
        ClientList clients;
        Scope scope = Scope::Workspace;
    };
    void drop(const Session &session);
    AuthorizedClient *clientFor(ClientList *clients, TokenManager *tokens, QObject *parent,
                                const ClientOptions &options);

    QNetworkAccessManager *m_network;
    EventLog *m_events;
    Clock *m_clock;
    ClientList m_plainClients;
    QHash<QString, Session> m_sessions;
    QHash<QString, QString> m_problems;
    QSet<QString> m_opening;
};

} // namespace Keyway
