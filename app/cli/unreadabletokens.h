#pragma once

#include <QString>

namespace Keyway {
struct StoreResult;
}

namespace Keyway::Cli {

// What a command says when `where` (a profile in a store) holds what the store cannot read
// (StoreResult::Corrupt): that nothing was changed, why, and what to do. Tokens sealed with
// another store key are only unreadable here: the advice is to give this machine that key, and
// clearing them comes last, as the remedy when the key is lost.
QString unreadableTokensText(const QString &where, const QString &profile,
                             const StoreResult &result);

} // namespace Keyway::Cli
