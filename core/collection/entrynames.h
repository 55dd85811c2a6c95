#pragma once

// File and directory names for the items of a workspace folder: derived from the item's name
// (Unicode kept, characters that no file system takes replaced), unique within their directory
// even on case-insensitive file systems, never a name that is already taken by a file Keyway did
// not write. The item's own name is kept inside its file, so any name works.

#include <QSet>
#include <QString>

namespace Keyway {

class EntryNames
{
public:
    // A name that is valid on Linux, macOS and Windows: no / \ : * ? " < > | or control
    // characters, no leading dot (hidden) or trailing dot or space, not a reserved Windows device
    // name, at most 100 bytes of UTF-8. Empty names become "untitled".
    static QString stem(const QString &name);

    // Marks a name as used (a file Keyway must not overwrite, a reserved name).
    void reserve(const QString &entry);
    // stem + suffix, or stem-2 + suffix, stem-3 + suffix, ... whichever is free; marks it used.
    QString claim(const QString &stem, const QString &suffix);

private:
    QSet<QString> m_taken; // case-folded
};

// The order of entries in a directory when no order is written: case-insensitive, then exact.
bool naturalEntryLess(const QString &a, const QString &b);

} // namespace Keyway
