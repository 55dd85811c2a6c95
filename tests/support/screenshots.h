#pragma once

#include <QCoreApplication>
#include <QEvent>
#include <QString>
#include <QWidget>

namespace Keyway::Test {

// UI tests grab what they show at the moments worth looking at, into the folder
// KEYWAY_TEST_SCREENSHOTS names (nothing when it is unset, as in the test command): how a person
// checks a screen's look after a change, e.g.
//   KEYWAY_TEST_SCREENSHOTS=/tmp/shots ctest -R tst_tokenstate
inline void saveScreenshot(QWidget *widget, const char *name)
{
    const QString folder = qEnvironmentVariable("KEYWAY_TEST_SCREENSHOTS");
    if (folder.isEmpty())
        return;
    // A text just set changes a label's height only once the layout request queued for it is
    // handled: the picture shows what a person sees a moment later.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    widget->grab().save(folder + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
}

} // namespace Keyway::Test
