#pragma once

// The console reporter of keyway-cli run: one line per finished request (its failures indented
// below it), a live progress line for terminals, and the summary table at the end.

#include "runner/collectionrunner.h"

namespace Keyway::ConsoleReport {

// "✓ Users/Get user  GET http://…/users/1  200  12 ms", then "    ✗ status is 200: …" per
// failed assertion. Ends with a newline.
QString requestLines(const RequestRun &run, int iterations);
// "12/200 done, 1 failed, 1 refresh" (no newline: the caller redraws it in place).
QString progressLine(const RunProgress &progress);
// Requests, assertions passed/failed, refreshes, replays, time; and how the run ended.
QString summary(const RunReport &report);

} // namespace Keyway::ConsoleReport
