#include "unreadabletokens.h"

#include "store/tokenstore.h"

namespace Keyway::Cli {

QString unreadableTokensText(const QString &where, const QString &profile,
                             const StoreResult &result)
{
    if (result.sealedWithOtherKey)
        return QStringLiteral("%1 holds tokens this machine cannot decrypt, so nothing was "
                              "changed: %2. With that store key here, the same command reads "
                              "them. Only if the key is lost for good: 'keyway-cli token clear "
                              "--profile %3' removes them, and every client sharing them signs "
                              "in again.")
            .arg(where, result.message, profile);
    return QStringLiteral("%1 holds a value that is not a readable token set, so nothing was "
                          "changed: %2. 'keyway-cli token clear --profile %3' removes it.")
        .arg(where, result.message, profile);
}

} // namespace Keyway::Cli
