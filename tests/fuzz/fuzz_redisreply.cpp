// Fuzzes what the Redis store makes of a server's answers: the input is raw RESP bytes (what a
// server, or anything listening on its port, sends), read into reply trees by hiredis's own
// reader with the store's array cap, then each reply is taken as the answer to the load and the
// compare-and-swap scripts, by a plain store and by an encrypting one (fixed fuzz key).

#include "auth/tokenset.h"
#include "fuzzinput.h"
#include "store/redisanswers.h"
#include "store/storecipher.h"

using namespace Keyway;

namespace {

void feed(const RedisAnswers::Context &context, const RedisReply &reply)
{
    (void)RedisAnswers::load(context, reply);
    TokenSet next;
    next.accessToken = QStringLiteral("next-access");
    next.generation = 2;
    (void)RedisAnswers::compareAndSwap(context, next, reply);
    for (const RedisReply &element : reply.elements) {
        QString error;
        (void)RedisAnswers::tokenSet(context, element, &error);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QByteArray key(StoreCipher::KeySize, '\x2a');
    static QString unused;
    static const std::optional<StoreCipher> cipher = StoreCipher::fromKey(key, &unused);

    QString error;
    const QList<RedisReply> replies = RedisReply::readAll(Fuzz::bytes(data, size), &error);
    const RedisAnswers::Context plain {QStringLiteral("fuzz:6379"), "keyway:fuzz:p:tokens"};
    const RedisAnswers::Context sealed {QStringLiteral("fuzz:6379"), "keyway:fuzz:p:tokens",
                                        &*cipher};
    for (const RedisReply &reply : replies) {
        feed(plain, reply);
        feed(sealed, reply);
    }
    return 0;
}
