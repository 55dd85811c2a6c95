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

    // `details`: the full account behind a short `text`, shown when the pointer rests on it.
    void showError(const QString &text, const QString &details = {});
    void showInfo(const QString &text);
    QString text() const;
    QString details() const;

private:
    void showWith(const QString &text, const QString &details, const QColor &colour);

    QLabel *m_text;
    QToolButton *m_close;
};

} // namespace Keyway
