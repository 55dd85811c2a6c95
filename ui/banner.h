#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace Keyway {

// A dismissable message strip where the user is looking (above a request, in a dialog): what
// went wrong and what to do next. Nothing the user typed is touched.
class Banner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Banner)
public:
    explicit Banner(QWidget *parent = nullptr);

    void showError(const QString &text);
    void showInfo(const QString &text);
    QString text() const;

private:
    void showWith(const QString &text, const QColor &colour);

    QLabel *m_text;
    QToolButton *m_close;
};

} // namespace Keyway
