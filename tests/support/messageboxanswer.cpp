#include "messageboxanswer.h"

#include <QAbstractButton>
#include <QApplication>
#include <QTimer>

namespace Keyway::Test {

QTimer *answerNextMessageBox(QObject *context, QMessageBox::StandardButton button, QString *text)
{
    auto *timer = new QTimer(context);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button, text] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        *text = box->text();
        timer->stop();
        timer->deleteLater();
        box->button(button)->click();
    });
    timer->start();
    return timer;
}

} // namespace Keyway::Test
