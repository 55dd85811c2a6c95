#pragma once

// Internal to the importers: how a reader deep inside a format gives up. Thrown and caught only
// within one import call (never across a Qt boundary); the entry point turns it into an
// ImportError that names the file.

#include <QString>

namespace Keyway::ImportDetail {

struct ImportFailure
{
    QString place; // a JSON path ("item[2].request.url") or a line and column ("12:5")
    QString message;
};

// Folders nested deeper than this are refused with an error instead of recursing further: no
// tool writes them, and a hostile file could otherwise exhaust the stack.
inline constexpr int MaxFolderDepth = 256;

} // namespace Keyway::ImportDetail
