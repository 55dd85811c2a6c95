#pragma once

// Peak-RSS bounds ("streaming a 96 MB body holds less than half of it") and AddressSanitizer:
// under ASan, resident memory also counts its shadow memory and its quarantine of freed blocks
// (tens to hundreds of MB), so such a bound says nothing about what Keyway held. The asan pass
// prints the figure instead; the ci pass, built without sanitizers, checks every bound.

#include <QTest>

#ifdef __SANITIZE_ADDRESS__
#define KEYWAY_VERIFY_MEMORY_BOUND(condition, message)                                             \
    qInfo("memory bound '%s' not checked under AddressSanitizer (%s)", #condition,                 \
          static_cast<const char *>(message))
#else
#define KEYWAY_VERIFY_MEMORY_BOUND(condition, message) QVERIFY2(condition, message)
#endif
