#pragma once

#include <QMessageBox>

#include <functional>

class QTimer;

namespace Keyway::Test {

// Answers the next modal dialog: its exec() does not return to the test until someone answers,
// so a timer (a child of `context`) looks for it meanwhile and hands it to `answer`, which
// returns false to wait for another one. The timer deletes itself once answered; delete it to
// stop waiting.
QTimer *answerNextModal(QObject *context, std::function<bool(QWidget *modal)> answer);

// The next message box: clicks `button`, and keeps its text in `*text`.
QTimer *answerNextMessageBox(QObject *context, QMessageBox::StandardButton button, QString *text);

// The next file dialog: chooses `path` (an existing file) and accepts.
QTimer *chooseInNextFileDialog(QObject *context, const QString &path);

} // namespace Keyway::Test
