#pragma once

// Files of the source tree a test reads (fixtures, schemas), found through KEYWAY_SOURCE_DIR,
// which ctest gives every test (cmake/KeywayTest.cmake). The path is not compiled in: a test's
// object then does not depend on where the clone is, and ccache reuses it in the next clone.

#include <QString>
#include <QtGlobal>

namespace Keyway::Test {

inline QString sourceTreePath(const QString &relative)
{
    const QString root = qEnvironmentVariable("KEYWAY_SOURCE_DIR");
    if (root.isEmpty())
        qFatal("KEYWAY_SOURCE_DIR is not set: run the tests through ctest (scripts/test.sh), or "
               "set it to the folder of Keyway's sources");
    return root + QLatin1Char('/') + relative;
}

} // namespace Keyway::Test
