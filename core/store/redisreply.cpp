#include "store/redisreply.h"

#include <hiredis/hiredis.h>
#include <hiredis/read.h>

#include <memory>

namespace Keyway {

namespace {

// hiredis's own reply builders, with the array one refusing what no Keyway command is answered
// with. Copied from a reader's table the first time, since hiredis does not export it.
struct CappedFunctions
{
    redisReplyObjectFunctions table;
    void *(*createArray)(const redisReadTask *, int);
};

void *createCappedArray(const redisReadTask *task, int elements);

const CappedFunctions &capped(const redisReplyObjectFunctions *defaults)
{
    static const CappedFunctions functions = [defaults] {
        CappedFunctions made {*defaults, defaults->createArray};
        made.table.createArray = &createCappedArray;
        return made;
    }();
    return functions;
}

void *createCappedArray(const redisReadTask *task, int elements)
{
    // NULL makes the reader fail with an error rather than allocate.
    if (elements < 0 || elements > RedisReply::MaxElements)
        return nullptr;
    return capped(nullptr).createArray(task, elements);
}

} // namespace

RedisReply RedisReply::fromHiredis(const redisReply *reply)
{
    RedisReply copy;
    switch (reply->type) {
    case REDIS_REPLY_STRING:
        copy.type = Type::String;
        copy.text = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_STATUS:
        copy.type = Type::Status;
        copy.text = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_ERROR:
        copy.type = Type::Error;
        copy.text = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_INTEGER:
        copy.type = Type::Integer;
        copy.integer = reply->integer;
        break;
    case REDIS_REPLY_ARRAY:
        // hiredis's reader nests at most 7 levels deep, so this recursion is bounded.
        copy.type = Type::Array;
        copy.elements.reserve(qsizetype(reply->elements));
        for (size_t i = 0; i < reply->elements; ++i)
            copy.elements.append(fromHiredis(reply->element[i]));
        break;
    case REDIS_REPLY_NIL:
    default: copy.type = Type::Nil; break;
    }
    return copy;
}

RedisReply RedisReply::unavailable(const QString &failure)
{
    RedisReply reply;
    reply.failure = failure;
    return reply;
}

QList<RedisReply> RedisReply::readAll(const QByteArray &resp, QString *error)
{
    const std::unique_ptr<redisReader, decltype(&redisReaderFree)> reader(redisReaderCreate(),
                                                                          &redisReaderFree);
    QList<RedisReply> replies;
    if (!reader) {
        *error = QStringLiteral("out of memory");
        return replies;
    }
    capReplyArrays(reader.get());
    if (redisReaderFeed(reader.get(), resp.constData(), size_t(resp.size())) != REDIS_OK) {
        *error = QString::fromLatin1(reader->errstr);
        return replies;
    }
    for (;;) {
        void *raw = nullptr;
        if (redisReaderGetReply(reader.get(), &raw) != REDIS_OK) {
            *error = QString::fromLatin1(reader->errstr);
            return replies;
        }
        if (!raw)
            return replies; // the rest is incomplete
        replies.append(fromHiredis(static_cast<redisReply *>(raw)));
        freeReplyObject(raw);
    }
}

void capReplyArrays(redisReader *reader)
{
    // hiredis never writes through the table.
    reader->fn = const_cast<redisReplyObjectFunctions *>(&capped(reader->fn).table);
}

} // namespace Keyway
