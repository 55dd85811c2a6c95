#pragma once

#include "store/redisreply.h"
#include "store/tokenstore.h"

namespace Keyway {

class StoreCipher;

// What RedisTokenStore makes of Redis's answers to its scripts (redisscripts.h), as free
// functions over the reply tree: no connection or server needed, so tests and the fuzz target
// (tests/fuzz/fuzz_redisreply.cpp) feed them any answer.
namespace RedisAnswers {

struct Context
{
    QString address; // how messages name the server ("host:port")
    QByteArray tokensKey; // the profile's tokens hash
    // Non-null: the store encrypts; sealed sets are opened with it and plain ones refused.
    const StoreCipher *cipher = nullptr;
};

// The associated data a profile's sealed set is bound to: its key and its generation.
QByteArray associatedData(const QByteArray &tokensKey, quint64 generation);

// An answer that is not what the command returns: Redis down, an error (NOPERM, READONLY, OOM,
// ...) or something unexpected, worded with what the store was asked to do.
StoreResult unavailable(const Context &context, const RedisReply &reply, const QString &what);
// RedisScripts::load().
StoreResult load(const Context &context, const RedisReply &reply);
// RedisScripts::compareAndSwap(), for a write of `next`.
StoreResult compareAndSwap(const Context &context, const TokenSet &next, const RedisReply &reply);
// One stored "set" field (a String reply): the token set, or nothing and *error.
// A sealed set is opened with the generation it states in the clear as associated data, and
// must hold that generation. *sealedWithOtherKey (when given) says whether the set failed only
// for want of the store key it was sealed with.
std::optional<TokenSet> tokenSet(const Context &context, const RedisReply &set, QString *error,
                                 bool *sealedWithOtherKey = nullptr);

} // namespace RedisAnswers

} // namespace Keyway
