#pragma once

#include <QLatin1String>
#include <QObject>

#include <cstdlib>

namespace Keyway::Test {

// The child of `in` with that object name. A UI test reaches widgets the way a person points at
// them, by what they are; one that is not there means the screen changed under the test, which
// is reported by name and ends the test binary rather than crashing later on a null pointer.
template<typename T> T *namedChild(const QObject *in, const char *name)
{
    T *found = in->findChild<T *>(QLatin1String(name));
    if (!found)
        qFatal("no %s named %s", T::staticMetaObject.className(), name);
    return found;
}

} // namespace Keyway::Test
