#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

struct redisReader;
struct redisReply;

namespace Keyway {

// One answer from Redis as a plain tree, copied out of hiredis; or Unavailable with what went
// wrong. What RedisTokenStore reads is decided over this tree alone (redisanswers.h), so that the
// fuzz target can feed it answers read from raw RESP bytes without a server.
struct RedisReply
{
    enum class Type { Unavailable, Nil, Status, Error, Integer, String, Array };

    // No Keyway command is answered with more elements than this. hiredis allocates an array of
    // the length the server announces before any element arrives: a broken or hostile server
    // saying "*2000000000" would take gigabytes. Longer arrays are a protocol error.
    static constexpr int MaxElements = 1024;

    Type type = Type::Unavailable;
    QByteArray text; // String, Status and Error
    qint64 integer = 0;
    QList<RedisReply> elements;
    QString failure; // Unavailable: what is wrong and what to do

    bool is(Type t) const { return type == t; }

    static RedisReply fromHiredis(const redisReply *reply);
    static RedisReply unavailable(const QString &failure);

    // Every complete reply in `resp` (RESP2 bytes, as a server sends them), read by hiredis's own
    // reader with the element cap; stops at the first protocol error (then *error says it) or at
    // an incomplete reply.
    static QList<RedisReply> readAll(const QByteArray &resp, QString *error);
};

// Makes `reader` (a connection's, or a new one) refuse arrays longer than RedisReply::MaxElements
// before allocating them.
void capReplyArrays(redisReader *reader);

} // namespace Keyway
