#pragma once

// What an export wrote, and what of the workspace the target format could not carry.

#include <QByteArray>
#include <QStringList>

namespace Keyway {

struct ExportResult
{
    QByteArray data;
    QStringList warnings; // e.g. "Users/Create user: the literal bearer token was left out"
};

} // namespace Keyway
