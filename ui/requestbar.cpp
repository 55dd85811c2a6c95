#include "requestbar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>

namespace Keyway {

RequestBar::RequestBar(QWidget *parent)
    : QWidget(parent),
      m_method(new QComboBox(this)),
      m_url(new QLineEdit(this)),
      m_send(new QPushButton(tr("Send"), this))
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
    m_method->setMinimumContentsLength(8);
    m_method->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);

    m_url->setObjectName(QStringLiteral("url"));
    m_url->setPlaceholderText(tr("https://api.example.com/items"));
    m_url->setClearButtonEnabled(true);
    m_url->setToolTip(tr("Request URL (Ctrl+L)"));

    m_send->setObjectName(QStringLiteral("send"));
    m_send->setDefault(true);
    m_send->setToolTip(tr("Send the request (Ctrl+Return)"));
    m_send->setMinimumWidth(m_send->fontMetrics().horizontalAdvance(tr("Sending…")) + 32);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_method);
    layout->addWidget(m_url, 1);
    layout->addWidget(m_send);

    connect(m_send, &QPushButton::clicked, this, &RequestBar::sendRequested);
    connect(m_url, &QLineEdit::returnPressed, this, &RequestBar::sendRequested);
}

QByteArray RequestBar::method() const
{
    const QString text = m_method->currentText().trimmed();
    return text.isEmpty() ? QByteArrayLiteral("GET") : text.toUpper().toLatin1();
}

void RequestBar::setMethod(const QString &method)
{
    m_method->setCurrentText(method.toUpper());
}

QUrl RequestBar::url() const
{
    const QString text = m_url->text().trimmed();
    if (text.isEmpty())
        return {};
    return QUrl::fromUserInput(text);
}

void RequestBar::setUrl(const QUrl &url)
{
    m_url->setText(url.toString());
}

void RequestBar::focusUrl()
{
    m_url->setFocus(Qt::ShortcutFocusReason);
    m_url->selectAll();
}

void RequestBar::setBusy(bool busy)
{
    m_send->setText(busy ? tr("Sending…") : tr("Send"));
}

} // namespace Keyway
