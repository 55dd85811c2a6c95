#pragma once

#include <QModelIndex>
#include <QWidget>

class QCheckBox;
class QLabel;
class QTextBrowser;
class QToolButton;

namespace Keyway {

class CallLogModel;
class ExchangeLog;
struct Exchange;

// The log's detail pane: for the selected call its request and response with headers and
// bodies (secrets redacted unless "Reveal" is on, which only ever changes this pane), its chain
// and events; for a refresh or a lone event what the core said about it.
class LogDetailView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogDetailView)
public:
    LogDetailView(CallLogModel *model, ExchangeLog *exchanges, QWidget *parent = nullptr);

    // `index` is an index of the CallLogModel (not of a proxy); invalid: nothing selected.
    void showIndex(const QModelIndex &index);
    QString text() const; // what the pane shows, as plain text (tests)
    bool isRevealed() const;
    void setRevealed(bool revealed);
    // The curl line for the shown call; empty when no request is shown.
    QString curlLine() const;
    void copyCurl();

Q_SIGNALS:
    void message(const QString &text);

private:
    void refresh();
    QString exchangeHtml(const Exchange &exchange) const;

    CallLogModel *m_model;
    ExchangeLog *m_exchanges;
    QPersistentModelIndex m_index;
    QLabel *m_title;
    QCheckBox *m_reveal;
    QToolButton *m_curl;
    QTextBrowser *m_browser;
};

} // namespace Keyway
