#pragma once

#include <QString>

class QLineEdit;
class QWidget;

namespace Keyway {

// A line edit for a URL or a file path as the dialogs make them: named (tests and the
// screenshot tour find it), with a hint of what goes there and a clear button.
QLineEdit *clearableField(QWidget *parent, const char *name, const QString &placeholder);

} // namespace Keyway
