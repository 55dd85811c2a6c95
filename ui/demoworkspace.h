#pragma once

#include "collection/workspacedata.h"

namespace Keyway {

class Sandbox;

// The workspace the demo opens with: a "Sandbox API" collection of requests against the
// in-process sandbox (items, echo, a slow one, a burst-friendly one), an environment with its
// base URL and the demo profile as the workspace's auth.
WorkspaceData demoWorkspace(const Sandbox &sandbox, const QString &profile);

} // namespace Keyway
