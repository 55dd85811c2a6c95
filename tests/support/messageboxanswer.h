#pragma once

#include <QMessageBox>

class QTimer;

namespace Keyway::Test {

// Answers the next modal message box with `button` and keeps its text in `*text`: a box's exec()
// does not return to the test until someone clicks, so a timer looks for it meanwhile. The timer
// (a child of `context`) deletes itself once it answered; delete it to stop waiting.
QTimer *answerNextMessageBox(QObject *context, QMessageBox::StandardButton button, QString *text);

} // namespace Keyway::Test
