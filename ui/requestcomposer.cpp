#include "requestcomposer.h"

#include "autheditor.h"
#include "bodyeditor.h"
#include "keyvaluetable.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Keyway {

namespace {

enum Tab { ParamsTab, HeadersTab, BodyTab, AuthTab, SettingsTab };

// The query of a URL as typed, split without decoding so that `{{variables}}` stay as they are.
KeyValueList queryRows(const QString &url)
{
    KeyValueList rows;
    const qsizetype mark = url.indexOf(QLatin1Char('?'));
    if (mark < 0)
        return rows;
    QString query = url.mid(mark + 1);
    query = query.left(query.indexOf(QLatin1Char('#')) < 0 ? query.size()
                                                           : query.indexOf(QLatin1Char('#')));
    for (const QString &pair : query.split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
        const qsizetype equals = pair.indexOf(QLatin1Char('='));
        KeyValue row;
        row.name = equals < 0 ? pair : pair.left(equals);
        row.value = equals < 0 ? QString() : pair.mid(equals + 1);
        rows << row;
    }
    return rows;
}

} // namespace

RequestComposer::RequestComposer(QWidget *parent)
    : QWidget(parent),
      m_bar(new QWidget(this)),
      m_method(new QComboBox(m_bar)),
      m_url(new UrlEdit(m_bar)),
      m_send(new QPushButton(tr("Send"), m_bar)),
      m_tabs(new QTabWidget(this)),
      m_params(new KeyValueTable(tr("parameter"), this)),
      m_headers(new KeyValueTable(tr("header"), this)),
      m_body(new BodyEditor(this)),
      m_auth(new AuthEditor(this)),
      m_timeout(new QSpinBox(this)),
      m_followRedirects(new QCheckBox(tr("Follow redirects"), this))
{
    m_method->setObjectName(QStringLiteral("method"));
    m_method->setEditable(true);
    m_method->setInsertPolicy(QComboBox::NoInsert);
    m_method->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                        QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("HEAD"),
                        QStringLiteral("OPTIONS")});
    // RFC 9110 §9.1: a method is a token.
    m_method->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}")), m_method));
    m_method->setToolTip(tr("HTTP method; type any other verb"));
    m_method->setMinimumContentsLength(7);
    m_method->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);

    m_url->setObjectName(QStringLiteral("url"));
    m_url->setPlaceholderText(tr("https://api.example.com/items?page={{page}}"));
    m_url->setClearButtonEnabled(true);
    m_url->setToolTip(tr("Request URL (Ctrl+L)"));

    m_send->setObjectName(QStringLiteral("send"));
    m_send->setDefault(true);
    m_send->setToolTip(tr("Send the request (Ctrl+Return)"));
    m_send->setMinimumWidth(m_send->fontMetrics().horizontalAdvance(tr("Cancel")) + 48);

    m_params->setObjectName(QStringLiteral("queryParams"));
    m_params->table()->setObjectName(QStringLiteral("queryParamsTable"));
    m_headers->setObjectName(QStringLiteral("headersEditor"));
    m_headers->table()->setObjectName(QStringLiteral("requestHeaders"));
    m_body->setObjectName(QStringLiteral("bodyEditor"));

    m_auth->setObjectName(QStringLiteral("authEditor"));

    m_timeout->setObjectName(QStringLiteral("timeout"));
    m_timeout->setRange(0, 600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setSpecialValueText(tr("application default (30 s)"));
    auto *settingsPage = new QWidget(this);
    auto *settingsForm = new QFormLayout(settingsPage);
    settingsForm->addRow(tr("Timeout:"), m_timeout);
    m_followRedirects->setObjectName(QStringLiteral("followRedirects"));
    m_followRedirects->setChecked(true);
    m_followRedirects->setToolTip(
        tr("Off: a 3xx answer is shown as it is, with its Location header"));
    settingsForm->addRow(tr("Redirects:"), m_followRedirects);
    auto *redirects = new QLabel(tr("The token is never sent to another origin."), settingsPage);
    redirects->setWordWrap(true);
    redirects->setForegroundRole(QPalette::PlaceholderText);
    settingsForm->addRow(redirects);

    m_tabs->setObjectName(QStringLiteral("requestTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_params, tr("Params"));
    m_tabs->addTab(m_headers, tr("Headers"));
    m_tabs->addTab(m_body, tr("Body"));
    m_tabs->addTab(m_auth, tr("Auth"));
    m_tabs->addTab(settingsPage, tr("Settings"));

    auto *bar = new QHBoxLayout(m_bar);
    bar->setContentsMargins(0, 0, 0, 0);
    bar->setSpacing(6);
    bar->addWidget(m_method);
    bar->addWidget(m_url, 1);
    bar->addWidget(m_send);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs, 1);

    connect(m_send, &QPushButton::clicked, this, [this] {
        if (m_busy)
            Q_EMIT cancelRequested();
        else
            Q_EMIT sendRequested();
    });
    connect(m_url, &QLineEdit::returnPressed, this, &RequestComposer::sendRequested);
    connect(m_url, &QLineEdit::textChanged, this, [this] {
        urlToParams();
        Q_EMIT changed();
    });
    connect(m_params, &KeyValueTable::changed, this, [this] {
        paramsToUrl();
        updateTabTitles();
        Q_EMIT changed();
    });
    connect(m_headers, &KeyValueTable::changed, this, [this] {
        updateTabTitles();
        Q_EMIT changed();
    });
    connect(m_body, &BodyEditor::changed, this, [this] {
        updateTabTitles();
        Q_EMIT changed();
    });
    connect(m_method, &QComboBox::currentTextChanged, this, &RequestComposer::changed);
    connect(m_auth, &AuthEditor::changed, this, &RequestComposer::changed);
    updateTabTitles();
}

void RequestComposer::urlToParams()
{
    if (m_syncing)
        return;
    m_syncing = true;
    KeyValueList rows = queryRows(m_url->text());
    for (const KeyValue &row : m_params->rows()) {
        if (!row.enabled)
            rows << row; // switched off: kept in the table, not in the URL
    }
    m_params->setRows(rows);
    updateTabTitles();
    m_syncing = false;
}

void RequestComposer::paramsToUrl()
{
    if (m_syncing)
        return;
    m_syncing = true;
    QString url = m_url->text();
    const qsizetype mark = url.indexOf(QLatin1Char('?'));
    const qsizetype hash = url.indexOf(QLatin1Char('#'));
    const QString fragment = hash < 0 ? QString() : url.mid(hash);
    QString base = mark < 0 ? (hash < 0 ? url : url.left(hash)) : url.left(mark);
    QStringList pairs;
    for (const KeyValue &row : m_params->rows()) {
        if (row.enabled)
            pairs << (row.value.isEmpty() ? row.name : row.name + QLatin1Char('=') + row.value);
    }
    url = base + (pairs.isEmpty() ? QString() : QLatin1Char('?') + pairs.join(QLatin1Char('&')))
        + fragment;
    m_url->setText(url);
    m_syncing = false;
}

void RequestComposer::updateTabTitles()
{
    const int params = m_params->enabledCount();
    const int headers = m_headers->enabledCount();
    m_tabs->setTabText(ParamsTab, params ? tr("Params (%1)").arg(params) : tr("Params"));
    m_tabs->setTabText(HeadersTab, headers ? tr("Headers (%1)").arg(headers) : tr("Headers"));
    m_tabs->setTabText(BodyTab,
                       m_body->mode() == RequestBody::Mode::None ? tr("Body") : tr("Body •"));
}

RequestItem RequestComposer::item() const
{
    RequestItem item = m_loaded;
    const QString method = m_method->currentText().trimmed().toUpper();
    item.method = method.isEmpty() ? QStringLiteral("GET") : method;
    item.url = m_url->text().trimmed();
    for (const KeyValue &row : m_params->rows()) {
        if (!row.enabled)
            item.disabledQuery << row;
    }
    item.headers = m_headers->rows();
    item.body = m_body->body();
    item.auth = m_auth->auth();
    item.settings.timeoutMs = m_timeout->value() * 1000;
    item.settings.followRedirects = m_followRedirects->isChecked();
    return item;
}

void RequestComposer::setItem(const RequestItem &item)
{
    m_loaded = item;
    m_method->setCurrentText(item.method);
    m_syncing = true;
    m_url->setText(item.url);
    KeyValueList rows = queryRows(item.url);
    rows << item.disabledQuery;
    m_params->setRows(rows);
    m_syncing = false;
    m_headers->setRows(item.headers);
    m_body->setBody(item.body);
    m_auth->setAuth(item.auth);
    m_timeout->setValue(item.settings.timeoutMs / 1000);
    m_followRedirects->setChecked(item.settings.followRedirects);
    updateTabTitles();
}

void RequestComposer::setProfiles(const QStringList &profiles, const QString &inherited,
                                  const QString &from)
{
    m_auth->setProfiles(profiles, inherited, from);
}

void RequestComposer::setVariableLookup(UrlEdit::Lookup lookup)
{
    m_url->setLookup(std::move(lookup));
}

void RequestComposer::setBusy(bool busy)
{
    m_busy = busy;
    m_send->setText(busy ? tr("Cancel") : tr("Send"));
    m_send->setToolTip(busy ? tr("Stop waiting for this answer")
                            : tr("Send the request (Ctrl+Return)"));
}

void RequestComposer::focusUrl()
{
    m_url->setFocus(Qt::ShortcutFocusReason);
    m_url->selectAll();
}

} // namespace Keyway
