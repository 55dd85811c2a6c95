#include "store/profilelock.h"

#include "store/storenames.h"

#include <QDir>

namespace Keyway {

ProfileLock::ProfileLock(const QString &dataDir, const QString &profile)
    : FileLock(QDir(dataDir).filePath(fileStem(profile) + QStringLiteral(".lock")))
{
}

QString ProfileLock::fileStem(const QString &profile)
{
    return StoreNames::encode(profile);
}

} // namespace Keyway
