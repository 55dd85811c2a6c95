#pragma once

// Workspaces for tst_cli_run, as files. Each returns false when a file could not be written.

#include <QString>
#include <QUrl>

namespace Keyway::Test::RunWorkspaces {

// Requests use profile "sandbox"; environment "local" points {{base}} at `baseUrl`. A
// collection "Items" with two requests that pass ("List items", "Echo", which needs {{tag}})
// and two that fail ("Wrong id": an assertion; "Missing route": a 404 without assertions), and a
// top-level "Ping" that passes without assertions.
bool writeAssertionWorkspace(const QString &root, const QUrl &baseUrl);
// `count` requests to `slowUrl` in a collection "Load", each asserting status 200 and
// $.slept == ms.
bool writeLoadWorkspace(const QString &root, const QUrl &slowUrl, int count, int ms);
// Items/Broken.request.json with an assertion that cannot be read.
bool writeBrokenRequest(const QString &root);

} // namespace Keyway::Test::RunWorkspaces
