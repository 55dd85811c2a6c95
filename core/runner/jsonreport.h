#pragma once

// The JSON report of keyway-cli run: the run's options and totals, every request with its
// response summary (status, time, size, type; never a body or a header value) and every
// assertion, and the auth events (refreshes, replays, store traffic) with token fingerprints
// only.

#include "runner/runresult.h"

#include <QJsonObject>

namespace Keyway {

QJsonObject jsonReport(const RunReport &report);

} // namespace Keyway
