#pragma once

// The JUnit XML report of keyway-cli run, as Jenkins, GitLab, GitHub Actions and Azure Pipelines
// read it: a <testsuite> per collection, a <testcase> per request and iteration, a <failure>
// naming the failed assertions and the response status, an <error> for a request that got no
// answer. A run Ctrl-C stopped says so in each suite's "interrupted" property and lists the
// requests it kept from starting as <skipped message="interrupted"/>.
// tests/fixtures/junit/junit.xsd is the schema the tests validate it against.

#include "runner/runresult.h"

#include <QByteArray>

namespace Keyway {

QByteArray junitReport(const RunReport &report, const QString &runName);

} // namespace Keyway
