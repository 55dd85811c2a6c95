#include "modalanswer.h"

#include <QAbstractButton>
#include <QApplication>
#include <QFileDialog>
#include <QLineEdit>
#include <QTimer>

namespace Keyway::Test {

QTimer *answerNextModal(QObject *context, std::function<bool(QWidget *modal)> answer)
{
    auto *timer = new QTimer(context);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, answer] {
        QWidget *modal = QApplication::activeModalWidget();
        if (!modal)
            return;
        // Stopped first: answering returns from the dialog's exec() only later.
        timer->stop();
        if (answer(modal))
            timer->deleteLater();
        else
            timer->start();
    });
    timer->start();
    return timer;
}

QTimer *answerNextMessageBox(QObject *context, QMessageBox::StandardButton button, QString *text)
{
    return answerNextModal(context, [button, text](QWidget *modal) {
        auto *box = qobject_cast<QMessageBox *>(modal);
        if (!box)
            return false;
        *text = box->text();
        box->button(button)->click();
        return true;
    });
}

QTimer *chooseInNextFileDialog(QObject *context, const QString &path)
{
    return answerNextModal(context, [path](QWidget *modal) {
        auto *dialog = qobject_cast<QFileDialog *>(modal);
        if (!dialog)
            return false;
        dialog->selectFile(path);
        // selectFile() leaves the name field alone while it has the focus, and accept() reads
        // the field: the path goes there too.
        if (auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit")))
            name->setText(path);
        // QFileDialog::accept() (it takes the chosen file) is protected; QDialog::accept() calls
        // it. A dialog that did not take the file yet is tried again on the next tick.
        static_cast<QDialog *>(dialog)->accept();
        return !dialog->isVisible();
    });
}

} // namespace Keyway::Test
