#pragma once

#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

namespace Keyway::Cli {

// Tells why a host cannot be reached after a request got no answer: opens a TCP connection to the
// URL's host and port and names what went wrong ("nothing is listening on 127.0.0.1:1"). The
// core reports no answer as one error; this turns it into something a person can fix.
class ConnectionCheck final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionCheck)
public:
    // Calls back on `context`, unless it is gone. nullopt: a connection could be made, so the
    // problem lies elsewhere (TLS, a reset, ...).
    using Callback = std::function<void(const std::optional<QString> &problem)>;

    static void run(const QUrl &url, QObject *context, Callback callback);

private:
    ConnectionCheck(const QUrl &url, QObject *context, Callback callback);
    void finish(const std::optional<QString> &problem);

    QString m_host;
    QString m_hostPort;
    Callback m_callback;
    bool m_done = false;
};

} // namespace Keyway::Cli
