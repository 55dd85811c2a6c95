#include "cliargs.h"

namespace Keyway::Cli {

QString StoreArgs::origin() const
{
    switch (source) {
    case Source::Option: return QStringLiteral("--store");
    case Source::Environment: return QStringLiteral("KEYWAY_STORE");
    case Source::ProfileFile: return QStringLiteral("the profile's file");
    case Source::Default: break;
    }
    return QStringLiteral("the default");
}

QString StoreArgs::usedBy(const QString &profile, const QString &where) const
{
    return QStringLiteral("profile '%1' keeps its tokens in %2 (from %3)")
        .arg(profile, where, origin());
}

} // namespace Keyway::Cli
