#pragma once

#include <QString>

#include <optional>

namespace Keyway {

// Where a Redis server is and how to log in: parsed from redis://[user:password@]host:port/db or
// unix:///path/to/redis.sock[?db=N], either with ?encrypt=1 (tokens encrypted at rest with the
// store key, StoreKeySource). The password is kept for AUTH only and never described.
struct RedisUrl
{
    enum class Transport { Tcp, Unix };

    Transport transport = Transport::Tcp;
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 6379;
    QString socketPath; // Unix transport only
    QString user; // empty: the default user (AUTH with the password only)
    QString password; // empty: no AUTH
    int db = 0;
    bool encrypt = false; // ?encrypt=1

    // Returns nothing and sets *error (which never repeats a password) when `text` is not a Redis
    // URL Keyway can use.
    static std::optional<RedisUrl> parse(const QString &text, QString *error);

    // "redis://host:port/db" or "unix:///path.sock?db=N", with "?encrypt=1" when set: for logs
    // and messages, no credentials.
    QString describe() const;
    // "host:port" or the socket path: how messages name the server.
    QString address() const;
};

} // namespace Keyway
