#include "store/tokenstorefactory.h"

#include "store/keychaintokenstore.h"
#include "store/memorytokenstore.h"
#include "store/redistokenstore.h"
#include "store/storenames.h"

#include <QDir>
#include <QStandardPaths>

namespace Keyway {

namespace {

const QLatin1String Choices("memory, keychain, redis://[user:password@]host:port/db or "
                            "unix:///path/to/redis.sock");
constexpr qsizetype MaxWorkspaceLength = 64;
// NAME_MAX is 255 on Linux: an encoded name (up to 9 characters per character) must fit.
constexpr qsizetype MaxEncodedWorkspaceLength = 240;

// The default workspace keeps the plain service name the GUI has always used; any other gets its
// own, so that two workspaces with a profile of the same name never share a keychain entry (their
// lock files live in different directories and could not keep each other out).
QString keychainService(const QString &workspace)
{
    const QString service = QStringLiteral("keyway");
    return workspace == QLatin1String("default")
        ? service
        : service + QLatin1Char('/') + StoreNames::encode(workspace);
}

} // namespace

std::optional<TokenStoreSpec> TokenStoreSpec::parse(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    TokenStoreSpec spec;
    if (trimmed == QLatin1String("memory")) {
        spec.kind = Kind::Memory;
        return spec;
    }
    if (trimmed == QLatin1String("keychain")) {
        spec.kind = Kind::Keychain;
        return spec;
    }
    const qsizetype colon = trimmed.indexOf(QLatin1Char(':'));
    const QString scheme = colon > 0 ? trimmed.left(colon).toLower() : QString();
    if (scheme == QLatin1String("redis") || scheme == QLatin1String("rediss")
        || scheme == QLatin1String("unix")) {
        // RedisUrl says what is wrong without repeating a password, and refuses rediss:// with
        // what to do instead.
        auto url = RedisUrl::parse(trimmed, error);
        if (!url)
            return std::nullopt;
        spec.kind = Kind::Redis;
        spec.redis = *url;
        return spec;
    }
    // Anything else may be a mistyped URL with a password in it: never echo it.
    *error = trimmed.isEmpty() || scheme.isEmpty()
        ? QStringLiteral("unknown token store '%1': choose %2").arg(trimmed, Choices)
        : QStringLiteral("unknown token store scheme '%1:': choose %2").arg(scheme, Choices);
    return std::nullopt;
}

bool isValidWorkspaceName(const QString &workspace, QString *error)
{
    bool ok = !workspace.isEmpty() && workspace.size() <= MaxWorkspaceLength
        && !workspace.startsWith(QLatin1Char('.')) && workspace == workspace.trimmed();
    for (const QChar c : workspace) {
        const bool allowed = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('.')
            || c == QLatin1Char('_') || c == QLatin1Char('-') || c == QLatin1Char(' ');
        ok = ok && allowed;
    }
    if (!ok) {
        *error = QStringLiteral("'%1' is not a workspace name: use letters, digits, spaces, '.', "
                                "'_' and '-' (at most %2, not starting with '.' or a space)")
                     .arg(workspace)
                     .arg(MaxWorkspaceLength);
    }
    return ok;
}

bool canKeyTokens(const QString &workspace, QString *error)
{
    if (!workspace.isEmpty() && StoreNames::encode(workspace).size() <= MaxEncodedWorkspaceLength)
        return true;
    *error = workspace.isEmpty()
        ? QStringLiteral("a workspace without a name cannot key its tokens: give it a name in "
                         "its workspace.json")
        : QStringLiteral("the workspace name '%1' is too long to key its tokens: shorten it in "
                         "its workspace.json")
              .arg(workspace);
    return false;
}

QString workspaceDataDir(const QString &workspace)
{
    // The same for keyway-cli and the GUI, which must lock the same files to keep each other from
    // refreshing twice. Machine-local, so not in the workspace folder (keyway/workspaces/<name>),
    // which a team may keep in git.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + QStringLiteral("/keyway/local/token-locks/") + StoreNames::encode(workspace);
}

std::unique_ptr<TokenStore> createTokenStore(const QString &spec, const QString &workspace,
                                             QString *error)
{
    const auto parsed = TokenStoreSpec::parse(spec, error);
    if (!parsed || !canKeyTokens(workspace, error))
        return nullptr;
    switch (parsed->kind) {
    case TokenStoreSpec::Kind::Memory: return std::make_unique<MemoryTokenStore>();
    case TokenStoreSpec::Kind::Keychain: {
        const QString dataDir = workspaceDataDir(workspace);
        if (!QDir().mkpath(dataDir)) {
            *error = QStringLiteral("cannot create the workspace directory %1 for the keychain "
                                    "store's lock files: check its permissions, or choose "
                                    "--store memory")
                         .arg(QDir::toNativeSeparators(dataDir));
            return nullptr;
        }
        return std::make_unique<KeychainTokenStore>(keychainService(workspace), dataDir);
    }
    case TokenStoreSpec::Kind::Redis:
        return std::make_unique<RedisTokenStore>(parsed->redis,
                                                 RedisTokenStore::keyPrefixFor(workspace));
    }
    return nullptr;
}

} // namespace Keyway
