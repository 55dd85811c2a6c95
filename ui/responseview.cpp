#include "responseview.h"

#include "colors.h"
#include "http/apicall.h"
#include "jsonhighlighter.h"
#include "log/httpstatustext.h"
#include "log/redaction.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Keyway {

namespace {

constexpr qsizetype MaxShownBodyBytes = 4 * 1024 * 1024;
enum Tab { PrettyTab, RawTab, PreviewTab, HeadersTab };

bool looksLikeJson(const ApiCall &call)
{
    if (call.responseHeader("Content-Type").toLower().contains("json"))
        return true;
    const QByteArray start = call.body().left(64).trimmed();
    return start.startsWith('{') || start.startsWith('[');
}

QString bodyText(const ApiCall &call)
{
    const QByteArray &body = call.body();
    if (body.isEmpty())
        return {};
    if (looksLikeJson(call)) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(body, &error);
        if (error.error == QJsonParseError::NoError)
            return QString::fromUtf8(document.toJson(QJsonDocument::Indented));
    }
    if (body.left(8192).contains('\0'))
        return ResponseView::tr("(binary body, %1)").arg(QLocale().formattedDataSize(body.size()));
    if (body.size() > MaxShownBodyBytes) {
        return QString::fromUtf8(body.left(MaxShownBodyBytes))
            + ResponseView::tr("\n\n… (%1 more not shown)")
                  .arg(QLocale().formattedDataSize(body.size() - MaxShownBodyBytes));
    }
    return QString::fromUtf8(body);
}

} // namespace

ResponseView::ResponseView(QWidget *parent)
    : QWidget(parent),
      m_status(new QLabel(this)),
      m_time(new QLabel(this)),
      m_size(new QLabel(this)),
      m_replayBadge(new QLabel(tr("↻ replayed after refresh"), this)),
      m_error(new QLabel(this)),
      m_chain(new QLabel(this)),
      m_tabs(new QTabWidget(this)),
      m_body(new QPlainTextEdit(this)),
      m_raw(new QPlainTextEdit(this)),
      m_preview(new QLabel(this)),
      m_headers(new QTableWidget(0, 2, this))
{
    m_status->setObjectName(QStringLiteral("responseStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_time->setObjectName(QStringLiteral("responseTime"));
    m_size->setObjectName(QStringLiteral("responseSize"));
    for (QLabel *label : {m_time, m_size})
        label->setForegroundRole(QPalette::PlaceholderText);

    m_replayBadge->setObjectName(QStringLiteral("replayBadge"));
    const QColor badge = Colors::forEventKind(EventKind::Replay, palette());
    m_replayBadge->setStyleSheet(
        QStringLiteral("QLabel { color: %1; border: 1px solid %1; border-radius: 8px;"
                       " padding: 1px 8px; }")
            .arg(badge.name()));
    m_replayBadge->setToolTip(tr("The API rejected the first token; Keyway refreshed it and sent "
                                 "the request again. This is the answer to the replay."));
    m_replayBadge->hide();

    m_error->setObjectName(QStringLiteral("responseError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const QColor errorColour = Colors::forHttpStatus(0, palette());
    m_error->setStyleSheet(QStringLiteral("QLabel { color: %1; border: 1px solid %1;"
                                          " border-radius: 4px; padding: 4px 8px; }")
                               .arg(errorColour.name()));
    m_error->hide();

    m_chain->setObjectName(QStringLiteral("responseChain"));
    m_chain->setWordWrap(true);
    m_chain->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const QColor chainColour = Colors::forEventKind(EventKind::Refresh, palette());
    m_chain->setStyleSheet(
        QStringLiteral("QLabel { color: %1; padding: 2px 8px; }").arg(chainColour.name()));
    m_chain->setToolTip(tr("What this call went through: the rejected token, the one refresh it "
                           "waited for and the replay"));
    m_chain->hide();

    for (QPlainTextEdit *edit : {m_body, m_raw}) {
        edit->setReadOnly(true);
        edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    }
    m_body->setObjectName(QStringLiteral("responseBody"));
    m_raw->setObjectName(QStringLiteral("responseRaw"));
    new JsonHighlighter(m_body->document());
    m_preview->setObjectName(QStringLiteral("responsePreview"));
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setForegroundRole(QPalette::PlaceholderText);
    auto *previewScroll = new QScrollArea(this);
    previewScroll->setWidget(m_preview);
    previewScroll->setWidgetResizable(true);
    previewScroll->setFrameShape(QFrame::NoFrame);

    m_headers->setObjectName(QStringLiteral("responseHeaders"));
    m_headers->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_headers->verticalHeader()->hide();
    m_headers->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->horizontalHeader()->resizeSection(0, 200);
    m_headers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_headers->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_headers->setWordWrap(false);

    m_tabs->setObjectName(QStringLiteral("responseTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_body, tr("Pretty"));
    m_tabs->addTab(m_raw, tr("Raw"));
    m_tabs->addTab(previewScroll, tr("Preview"));
    m_tabs->addTab(m_headers, tr("Headers"));

    // The status line above the tabs, so that all four tabs keep their full names.
    auto *statusLayout = new QHBoxLayout;
    statusLayout->setContentsMargins(0, 2, 0, 0);
    statusLayout->setSpacing(12);
    statusLayout->addWidget(m_status);
    statusLayout->addWidget(m_time);
    statusLayout->addWidget(m_size);
    statusLayout->addStretch(1);
    statusLayout->addWidget(m_replayBadge);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(statusLayout);
    layout->addWidget(m_error);
    layout->addWidget(m_chain);
    layout->addWidget(m_tabs, 1);

    showEmpty();
}

void ResponseView::setStatusPill(const QString &text, const QColor &background)
{
    m_status->setText(text);
    if (!background.isValid()) {
        m_status->setStyleSheet(QString());
        return;
    }
    m_status->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; font-weight: bold;"
                                           " border-radius: 4px; padding: 2px 8px; }")
                                .arg(background.name(), Colors::textOn(background).name()));
}

void ResponseView::showEmpty()
{
    setStatusPill(tr("No response yet"), {});
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_time->clear();
    m_size->clear();
    m_replayBadge->hide();
    m_error->hide();
    m_body->clear();
    m_body->setPlaceholderText(tr("Enter a URL and press Ctrl+Return to send."));
    m_headers->setRowCount(0);
    m_tabs->setTabText(HeadersTab, tr("Headers"));
    m_raw->clear();
    m_preview->clear();
    m_chain->hide();
}

void ResponseView::showPending(const QString &what)
{
    setStatusPill(tr("Sending…"), {});
    m_status->setForegroundRole(QPalette::PlaceholderText);
    // In a tooltip, not a label: a long URL must not widen the window.
    m_status->setToolTip(what);
    m_time->clear();
    m_size->clear();
    m_replayBadge->hide();
    m_error->hide();
}

void ResponseView::showCall(const ApiCall &call, const QString &chain)
{
    const int status = call.httpStatus();
    m_status->setForegroundRole(QPalette::WindowText);
    m_status->setToolTip(call.finalUrl().isValid() ? redactedUrl(call.finalUrl()) : QString());
    if (status == 0) {
        setStatusPill(tr("No answer"), Colors::forHttpStatus(0, palette()));
    } else {
        const QString reason = httpReasonPhrase(status);
        setStatusPill(reason.isEmpty() ? QString::number(status)
                                       : QStringLiteral("%1 %2").arg(status).arg(reason),
                      Colors::forHttpStatus(status, palette()));
    }
    m_time->setText(tr("%1 ms").arg(call.elapsedMs()));
    m_time->setToolTip(call.attempts() == 1 ? tr("1 attempt")
                                            : tr("%1 attempts").arg(call.attempts()));
    m_size->setText(QLocale().formattedDataSize(call.body().size()));
    m_size->setToolTip(tr("%1 bytes").arg(call.body().size()));
    m_replayBadge->setVisible(call.authReplays() > 0);

    m_error->setText(call.errorString());
    m_error->setVisible(!call.errorString().isEmpty());

    m_body->setPlaceholderText(status ? tr("(empty body)") : QString());
    m_body->setPlainText(bodyText(call));

    const auto &headers = call.responseHeaders();
    m_headers->setRowCount(int(headers.size()));
    for (int row = 0; row < headers.size(); ++row) {
        m_headers->setItem(row, 0, new QTableWidgetItem(QString::fromLatin1(headers[row].first)));
        m_headers->setItem(row, 1, new QTableWidgetItem(QString::fromUtf8(headers[row].second)));
    }
    m_tabs->setTabText(HeadersTab,
                       headers.isEmpty() ? tr("Headers") : tr("Headers (%1)").arg(headers.size()));

    m_raw->setPlainText(call.body().left(MaxShownBodyBytes).contains('\0')
                            ? bodyText(call)
                            : QString::fromUtf8(call.body().left(MaxShownBodyBytes)));
    QImage image;
    if (call.responseHeader("Content-Type").toLower().startsWith("image/")
        && image.loadFromData(call.body())) {
        m_preview->setPixmap(QPixmap::fromImage(image));
        m_tabs->setCurrentIndex(PreviewTab);
    } else {
        m_preview->setPixmap({});
        m_preview->setText(tr("No preview: the body is not an image."));
        if (m_tabs->currentIndex() == PreviewTab)
            m_tabs->setCurrentIndex(PrettyTab);
    }
    // Only worth a line when more happened than one answer.
    m_chain->setText(chain.contains(QStringLiteral("→")) ? QStringLiteral("↻ ") + chain
                                                         : QString());
    m_chain->setVisible(!m_chain->text().isEmpty());
}

void ResponseView::showCancelled(const QString &why)
{
    setStatusPill(tr("Cancelled"), {});
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_error->setText(why);
    m_error->setVisible(!why.isEmpty());
}

} // namespace Keyway
