#pragma once

#include "store/filelock.h"

namespace Keyway {

// The right to refresh one profile among the processes of this machine: a lock file in the
// workspace's data dir, taken without waiting (tryAcquire) and recovered once its holder is gone.
class ProfileLock final : public FileLock
{
    Q_DISABLE_COPY_MOVE(ProfileLock)
public:
    ProfileLock(const QString &dataDir, const QString &profile);

    // The file name stem for a profile's files in the data dir: the profile name with anything
    // that is not safe in a file name percent-encoded (so "a/b" cannot leave the directory).
    static QString fileStem(const QString &profile);
};

} // namespace Keyway
