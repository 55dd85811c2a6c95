# Regenerates tests/fuzz/redisreply/corpus (python3 with python3-cryptography):
#   python3 tests/fuzz/redisreply/make_seeds.py tests/fuzz/redisreply/corpus
# Writes the redisreply seed corpus: answers the load and compare-and-swap scripts really give,
# plain and sealed with the fuzz target's fixed key (32 bytes of 0x2a).
import base64, json, os, sys
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

out = sys.argv[1]
key = b'\x2a' * 32
tokens_key = b'keyway:fuzz:p:tokens'

def bulk(b):
    return b'$%d\r\n%s\r\n' % (len(b), b) if b is not None else b'$-1\r\n'
def arr(items):
    return b'*%d\r\n' % len(items) + b''.join(items)

def stored(gen):
    return {"kind": "keyway.tokenset", "version": 1, "generation": str(gen),
            "access_token": "a%d" % gen, "refresh_token": "r%d" % gen, "id_token": "",
            "token_type": "Bearer", "scope": "read", "obtained_at_ms": "1800000000000",
            "expires_at_ms": "1800003600000", "refresh_expires_at_ms": "0"}

def plain(gen):
    return json.dumps(stored(gen), separators=(',', ':')).encode()

def sealed(gen, nonce=b'\x01' * 12):
    data = AESGCM(key).encrypt(nonce, plain(gen), tokens_key + b'\n' + str(gen).encode())
    import hashlib
    kid = hashlib.sha256(b'keyway store key id\n' + key).digest()[:8].hex()
    return json.dumps({"kind": "keyway.tokenset", "version": 1, "generation": str(gen),
                       "sealed": {"alg": "A256GCM", "key": kid,
                                  "nonce": base64.b64encode(nonce).decode(),
                                  "data": base64.b64encode(data).decode()}},
                      separators=(',', ':')).encode()

seeds = {
    'load_none': arr([bulk(b'none'), bulk(None)]),
    'load_none_dead': arr([bulk(b'none'), bulk(b'invalid_grant: refresh token revoked')]),
    'load_wrongtype': arr([bulk(b'wrongtype'), bulk(b'string'), bulk(None)]),
    'load_hash_plain': arr([bulk(b'hash'), bulk(plain(3)), bulk(b'3'), bulk(None)]),
    'load_hash_sealed': arr([bulk(b'hash'), bulk(sealed(3)), bulk(b'3'), bulk(None)]),
    'load_hash_mismatch': arr([bulk(b'hash'), bulk(sealed(3)), bulk(b'4'), bulk(None)]),
    'load_hash_noset': arr([bulk(b'hash'), bulk(None), bulk(b'1'), bulk(None)]),
    'cas_ok': arr([bulk(b'ok')]),
    'cas_conflict_plain': arr([bulk(b'conflict'), bulk(plain(5))]),
    'cas_conflict_sealed': arr([bulk(b'conflict'), bulk(sealed(5))]),
    'cas_conflict_cleared': arr([bulk(b'conflict'), bulk(None)]),
    'cas_corrupt': arr([bulk(b'corrupt'), bulk(b'it holds a list, not a hash')]),
    'errors': b'-NOPERM this user has no permissions to run the \'evalsha\' command\r\n'
              b'-NOSCRIPT No matching script\r\n+OK\r\n:1\r\n:0\r\n',
    'nested': b'*2\r\n*2\r\n$4\r\nhash\r\n:7\r\n*1\r\n*0\r\n',
    'pubsub': arr([bulk(b'message'), bulk(b'keyway:fuzz:p:generation'), bulk(b'4')]),
}
os.makedirs(out, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)
