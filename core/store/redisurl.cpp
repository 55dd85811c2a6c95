#include "store/redisurl.h"

#include <QUrl>
#include <QUrlQuery>

namespace Keyway {

namespace {

const QLatin1String Forms("use redis://[user:password@]host:port/db or unix:///path/to/redis.sock, "
                          "either with ?encrypt=1 to encrypt the tokens");

bool parseDb(const QString &text, int *db)
{
    if (text.isEmpty()) {
        *db = 0;
        return true;
    }
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < 0 || text.startsWith(QLatin1Char('+')))
        return false;
    *db = value;
    return true;
}

// The query's options: encrypt=0|1 everywhere, db=N where the path cannot say it. Returns false
// for anything else.
bool parseOptions(const QUrl &url, bool dbAllowed, RedisUrl *result)
{
    const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items) {
        if (key == QLatin1String("encrypt")
            && (value == QLatin1String("1") || value == QLatin1String("0")))
            result->encrypt = value == QLatin1String("1");
        else if (!(dbAllowed && key == QLatin1String("db") && parseDb(value, &result->db)))
            return false;
    }
    return true;
}

} // namespace

std::optional<RedisUrl> RedisUrl::parse(const QString &text, QString *error)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty()) {
        // The text may hold a password: it is not repeated.
        *error = QStringLiteral("the Redis URL could not be read as a URL: %1").arg(Forms);
        return std::nullopt;
    }
    const QString shown = url.toDisplayString(QUrl::RemovePassword);
    RedisUrl result;
    result.user = url.userName(QUrl::FullyDecoded);
    result.password = url.password(QUrl::FullyDecoded);
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("redis")) {
        if (url.host().isEmpty()) {
            *error = QStringLiteral("the Redis URL '%1' names no host: %2").arg(shown, Forms);
            return std::nullopt;
        }
        result.host = url.host(QUrl::FullyDecoded);
        const int port = url.port(6379);
        if (port <= 0) {
            *error = QStringLiteral("the Redis URL '%1' has no usable port").arg(shown);
            return std::nullopt;
        }
        result.port = quint16(port);
        QString path = url.path(QUrl::FullyDecoded);
        if (path.startsWith(QLatin1Char('/')))
            path.remove(0, 1);
        if (!parseDb(path, &result.db)) {
            *error = QStringLiteral("the Redis URL '%1' names database '%2'; a database is a "
                                    "number (redis://host:port/0)")
                         .arg(shown, path);
            return std::nullopt;
        }
        if (!parseOptions(url, false, &result)) {
            *error = QStringLiteral("the Redis URL '%1' has options Keyway does not know: %2")
                         .arg(shown, Forms);
            return std::nullopt;
        }
        return result;
    }
    if (scheme == QLatin1String("unix")) {
        result.transport = Transport::Unix;
        result.host.clear();
        result.port = 0;
        result.socketPath = url.path(QUrl::FullyDecoded);
        if (!url.host().isEmpty() || !result.socketPath.startsWith(QLatin1Char('/'))
            || result.socketPath.size() < 2) {
            *error = QStringLiteral("the Redis URL '%1' does not name a socket by its absolute "
                                    "path: use unix:///path/to/redis.sock")
                         .arg(shown);
            return std::nullopt;
        }
        if (!parseOptions(url, true, &result)) {
            *error = QStringLiteral("the Redis URL '%1' has an option Keyway does not know "
                                    "or a database that is not a number (unix:///path.sock"
                                    "?db=0&encrypt=1)")
                         .arg(shown);
            return std::nullopt;
        }
        return result;
    }
    if (scheme == QLatin1String("rediss")) {
        *error = QStringLiteral("Redis over TLS (rediss://) is not supported yet: use a local "
                                "TLS tunnel and redis://, or unix:///path/to/redis.sock");
        return std::nullopt;
    }
    *error = QStringLiteral("'%1' is not a Redis URL: %2").arg(shown, Forms);
    return std::nullopt;
}

QString RedisUrl::describe() const
{
    if (transport == Transport::Unix) {
        QString text = QStringLiteral("unix://") + socketPath;
        if (db)
            text += QStringLiteral("?db=%1").arg(db);
        if (encrypt)
            text += (db ? QLatin1Char('&') : QLatin1Char('?')) + QStringLiteral("encrypt=1");
        return text;
    }
    return QStringLiteral("redis://%1/%2%3")
        .arg(address())
        .arg(db)
        .arg(encrypt ? QStringLiteral("?encrypt=1") : QString());
}

QString RedisUrl::address() const
{
    if (transport == Transport::Unix)
        return socketPath;
    const QString shownHost =
        host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    return QStringLiteral("%1:%2").arg(shownHost).arg(port);
}

} // namespace Keyway
