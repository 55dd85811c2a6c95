#include "runner/runresult.h"

#include <algorithm>

namespace Keyway {

bool RequestRun::passed() const
{
    return error.isEmpty() && failedAssertions() == 0;
}

int RequestRun::failedAssertions() const
{
    return int(std::count_if(assertions.cbegin(), assertions.cend(),
                             [](const AssertionResult &a) { return !a.passed; }));
}

} // namespace Keyway
