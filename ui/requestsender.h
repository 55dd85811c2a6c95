#pragma once

#include <QObject>

namespace Keyway {

class ApiCall;
class CallLogModel;
class ExchangeLog;
class ProfileSessions;
class RequestTab;
struct WorkspaceData;

// Sends what a request tab describes and shows the answer in that tab: resolves the request in
// its workspace (folders' headers and auth, the environment's variables), sends it with the
// client its auth names (the profile's own, or the plain client for none, a fixed Bearer or
// Basic), says in the tab's banner why it was not sent, and cancels on request or timeout.
class RequestSender final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestSender)
public:
    RequestSender(ProfileSessions *profiles, ExchangeLog *exchanges, CallLogModel *logModel,
                  QObject *parent = nullptr);

    // `workspace` as the window holds it now; the tab's request replaces its saved copy (or is
    // added at the top level) for the resolving.
    void send(RequestTab *tab, const WorkspaceData &workspace, const QString &environment);
    void cancel(RequestTab *tab);

Q_SIGNALS:
    // Something for the status bar.
    void message(const QString &text);
    // A call sent from `tab` ended (answered, failed or cancelled), before the tab shows it.
    void callFinished(Keyway::RequestTab *tab, const Keyway::ApiCall &call, const QString &profile);

private:
    // The reason a request with auth `profile` cannot be sent; empty when it can.
    QString profileProblem(const QString &profile) const;

    ProfileSessions *m_profiles;
    ExchangeLog *m_exchanges;
    CallLogModel *m_logModel;
};

} // namespace Keyway
