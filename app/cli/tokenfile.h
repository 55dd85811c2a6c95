#pragma once

#include "auth/tokenset.h"

#include <QString>

#include <optional>

namespace Keyway::Cli {

// A token response read from `--tokens FILE` (or "-" for standard input), or why it is unusable.
// Error messages describe the file's shape only: they never quote a value from it.
struct TokenFileResult
{
    std::optional<TokenResponse> response;
    QString error;
};

TokenFileResult readTokenFile(const QString &path);
// The same checks on a document already in memory; `origin` names it in error messages.
TokenFileResult parseTokenDocument(const QByteArray &document, const QString &origin);

} // namespace Keyway::Cli
