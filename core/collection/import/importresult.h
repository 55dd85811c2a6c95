#pragma once

// What an import produced: the workspace values, the auth profiles it found, and what it could
// not map (item by item), or why it could not read the input at all (naming the file and place).

#include "auth/profile.h"
#include "collection/workspacedata.h"

#include <QList>
#include <QString>

#include <optional>

namespace Keyway {

// Something in the source that has no place in a Keyway workspace (a script, an unsupported auth
// type, a template tag) or was changed on the way in (a literal secret moved to a secret
// variable). `path` names the item in the source as its tool shows it, e.g. "Users/Create user".
struct ImportIssue
{
    QString path;
    QString message;

    QString toString() const;
    friend bool operator==(const ImportIssue &, const ImportIssue &) = default;
};

// An OAuth 2.0 setting of the source, mapped to a profile. The client secret and password are
// never part of it (they would end up in a profile file): `needsSecret` says that the source had
// one and that the user has to put it into the keychain.
struct ImportedProfile
{
    Profile profile;
    bool needsSecret = false;
    QString sourcePath; // where in the source the setting was found
};

// Why the input could not be read. `place` is a line and column ("12:5") or a JSON path
// ("item[2].request.header[0].key", with the item's own path after it where known).
struct ImportError
{
    QString file;
    QString place;
    QString message;

    QString toString() const;
    friend bool operator==(const ImportError &, const ImportError &) = default;
};

struct ImportResult
{
    WorkspaceData workspace; // collections (top-level folders), requests, environments
    QList<ImportedProfile> profiles;
    QList<ImportIssue> issues;
    std::optional<ImportError> error; // set: nothing of the input is in `workspace`

    bool ok() const { return !error.has_value(); }
    static ImportResult failure(ImportError error);
};

} // namespace Keyway
