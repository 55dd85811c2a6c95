#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QToolButton;
class QTreeView;

namespace Keyway {

class CallLogModel;
class ExchangeLog;
class LogDetailView;
class LogFilterModel;

// The live log: every core event grouped under its call or refresh, kind filters and free text,
// pause and follow, a detail pane for the selected row, and export as HAR 1.2 or JSON Lines.
class LogPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogPanel)
public:
    LogPanel(CallLogModel *model, ExchangeLog *exchanges, QWidget *parent = nullptr);

    LogFilterModel *filterModel() const { return m_filter; }
    QTreeView *view() const { return m_view; }
    LogDetailView *detail() const { return m_detail; }
    bool isFollowing() const { return m_following; }
    void setFollowing(bool following);
    bool isPaused() const;
    void setPaused(bool paused);

    void focusFilter();
    void clear();

    // Redacted exports of everything the log holds; false and *error when the file cannot be
    // written.
    bool exportHar(const QString &path, QString *error) const;
    bool exportJsonLines(const QString &path, QString *error) const;

Q_SIGNALS:
    void message(const QString &text);

private:
    QToolButton *addKindButton(const QString &text, int category, const QString &tip);
    void chooseExport(bool har);
    void updateCount();
    void scrollToNewest();

    CallLogModel *m_model;
    ExchangeLog *m_exchanges;
    LogFilterModel *m_filter;
    QLineEdit *m_filterEdit;
    QToolButton *m_pause;
    QToolButton *m_follow;
    QLabel *m_count;
    QTreeView *m_view;
    LogDetailView *m_detail;
    QWidget *m_bar;
    bool m_following = true;
};

} // namespace Keyway
