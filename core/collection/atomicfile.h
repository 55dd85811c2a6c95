#pragma once

#include <QByteArray>
#include <QLatin1String>
#include <QString>

namespace Keyway {

// Replaces the file at `path` with `content` all at once, or leaves it as it was. Returns an
// empty string on success, else the system's reason ("No space left on device").
//
// Every file Keyway writes whole goes through here, not through QSaveFile: seen on Qt 6.4.2,
// QSaveFile::commit() returns true when its buffered bytes cannot be flushed (ENOSPC on a full
// disk) and renames the short temporary file over the old one, an empty file where a good one
// was. Here the writes are unbuffered, so the failure shows in write() and nothing is renamed.
// The content goes to a temporary file beside the target, "<name>.keyway-save-XXXXXX" (six
// letters), which is synced and renamed over <name>; a link's target is written, the link kept.
QString writeFileAtomically(const QString &path, const QByteArray &content);

// Like writeFileAtomically(), but never replaces a file: when one is at `path` already, or another
// process puts one there first (they raced to create it), that one is kept, *existed is set and
// nothing is written. Whoever created the file wrote it whole before it got its name, so a loser
// may read it at once.
QString writeNewFileAtomically(const QString &path, const QByteArray &content, bool *existed);

// Keyway's own part of the temporary file's name, so that a leftover of a save killed midway
// (stalesavefiles.h) is told apart from a user's file by its name: "<name>" + this + six letters.
inline constexpr QLatin1String SaveFileInfix(".keyway-save-");
inline constexpr int SaveFilePlaceholderLength = 6;

} // namespace Keyway
