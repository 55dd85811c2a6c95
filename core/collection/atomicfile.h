#pragma once

#include <QByteArray>
#include <QString>

namespace Keyway {

// Replaces the file at `path` with `content` all at once, or leaves it as it was. Returns an
// empty string on success, else the system's reason ("No space left on device").
//
// Every file Keyway writes whole goes through here, not through a bare QSaveFile: seen on Qt
// 6.4.2, QSaveFile::commit() returns true when its buffered bytes cannot be flushed (ENOSPC on a
// full disk) and renames the short temporary file over the old one, an empty file where a good
// one was. Written unbuffered, the failure shows in write(), and the commit never happens.
QString writeFileAtomically(const QString &path, const QByteArray &content);

} // namespace Keyway
