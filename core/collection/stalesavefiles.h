#pragma once

// Finds the temporary files an interrupted save leaves behind and removes them, and nothing else:
// a process killed mid-save (SIGKILL, power loss) cannot remove its "<name>.keyway-save-XXXXXX"
// (writeFileAtomically, atomicfile.h).

#include <QDateTime>
#include <QSet>
#include <QStringList>

namespace Keyway {

// Removes from `dir` each regular file named "<known>.keyway-save-XXXXXX" (six ASCII letters)
// where <known> is one of `knownNames` and that was last written before `before`. Returns the
// names it removed. Anything else in `dir` is never touched.
QStringList sweepStaleSaveFiles(const QString &dir, const QSet<QString> &knownNames,
                                const QDateTime &before);

// A moment no save of a running process can still be writing at: a while before this process
// started. A temporary file older than that was left by a process that died (a save writes it in
// one go and renames it at once), not by one that is saving now.
QDateTime staleSaveFileCutoff();

} // namespace Keyway
