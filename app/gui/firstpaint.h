#pragma once

#include <QElapsedTimer>
#include <QObject>

namespace Keyway {

// Prints how long the start took once the window has painted for the first time, then quits:
// `keyway --startup-time`, which the GUI benchmark runs.
class FirstPaintProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstPaintProbe)
public:
    FirstPaintProbe(QWidget *window, QElapsedTimer started);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QElapsedTimer m_started;
    bool m_done = false;
};

} // namespace Keyway
