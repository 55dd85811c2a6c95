#pragma once

#include "store/redisurl.h"

#include <QString>

#include <memory>
#include <optional>

namespace Keyway {

class TokenStore;

// What a `--store` value names, checked but not yet opened.
struct TokenStoreSpec
{
    enum class Kind { Memory, Keychain, Redis };

    Kind kind = Kind::Keychain;
    RedisUrl redis; // Kind::Redis only

    // Returns nothing and sets *error (which lists the choices and never repeats a password)
    // when `text` is not a store Keyway knows.
    static std::optional<TokenStoreSpec> parse(const QString &text, QString *error);
};

// A bare workspace name (`--workspace NAME`) is a directory under the workspaces root: letters,
// digits, spaces, '.', '_' and '-', not starting with '.' or a space nor ending with a space, at
// most 64 characters. Returns false and sets *error otherwise.
bool isValidWorkspaceName(const QString &workspace, QString *error);

// Whether a workspace's name (its workspace.json's name, which may be anything) can key its
// tokens: any name that is not empty and, encoded (StoreNames::encode), fits in a file name.
// Returns false and sets *error otherwise.
bool canKeyTokens(const QString &workspace, QString *error);

// Where a workspace keeps the keychain store's lock and generation files (never a secret):
// <data>/keyway/local/token-locks/<encoded workspace> (machine-local: never in the workspace
// folder), the same for the GUI and keyway-cli.
QString workspaceDataDir(const QString &workspace);

// The token store `spec` names, for `workspace`:
//   memory            this process only;
//   keychain          the system keychain (service "keyway", or "keyway/<encoded workspace>"
//                     for a workspace other than "default"), with its lock and generation files
//                     in workspaceDataDir(workspace), created here;
//   redis://[user:password@]host:port/db, unix:///path/redis.sock[?db=N]
//                     Redis, with the key prefix "keyway:<encoded workspace>:"
//                     (RedisTokenStore::keyPrefixFor); ?encrypt=1 encrypts the tokens.
// Returns null and sets *error (one line saying what to do) when the spec or the workspace is
// unusable or the data dir cannot be created. A store that is merely unreachable is returned:
// it answers Unavailable until it is reachable.
std::unique_ptr<TokenStore> createTokenStore(const QString &spec, const QString &workspace,
                                             QString *error);

} // namespace Keyway
