#pragma once

#include <QByteArray>

namespace Keyway {

// A Lua script for EVALSHA, with its SHA1 so that it is sent in full only when Redis does not
// know it yet (NOSCRIPT, e.g. after a restart).
struct RedisScript
{
    QByteArray source;
    QByteArray sha1; // lowercase hex
};

// The scripts RedisTokenStore runs. Each one touches the keys of a single profile, passed as KEYS.
namespace RedisScripts {

// KEYS: tokens hash, dead marker, and optionally the tokens hash's key from before names were
// encoded (renamed to the first when only it exists).
// Returns {"none", dead} | {"wrongtype", type, dead} | {"hash", set, generation, dead}; a missing
// value is nil.
const RedisScript &load();

// KEYS: tokens hash, dead marker. ARGV: expected generation, next set JSON, next generation,
// TTL in ms (0: none), channel, the stored format version of the next set, the writer's store
// key id (empty: it does not encrypt; a stored set sealed otherwise is "corrupt", never replaced).
// Returns {"ok"} | {"conflict", set} | {"corrupt", what}. Storing the very set that is stored
// already is "ok", so that a resend after a lost answer is harmless.
const RedisScript &compareAndSwap();

// KEYS: tokens hash, dead marker. ARGV: channel. Returns the number of keys deleted.
const RedisScript &clear();

// KEYS: lease. ARGV: owner, TTL in ms. SET NX PX: 1 when `owner` now holds the lease, 0 when
// someone else does. The holder asking again extends its lease, as MemoryTokenStore allows.
const RedisScript &acquireLease();

// KEYS: lease. ARGV: owner. Deletes the lease only while `owner` holds it; returns 1 or 0.
const RedisScript &releaseLease();

} // namespace RedisScripts

} // namespace Keyway
