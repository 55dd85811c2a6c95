#include "store/redisscripts.h"

#include <QCryptographicHash>

namespace Keyway::RedisScripts {

namespace {

RedisScript make(const char *source)
{
    RedisScript script;
    script.source = QByteArray(source);
    script.sha1 = QCryptographicHash::hash(script.source, QCryptographicHash::Sha1).toHex();
    return script;
}

} // namespace

const RedisScript &load()
{
    // One round trip and one consistent view of the set, its generation and the dead marker.
    static const RedisScript script = make(R"lua(
local dead = false
if redis.call('TYPE', KEYS[2]).ok == 'string' then
  dead = redis.call('GET', KEYS[2])
end
local kind = redis.call('TYPE', KEYS[1]).ok
-- A profile's tokens under the key it had before names were encoded move to the new key once.
if kind == 'none' and KEYS[3] and redis.call('TYPE', KEYS[3]).ok == 'hash' then
  redis.call('RENAME', KEYS[3], KEYS[1])
  kind = 'hash'
end
if kind == 'none' then
  return {'none', dead}
end
if kind ~= 'hash' then
  return {'wrongtype', kind, dead}
end
local set = redis.call('HGET', KEYS[1], 'set')
local generation = redis.call('HGET', KEYS[1], 'generation')
return {'hash', set, generation, dead}
)lua");
    return script;
}

const RedisScript &compareAndSwap()
{
    // Correctness rests here: the generation check and the write are one atomic step, so of two
    // clients that refreshed from the same generation exactly one stores its tokens. Anything
    // that is not a Keyway token set is reported and never written over.
    static const RedisScript script = make(R"lua(
local stored = '0'
local kind = redis.call('TYPE', KEYS[1]).ok
if kind == 'hash' then
  local generation = redis.call('HGET', KEYS[1], 'generation')
  if not generation or not string.match(generation, '^%d+$') then
    return {'corrupt', 'its generation field is missing or not a number'}
  end
  local set = redis.call('HGET', KEYS[1], 'set')
  local ok, decoded = pcall(cjson.decode, set or '')
  if not ok or type(decoded) ~= 'table' or decoded['kind'] ~= 'keyway.tokenset' then
    return {'corrupt', 'its set field is not a Keyway token set'}
  end
  if tostring(decoded['version']) ~= ARGV[6] then
    return {'corrupt', 'its token set has format version ' .. tostring(decoded['version'])
      .. ', this Keyway writes version ' .. ARGV[6]}
  end
  -- A writer never replaces tokens it could not read: sealed with another store key, sealed
  -- for a writer that does not encrypt, or plain for one that does.
  local sealedWith = ''
  if type(decoded['sealed']) == 'table' then
    sealedWith = tostring(decoded['sealed']['key'])
  end
  if sealedWith ~= ARGV[7] then
    if ARGV[7] == '' then
      return {'corrupt', 'it holds encrypted tokens and this store does not encrypt'}
    elseif sealedWith == '' then
      return {'corrupt', 'it holds tokens that are not encrypted and this store encrypts'}
    end
    return {'corrupt', 'it holds tokens encrypted with store key ' .. sealedWith
      .. ', not with this machine\'s store key ' .. ARGV[7]}
  end
  stored = generation
elseif kind ~= 'none' then
  return {'corrupt', 'it holds a ' .. kind .. ', not a hash'}
end
if stored ~= ARGV[1] then
  local current = redis.call('HGET', KEYS[1], 'set')
  -- Our own write, sent again after a lost answer: done already.
  if stored == ARGV[3] and current == ARGV[2] then
    return {'ok'}
  end
  return {'conflict', current}
end
redis.call('HSET', KEYS[1], 'set', ARGV[2], 'generation', ARGV[3])
local ttl = tonumber(ARGV[4])
if ttl and ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
else
  redis.call('PERSIST', KEYS[1])
end
redis.call('DEL', KEYS[2])
redis.call('PUBLISH', ARGV[5], ARGV[3])
return {'ok'}
)lua");
    return script;
}

const RedisScript &clear()
{
    static const RedisScript script = make(R"lua(
local deleted = redis.call('DEL', KEYS[1], KEYS[2])
redis.call('PUBLISH', ARGV[1], '0')
return deleted
)lua");
    return script;
}

const RedisScript &acquireLease()
{
    static const RedisScript script = make(R"lua(
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 1
end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
)lua");
    return script;
}

const RedisScript &releaseLease()
{
    // Compare-and-delete: a lease that expired and was taken by another owner stays theirs.
    static const RedisScript script = make(R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
)lua");
    return script;
}

} // namespace Keyway::RedisScripts
