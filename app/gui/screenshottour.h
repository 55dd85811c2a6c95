#pragma once

#include <QObject>
#include <QString>

#include <functional>

class QWidget;

namespace Keyway {

class MainWindow;
class Sandbox;

// `keyway --screenshots DIR`: drives the real window through the demo (a JSON request, then an
// expired token and a burst), saves each main view as a PNG and quits. scripts/screenshots.sh
// runs it under Xvfb for the README.
class ScreenshotTour final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScreenshotTour)
public:
    ScreenshotTour(MainWindow *window, Sandbox *sandbox, QString dir, QObject *parent = nullptr);

    void start();

private:
    void save(QWidget *widget, const QString &name);
    void showRefreshChain();
    void showProfileDialog();
    // Runs `then` once `ready` holds (checked every 200 ms), or after `tries` checks anyway: a
    // loaded machine answers late, and a picture taken too early shows a half-filled dialog.
    void when(std::function<bool()> ready, std::function<void()> then, int tries = 50);

    MainWindow *m_window;
    Sandbox *m_sandbox;
    QString m_dir;
};

} // namespace Keyway
