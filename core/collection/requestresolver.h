#pragma once

// Turns a saved request into a core Request ready for AuthorizedClient: `{{variables}}`
// resolved, headers inherited (workspace, collection, folders outer to inner, then the request;
// a later header of the same name replaces an earlier one; disabled ones dropped), the body built
// (raw, urlencoded, multipart and file bodies as replayable BodySources), auth applied (a
// Bearer or Basic header, or the profile whose TokenManager attaches the token). The desktop app
// and keyway-cli both send through this one resolver.
//
// Variable precedence, first match wins: the request, its folders from the innermost out to the
// collection, the selected environment, the workspace, and (keyway-cli, opt-in) the process
// environment. The environment sits above the workspace so that the workspace's variables are
// defaults an environment overrides (as an environment overrides collection variables in
// Postman and newman, which is where imported workspace variables come from); anything set
// closer to the request still wins over both.

#include "collection/itempath.h"
#include "http/request.h"

#include <QStringList>

namespace Keyway {

struct ResolveOptions
{
    QString environment; // the selected environment's name; empty: none
    bool processEnvironment = false; // keyway-cli: {{NAME}} may come from the environment
    QString baseDir; // relative body file paths are relative to this (the workspace folder)
};

struct ResolvedRequest
{
    Request request;
    QString profile; // non-empty: send with this profile's AuthorizedClient
    RequestSettings settings;
    QString displayName; // "Users/Get user"
    QStringList errors; // non-empty: not sendable (each names the variable or file and where)

    bool ok() const { return errors.isEmpty(); }
};

ResolvedRequest resolveRequest(const WorkspaceData &workspace, const ItemPath &path,
                               const ResolveOptions &options = {});

// What a request whose own auth is Inherit gets: the innermost folder's that is not Inherit,
// else the workspace's (where Inherit means None), and whose it is ("folder 'Users/Admin'").
struct InheritedAuth
{
    RequestAuth auth;
    QString owner;
};
InheritedAuth inheritedAuth(const WorkspaceData &workspace, const ItemLookup &found);

} // namespace Keyway
