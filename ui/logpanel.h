#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace Keyway {

class EventLogModel;
class LogFilterModel;

// The live log: every core event as a row, a filter, an "auth only" switch. Follows the newest
// row unless the reader has scrolled up to look at something.
class LogPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogPanel)
public:
    explicit LogPanel(EventLogModel *model, QWidget *parent = nullptr);

    LogFilterModel *filterModel() const { return m_filter; }
    QTableView *view() const { return m_view; }
    bool isFollowing() const { return m_following; }

    void focusFilter();
    void clear();

private:
    void updateCount();

    EventLogModel *m_model;
    LogFilterModel *m_filter;
    QLineEdit *m_filterEdit;
    QCheckBox *m_authOnly;
    QLabel *m_count;
    QTableView *m_view;
    bool m_following = true;
};

} // namespace Keyway
