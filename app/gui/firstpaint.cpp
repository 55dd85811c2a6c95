#include "firstpaint.h"

#include <QCoreApplication>
#include <QEvent>
#include <QTimer>
#include <QWidget>

#include <cstdio>

namespace Keyway {

FirstPaintProbe::FirstPaintProbe(QWidget *window, QElapsedTimer started)
    : QObject(window), m_started(started)
{
    window->installEventFilter(this);
}

bool FirstPaintProbe::eventFilter(QObject *watched, QEvent *event)
{
    if (!m_done && event->type() == QEvent::Paint) {
        m_done = true;
        // After this paint has been delivered: the frame is on its way to the screen.
        QTimer::singleShot(0, this, [this] {
            std::printf("first_paint_ms %lld\n", static_cast<long long>(m_started.elapsed()));
            std::fflush(stdout);
            QCoreApplication::quit();
        });
    }
    return QObject::eventFilter(watched, event);
}

} // namespace Keyway
