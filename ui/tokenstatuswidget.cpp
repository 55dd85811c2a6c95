#include "tokenstatuswidget.h"

#include "auth/clock.h"
#include "auth/tokenmanager.h"
#include "colors.h"
#include "followtokens.h"
#include "tokenaction.h"
#include "tokenstatetext.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QToolButton>

namespace Keyway {

TokenStatusWidget::TokenStatusWidget(TokenManager *tokens, const Clock *clock, QWidget *parent)
    : QWidget(parent),
      m_clock(clock),
      m_dot(new QLabel(this)),
      m_label(new QLabel(this)),
      m_button(new QToolButton(this)),
      m_ticker(new QTimer(this))
{
    setObjectName(QStringLiteral("tokenStatus"));
    m_label->setObjectName(QStringLiteral("tokenStatusText"));
    m_button->setObjectName(QStringLiteral("tokenAction"));
    m_button->setAutoRaise(false);
    const int dotSize = fontMetrics().height() / 2 + 2;
    m_dot->setFixedSize(dotSize, dotSize);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_dot);
    layout->addWidget(m_label);
    layout->addWidget(m_button);

    connect(m_button, &QToolButton::clicked, this, &TokenStatusWidget::act);
    // Fresh → stale → expired happens by the clock, without a signal; the countdown needs a tick.
    m_ticker->setInterval(1000);
    connect(m_ticker, &QTimer::timeout, this, &TokenStatusWidget::showState);
    m_ticker->start();
    setTokenManager(tokens);
}

void TokenStatusWidget::setTokenManager(TokenManager *tokens)
{
    followTokens(this, m_tokens, tokens, &TokenStatusWidget::showState);
    showState();
}

QString TokenStatusWidget::text() const
{
    return m_label->text();
}

QString TokenStatusWidget::expiryText() const
{
    const qint64 expiresAt = m_tokens->tokens().expiresAtMs;
    if (!m_tokens->tokens().isValid() || !expiresAt)
        return {};
    const qint64 left = (expiresAt - m_clock->nowMs()) / 1000;
    if (left <= 0)
        return tr("expired %1 s ago").arg(-left);
    if (left < 120)
        return tr("expires in %1 s").arg(left);
    return tr("expires in %1:%2 min").arg(left / 60).arg(left % 60, 2, 10, QLatin1Char('0'));
}

void TokenStatusWidget::showState()
{
    m_button->setVisible(m_tokens);
    if (!m_tokens) {
        m_label->setText(tr("No profile"));
        m_label->setToolTip(tr("Create one in Profile > New profile"));
        m_dot->setStyleSheet(QString());
        return;
    }
    const TokenStateText shown(*m_tokens);
    const TokenSet &tokens = m_tokens->tokens();

    QStringList parts {m_tokens->profile().name, shown.name};
    if (tokens.isValid()) {
        parts << tr("gen %1").arg(tokens.generation);
        // describe() carries fingerprints only; the token itself never reaches the UI.
        parts << tr("access %1")
                     .arg(tokens.describe().value(QStringLiteral("access_token")).toString());
        if (const QString expiry = expiryText(); !expiry.isEmpty())
            parts << expiry;
    }
    m_label->setText(parts.join(QStringLiteral(" · ")));
    const QString store = tr("Token store: %1").arg(m_tokens->store()->describe());
    m_label->setToolTip(shown.tlsRefused ? shown.advice + QLatin1Char('\n') + store : store);

    const QColor colour = Colors::forTokenState(shown.state, palette());
    m_dot->setStyleSheet(QStringLiteral("background: %1; border-radius: %2px;")
                             .arg(colour.name())
                             .arg(m_dot->width() / 2));
    m_dot->setToolTip(shown.name);

    const TokenAction action(*m_tokens);
    m_button->setText(action.label);
    m_button->setToolTip(action.toolTip);
    m_button->setEnabled(action.enabled);
}

void TokenStatusWidget::act()
{
    if (!m_tokens)
        return;
    runTokenAction(m_tokens, this, [this](const QString &text) {
        Q_EMIT message(text);
        showState();
    });
    showState();
}

} // namespace Keyway
