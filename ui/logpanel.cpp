#include "logpanel.h"

#include "eventlogdelegate.h"
#include "log/calllogmodel.h"
#include "log/exchangelog.h"
#include "log/exportfile.h"
#include "log/harexport.h"
#include "log/jsonlines.h"
#include "logdetailview.h"
#include "logfiltermodel.h"

#include <QCoreApplication>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QSplitter>
#include <QStandardPaths>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace Keyway {

LogPanel::LogPanel(CallLogModel *model, ExchangeLog *exchanges, QWidget *parent)
    : QWidget(parent),
      m_model(model),
      m_exchanges(exchanges),
      m_filter(new LogFilterModel(this)),
      m_filterEdit(new QLineEdit(this)),
      m_pause(new QToolButton(this)),
      m_follow(new QToolButton(this)),
      m_count(new QLabel(this)),
      m_view(new QTreeView(this)),
      m_detail(new LogDetailView(model, exchanges, this)),
      m_bar(new QWidget(this))
{
    m_filter->setSourceModel(m_model);

    auto *bar = new QHBoxLayout(m_bar);
    bar->setContentsMargins(0, 0, 0, 0);
    bar->setSpacing(2);
    bar->addWidget(addKindButton(tr("Requests"), CallLogModel::Requests,
                                 tr("Requests, attached tokens and redirects")));
    bar->addWidget(addKindButton(tr("Auth"), CallLogModel::Auth,
                                 tr("Challenges, refreshes, sign-ins and replays")));
    bar->addWidget(
        addKindButton(tr("Store"), CallLogModel::Store, tr("Token store and lease traffic")));
    bar->addWidget(addKindButton(tr("Errors"), CallLogModel::Errors,
                                 tr("Failed answers, failed refreshes, store outages")));
    bar->addSpacing(8);

    m_filterEdit->setObjectName(QStringLiteral("logFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter: URL, event, status, call, refresh…"));
    m_filterEdit->setClearButtonEnabled(true);
    bar->addWidget(m_filterEdit, 1);
    bar->addSpacing(8);

    m_pause->setObjectName(QStringLiteral("logPause"));
    m_pause->setText(tr("Pause"));
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Hold new events back (they are kept and appear on resume)"));
    m_follow->setObjectName(QStringLiteral("logFollow"));
    m_follow->setText(tr("Follow"));
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Keep the newest row in view"));
    m_count->setObjectName(QStringLiteral("logCount"));
    m_count->setForegroundRole(QPalette::PlaceholderText);
    m_count->setMinimumWidth(
        m_count->fontMetrics().horizontalAdvance(tr("99999 of 100000 events")));
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto *exportButton = new QToolButton(this);
    exportButton->setObjectName(QStringLiteral("logExport"));
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto *exportMenu = new QMenu(exportButton);
    exportMenu->addAction(tr("HAR 1.2 (requests and answers)…"), this,
                          [this] { chooseExport(true); });
    exportMenu->addAction(tr("JSON Lines (every event)…"), this, [this] { chooseExport(false); });
    exportButton->setMenu(exportMenu);
    exportButton->setToolTip(tr("Export the log, redacted"));
    auto *clearButton = new QToolButton(this);
    clearButton->setObjectName(QStringLiteral("logClear"));
    clearButton->setText(tr("Clear"));
    clearButton->setToolTip(tr("Remove every row from the log"));

    bar->addWidget(m_pause);
    bar->addWidget(m_follow);
    bar->addWidget(m_count);
    bar->addSpacing(8);
    bar->addWidget(exportButton);
    bar->addWidget(clearButton);

    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setModel(m_filter);
    m_view->setItemDelegate(new EventLogDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setUniformRowHeights(true); // keeps 100 000 rows cheap to lay out
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setAllColumnsShowFocus(true);
    m_view->setRootIsDecorated(true);
    m_view->setIndentation(14);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    QHeaderView *header = m_view->header();
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setStretchLastSection(true);
    const int digit = m_view->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    header->resizeSection(CallLogModel::TimeColumn, digit * 15);
    header->resizeSection(CallLogModel::KindColumn, digit * 18);
    header->resizeSection(CallLogModel::CallColumn, digit * 5);
    header->resizeSection(CallLogModel::MethodColumn, digit * 8);
    header->resizeSection(CallLogModel::UrlColumn, digit * 26);
    header->resizeSection(CallLogModel::StatusColumn, digit * 7);
    header->resizeSection(CallLogModel::DurationColumn, digit * 8);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("logSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_view);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 5);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({1000, 400});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(m_bar);
    layout->addWidget(splitter, 1);

    connect(m_filterEdit, &QLineEdit::textChanged, m_filter, &LogFilterModel::setText);
    connect(m_pause, &QToolButton::toggled, m_model, &CallLogModel::setPaused);
    connect(m_pause, &QToolButton::toggled, this, &LogPanel::updateCount);
    connect(m_follow, &QToolButton::toggled, this, &LogPanel::setFollowing);
    connect(clearButton, &QToolButton::clicked, this, &LogPanel::clear);
    connect(m_detail, &LogDetailView::message, this, &LogPanel::message);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_detail->showIndex(m_filter->mapToSource(current));
            });

    // Follow the newest row while the reader is at the bottom; stop as soon as they scroll up.
    QScrollBar *scroll = m_view->verticalScrollBar();
    connect(scroll, &QScrollBar::valueChanged, this, [this, scroll](int value) {
        const bool atBottom = value >= scroll->maximum();
        if (atBottom != m_following)
            setFollowing(atBottom);
    });
    connect(scroll, &QScrollBar::rangeChanged, this, [this, scroll](int, int maximum) {
        if (m_following)
            scroll->setValue(maximum);
    });
    connect(m_model, &CallLogModel::eventsAppended, this, &LogPanel::updateCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &LogPanel::updateCount);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &LogPanel::updateCount);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &LogPanel::updateCount);
    updateCount();
}

QToolButton *LogPanel::addKindButton(const QString &text, int category, const QString &tip)
{
    auto *button = new QToolButton(this);
    button->setObjectName(QStringLiteral("logKind") + text);
    button->setText(text);
    button->setCheckable(true);
    button->setChecked(true);
    button->setToolTip(tip);
    connect(button, &QToolButton::toggled, this, [this, category](bool on) {
        m_filter->setCategory(CallLogModel::Category(category), on);
        updateCount();
    });
    return button;
}

void LogPanel::setFollowing(bool following)
{
    m_following = following;
    if (m_follow->isChecked() != following)
        m_follow->setChecked(following);
    if (following)
        scrollToNewest();
}

bool LogPanel::isPaused() const
{
    return m_pause->isChecked();
}

void LogPanel::setPaused(bool paused)
{
    m_pause->setChecked(paused);
}

void LogPanel::scrollToNewest()
{
    m_view->scrollToBottom();
}

void LogPanel::focusFilter()
{
    m_filterEdit->setFocus(Qt::ShortcutFocusReason);
    m_filterEdit->selectAll();
}

void LogPanel::clear()
{
    m_model->clear();
    m_exchanges->clear();
    m_detail->showIndex({});
    setFollowing(true);
    updateCount();
}

bool LogPanel::exportHar(const QString &path, QString *error) const
{
    const QJsonDocument document(
        harDocument(m_exchanges->exchanges(), QCoreApplication::applicationVersion()));
    return writeExportFile(path, document.toJson(QJsonDocument::Indented), error);
}

bool LogPanel::exportJsonLines(const QString &path, QString *error) const
{
    return writeExportFile(path, eventsToJsonLines(m_model->allEvents()), error);
}

void LogPanel::chooseExport(bool har)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(
        this, har ? tr("Export HAR") : tr("Export JSON Lines"),
        folder + (har ? QStringLiteral("/keyway.har") : QStringLiteral("/keyway-events.jsonl")),
        har ? tr("HTTP Archive (*.har)") : tr("JSON Lines (*.jsonl)"));
    if (path.isEmpty())
        return;
    QString error;
    if (har ? exportHar(path, &error) : exportJsonLines(path, &error))
        Q_EMIT message(tr("Exported to %1 (secrets redacted)").arg(path));
    else
        Q_EMIT message(tr("Export failed: %1. Choose another folder.").arg(error));
}

void LogPanel::updateCount()
{
    const int total = m_model->eventCount();
    QString text = total == 1 ? tr("1 event") : tr("%1 events").arg(total);
    if (m_model->isPaused() && m_model->pendingCount())
        text += tr(" · %1 held").arg(m_model->pendingCount());
    m_count->setText(text);
}

} // namespace Keyway
