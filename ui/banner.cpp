#include "banner.h"

#include "colors.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace Keyway {

Banner::Banner(QWidget *parent)
    : QFrame(parent), m_text(new QLabel(this)), m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("banner"));
    m_text->setObjectName(QStringLiteral("bannerText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close->setText(QStringLiteral("✕"));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Dismiss"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 4, 6);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

QString Banner::text() const
{
    return isVisible() || !isHidden() ? m_text->text() : QString();
}

QString Banner::details() const
{
    return m_text->toolTip();
}

void Banner::showWith(const QString &text, const QString &details, const QColor &colour)
{
    m_text->setText(text);
    m_text->setToolTip(details);
    QColor background = colour;
    background.setAlphaF(0.12f);
    setStyleSheet(QStringLiteral("#banner { border: 1px solid %1; border-radius: 6px;"
                                 " background: rgba(%2, %3, %4, 30); }")
                      .arg(colour.name())
                      .arg(colour.red())
                      .arg(colour.green())
                      .arg(colour.blue()));
    show();
}

void Banner::showError(const QString &text, const QString &details)
{
    showWith(text, details, Colors::forHttpStatus(500, palette()));
}

void Banner::showInfo(const QString &text)
{
    showWith(text, {}, Colors::forHttpStatus(300, palette()));
}

} // namespace Keyway
