#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTableWidget;

namespace Keyway {

class ApiCall;

// The final answer to a call: a status line (status coloured by class, time, size, a badge when
// the call was replayed after a token refresh), the replay chain, and the body pretty-printed
// (JSON coloured), raw, or as an image, beside the headers.
class ResponseView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResponseView)
public:
    explicit ResponseView(QWidget *parent = nullptr);

    void showEmpty();
    void showPending(const QString &what);
    // Copies what it shows: the call may go as soon as this returns. `chain`: what the call
    // went through ("401 → refresh #12 → replayed → 200"), shown when a refresh was involved.
    void showCall(const ApiCall &call, const QString &chain = {});
    void showCancelled(const QString &why);

private:
    void setStatusPill(const QString &text, const QColor &background);

    QLabel *m_status;
    QLabel *m_time;
    QLabel *m_size;
    QLabel *m_replayBadge;
    QLabel *m_error;
    QLabel *m_chain;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_body;
    QPlainTextEdit *m_raw;
    QLabel *m_preview;
    QTableWidget *m_headers;
};

} // namespace Keyway
