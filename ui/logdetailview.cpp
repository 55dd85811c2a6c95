#include "logdetailview.h"

#include "log/calllogmodel.h"
#include "log/curlcommand.h"
#include "log/exchangelog.h"
#include "log/httpstatustext.h"
#include "log/redaction.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

namespace Keyway {

namespace {

constexpr qsizetype MaxShownBody = 64 * 1024;

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString bodyHtml(const QByteArray &body, const QByteArray &contentType, bool reveal,
                 qint64 fullSize, const QString &note)
{
    if (body.isEmpty()) {
        if (!note.isEmpty())
            return QStringLiteral("<p><i>%1</i></p>").arg(esc(note));
        return fullSize > 0
            ? QStringLiteral("<p><i>%1</i></p>")
                  .arg(esc(
                      LogDetailView::tr("%1, not kept").arg(QLocale().formattedDataSize(fullSize))))
            : QStringLiteral("<p><i>%1</i></p>").arg(LogDetailView::tr("no body"));
    }
    if (body.left(4096).contains('\0'))
        return QStringLiteral("<p><i>%1</i></p>")
            .arg(esc(LogDetailView::tr("binary, %1").arg(QLocale().formattedDataSize(fullSize))));
    QByteArray shown = reveal ? body : redactedBody(body, contentType);
    if (reveal) {
        const QJsonDocument json = QJsonDocument::fromJson(body);
        if (!json.isNull())
            shown = json.toJson(QJsonDocument::Indented);
    }
    QString text = QString::fromUtf8(shown.left(MaxShownBody));
    if (shown.size() > MaxShownBody)
        text += LogDetailView::tr("\n… %1 more")
                    .arg(QLocale().formattedDataSize(shown.size() - MaxShownBody));
    return QStringLiteral("<pre>%1</pre>").arg(esc(text));
}

QString headersHtml(const HeaderList &headers, bool reveal)
{
    if (headers.isEmpty())
        return QStringLiteral("<p><i>%1</i></p>").arg(LogDetailView::tr("no headers"));
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='1'>");
    for (const auto &[name, value] : headers) {
        const QByteArray shown = reveal ? value : redactedHeaderValue(name, value);
        html += QStringLiteral("<tr><td><b>%1</b>:&nbsp;</td><td><tt>%2</tt></td></tr>")
                    .arg(esc(QString::fromLatin1(name)), esc(QString::fromUtf8(shown)));
    }
    return html + QStringLiteral("</table>");
}

QString eventsHtml(const QList<Event> &events)
{
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='1'>");
    for (const Event &event : events) {
        html +=
            QStringLiteral("<tr><td><tt>%1</tt>&nbsp;</td><td><b>%2</b>&nbsp;</td><td>%3</td></tr>")
                .arg(QDateTime::fromMSecsSinceEpoch(event.atMs)
                         .toString(QStringLiteral("HH:mm:ss.zzz")),
                     esc(eventTypeName(event.type)),
                     esc(event.toLogLine().section(QLatin1Char(' '), 1)));
    }
    return html + QStringLiteral("</table>");
}

} // namespace

LogDetailView::LogDetailView(CallLogModel *model, ExchangeLog *exchanges, QWidget *parent)
    : QWidget(parent),
      m_model(model),
      m_exchanges(exchanges),
      m_title(new QLabel(this)),
      m_reveal(new QCheckBox(tr("Reveal secrets"), this)),
      m_curl(new QToolButton(this)),
      m_browser(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("logDetail"));
    m_title->setObjectName(QStringLiteral("logDetailTitle"));
    m_title->setTextFormat(Qt::PlainText);
    m_title->setMinimumWidth(40);
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_reveal->setObjectName(QStringLiteral("revealSecrets"));
    m_reveal->setToolTip(tr("Show the values of your own secret headers and body fields in this "
                            "pane. Exports and copies stay redacted; the profile's token is "
                            "never shown."));
    m_curl->setObjectName(QStringLiteral("copyCurl"));
    m_curl->setText(tr("Copy as curl"));
    m_curl->setToolTip(tr("Copy this request as a curl command (redacted; the bearer token "
                          "becomes $ACCESS_TOKEN)"));
    m_curl->setEnabled(false);
    m_browser->setObjectName(QStringLiteral("logDetailText"));
    m_browser->setOpenLinks(false);
    m_browser->setPlaceholderText(tr("Select a row to see the request, the response and what "
                                     "the token manager did."));

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addStretch(1);
    bar->addWidget(m_reveal);
    bar->addWidget(m_curl);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(bar);
    layout->addWidget(m_title);
    layout->addWidget(m_browser, 1);

    connect(m_reveal, &QCheckBox::toggled, this, &LogDetailView::refresh);
    connect(m_curl, &QToolButton::clicked, this, &LogDetailView::copyCurl);
    connect(m_exchanges, &ExchangeLog::exchangeFinished, this,
            [this](const QString &profile, quint64 callId) {
                if (m_index.isValid()
                    && m_index.data(CallLogModel::CallIdRole).toULongLong() == callId
                    && m_index.data(CallLogModel::ProfileRole).toString() == profile)
                    refresh();
            });
}

bool LogDetailView::isRevealed() const
{
    return m_reveal->isChecked();
}

void LogDetailView::setRevealed(bool revealed)
{
    m_reveal->setChecked(revealed);
}

QString LogDetailView::text() const
{
    return m_browser->toPlainText();
}

void LogDetailView::showIndex(const QModelIndex &index)
{
    // A group's events are shown whichever of its rows is selected.
    m_index = index.isValid() && index.parent().isValid()
            && index.data(CallLogModel::CallIdRole).toULongLong()
        ? index.parent().siblingAtColumn(0)
        : index.siblingAtColumn(0);
    refresh();
}

QString LogDetailView::curlLine() const
{
    if (!m_index.isValid())
        return {};
    const Exchange *exchange =
        m_exchanges->find(m_index.data(CallLogModel::ProfileRole).toString(),
                          m_index.data(CallLogModel::CallIdRole).toULongLong());
    return exchange ? curlCommand(*exchange) : QString();
}

void LogDetailView::copyCurl()
{
    const QString line = curlLine();
    if (line.isEmpty())
        return;
    QApplication::clipboard()->setText(line);
    Q_EMIT message(tr("Copied the request as a curl command (secrets redacted)"));
}

QString LogDetailView::exchangeHtml(const Exchange &exchange) const
{
    const bool reveal = m_reveal->isChecked();
    QString html;
    const QString url = reveal ? exchange.url.toString() : redactedUrl(exchange.url);
    html += QStringLiteral("<h4>%1</h4><p><tt><b>%2</b> %3</tt></p>")
                .arg(tr("Request"), esc(QString::fromLatin1(exchange.method)), esc(url));
    HeaderList headers = exchange.requestHeaders;
    if (!exchange.summary.tokenFingerprint.isEmpty())
        headers.append({QByteArrayLiteral("Authorization"),
                        QStringLiteral("Bearer … (sha256 %1, generation %2)")
                            .arg(exchange.summary.tokenFingerprint)
                            .arg(exchange.summary.generation)
                            .toUtf8()});
    html += headersHtml(headers, reveal);
    if (!reveal && !exchange.summary.tokenFingerprint.isEmpty()) {
        // headersHtml redacted the Authorization line to "Bearer ***"; say which token it was.
        html += QStringLiteral("<p><small>%1</small></p>")
                    .arg(esc(tr("Bearer token sha256 %1, generation %2")
                                 .arg(exchange.summary.tokenFingerprint)
                                 .arg(exchange.summary.generation)));
    }
    html += bodyHtml(exchange.requestBody, exchange.requestHeader("Content-Type"), reveal,
                     exchange.requestBodySize, exchange.requestBodyNote);

    html += QStringLiteral("<h4>%1</h4>").arg(tr("Response"));
    if (!exchange.finished) {
        html += QStringLiteral("<p><i>%1</i></p>").arg(tr("waiting for the answer…"));
        return html;
    }
    if (!exchange.error.isEmpty())
        html += QStringLiteral("<p><b>%1</b></p>").arg(esc(exchange.error));
    if (exchange.status) {
        html += QStringLiteral("<p><tt><b>%1 %2</b></tt> · %3 ms · %4</p>")
                    .arg(exchange.status)
                    .arg(esc(httpReasonPhrase(exchange.status)))
                    .arg(exchange.elapsedMs)
                    .arg(esc(QLocale().formattedDataSize(exchange.responseBodySize)));
        html += headersHtml(exchange.responseHeaders, reveal);
        html += bodyHtml(exchange.responseBody, exchange.responseHeader("Content-Type"), reveal,
                         exchange.responseBodySize, QString());
    }
    return html;
}

void LogDetailView::refresh()
{
    if (!m_index.isValid()) {
        m_title->clear();
        m_browser->clear();
        m_curl->setEnabled(false);
        return;
    }
    const QString profile = m_index.data(CallLogModel::ProfileRole).toString();
    const quint64 callId = m_index.data(CallLogModel::CallIdRole).toULongLong();
    const auto rowType = CallLogModel::RowType(m_index.data(CallLogModel::RowTypeRole).toInt());
    const QList<Event> events = m_model->eventsAt(m_index);

    QString html;
    const Exchange *exchange = callId ? m_exchanges->find(profile, callId) : nullptr;
    if (rowType == CallLogModel::RowType::Call) {
        const CallSummary *summary = m_model->callSummary(profile, callId);
        m_title->setText(summary ? QStringLiteral("%1 %2").arg(summary->method, summary->url)
                                 : tr("Call %1").arg(callId));
        if (summary) {
            const FlightSummary *flight =
                summary->flightId ? m_model->flightSummary(profile, summary->flightId) : nullptr;
            html += QStringLiteral("<p><b>%1</b></p>").arg(esc(summary->chainText(flight)));
        }
        if (exchange)
            html += exchangeHtml(*exchange);
        else
            html += QStringLiteral("<p><i>%1</i></p>")
                        .arg(tr("Not sent from this window: only its events are known."));
    } else if (rowType == CallLogModel::RowType::Flight) {
        const FlightSummary *flight =
            m_model->flightSummary(profile, m_index.data(CallLogModel::FlightIdRole).toULongLong());
        m_title->setText(flight ? flight->text() : tr("Refresh"));
    } else {
        m_title->setText(
            m_index.sibling(m_index.row(), CallLogModel::KindColumn).data().toString());
    }
    html += QStringLiteral("<h4>%1</h4>").arg(tr("Events"));
    html += eventsHtml(events);
    m_browser->setHtml(html);
    m_curl->setEnabled(exchange != nullptr);
}

} // namespace Keyway
