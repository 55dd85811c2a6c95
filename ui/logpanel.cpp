#include "logpanel.h"

#include "eventlogdelegate.h"
#include "log/eventlogmodel.h"
#include "logfiltermodel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace Keyway {

LogPanel::LogPanel(EventLogModel *model, QWidget *parent)
    : QWidget(parent),
      m_model(model),
      m_filter(new LogFilterModel(this)),
      m_filterEdit(new QLineEdit(this)),
      m_authOnly(new QCheckBox(tr("&Refresh/auth only"), this)),
      m_count(new QLabel(this)),
      m_view(new QTableView(this))
{
    m_filter->setSourceModel(m_model);

    m_filterEdit->setObjectName(QStringLiteral("logFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter by event, message, call or flight"));
    m_filterEdit->setClearButtonEnabled(true);
    m_authOnly->setObjectName(QStringLiteral("authOnly"));
    m_authOnly->setToolTip(tr("Hide plain request traffic; show challenges, refreshes, replays "
                              "and store events"));
    auto *clearButton = new QToolButton(this);
    clearButton->setText(tr("Clear"));
    clearButton->setToolTip(tr("Remove every row from the log"));
    m_count->setObjectName(QStringLiteral("logCount"));
    m_count->setForegroundRole(QPalette::PlaceholderText);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filterEdit, 1);
    bar->addWidget(m_authOnly);
    bar->addWidget(m_count);
    bar->addWidget(clearButton);

    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setModel(m_filter);
    m_view->setItemDelegate(new EventLogDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->verticalHeader()->hide();
    // Fixed row heights keep a 5000-row log cheap to lay out.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    const int digit = m_view->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    header->resizeSection(EventLogModel::TimeColumn, digit * 15);
    header->resizeSection(EventLogModel::EventColumn, digit * 22);
    header->resizeSection(EventLogModel::CallColumn, digit * 8);
    header->resizeSection(EventLogModel::FlightColumn, digit * 7);
    header->resizeSection(EventLogModel::GenerationColumn, digit * 6);
    header->setStretchLastSection(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(m_filterEdit, &QLineEdit::textChanged, m_filter, &LogFilterModel::setText);
    connect(m_authOnly, &QCheckBox::toggled, m_filter, &LogFilterModel::setAuthOnly);
    connect(clearButton, &QToolButton::clicked, this, &LogPanel::clear);

    // Follow the newest row while the reader is at the bottom; stop as soon as they scroll up.
    QScrollBar *scroll = m_view->verticalScrollBar();
    connect(scroll, &QScrollBar::valueChanged, this,
            [this, scroll](int value) { m_following = value >= scroll->maximum(); });
    connect(scroll, &QScrollBar::rangeChanged, this, [this, scroll](int, int maximum) {
        if (m_following)
            scroll->setValue(maximum);
    });

    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &LogPanel::updateCount);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &LogPanel::updateCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &LogPanel::updateCount);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &LogPanel::updateCount);
    updateCount();
}

void LogPanel::focusFilter()
{
    m_filterEdit->setFocus(Qt::ShortcutFocusReason);
    m_filterEdit->selectAll();
}

void LogPanel::clear()
{
    m_model->clear();
    m_following = true;
}

void LogPanel::updateCount()
{
    const int shown = m_filter->rowCount();
    const int total = m_model->rowCount();
    const QString events = total == 1 ? tr("1 event") : tr("%1 events").arg(total);
    m_count->setText(shown == total ? events : tr("%1 of %2").arg(shown).arg(events));
}

} // namespace Keyway
