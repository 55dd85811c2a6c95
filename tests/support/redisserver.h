#pragma once

#include "store/redisurl.h"

#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace Keyway::Test {

// A real redis-server of its own for one test: a free loopback port and a Unix socket in a
// temporary directory, nothing saved to disk. It can be stopped, paused and started again on the
// same port, as an outage looks to a client.
class RedisServer
{
public:
    // `extraArgs` go to redis-server as they are, e.g. {"--requirepass", "s3cret"}.
    explicit RedisServer(QStringList extraArgs = {});
    ~RedisServer();
    RedisServer(const RedisServer &) = delete;
    RedisServer &operator=(const RedisServer &) = delete;

    // Starts the server (on the same port as before, after the first time) and waits until it
    // answers PING.
    bool start(QString *error = nullptr);
    // Terminates the server and waits for it to be gone.
    void stop();
    // SIGKILL: the server dies without a word (a crash, the OOM killer) and waits for it to be
    // gone; start() brings it back on the same port, with what it had persisted (see
    // `extraArgs`: nothing by default).
    void kill();
    // SIGSTOP / SIGCONT: a server that accepts connections but never answers.
    void pause();
    void resume();
    bool isRunning() const;

    quint16 port() const { return m_port; }
    QString socketPath() const;
    // redis://127.0.0.1:PORT/db, with the credentials given.
    RedisUrl url(const QString &password = {}, const QString &user = {}, int db = 0) const;

    // Runs redis-cli against the server (logged in when the server has a password) and returns
    // its standard output without the final newline.
    QByteArray cli(const QStringList &args) const;

private:
    bool launch(QString *error);
    bool waitUntilAnswering(int timeoutMs) const;

    QStringList m_extraArgs;
    QString m_password;
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    bool m_paused = false;
};

} // namespace Keyway::Test
