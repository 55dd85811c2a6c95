#include "signinpanel.h"

#include "auth/clock.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace Keyway {

namespace {

QString link(const QUrl &url)
{
    const QString text = url.toString(QUrl::FullyEncoded);
    return QStringLiteral("<a href=\"%1\">%1</a>").arg(text.toHtmlEscaped());
}

} // namespace

SignInPanel::SignInPanel(Clock *clock, QWidget *parent)
    : QFrame(parent),
      m_clock(clock),
      m_heading(new QLabel(this)),
      m_link(new QLabel(this)),
      m_code(new QLabel(this)),
      m_countdown(new QLabel(this)),
      m_copy(new QPushButton(tr("Copy code"), this)),
      m_open(new QPushButton(tr("Open"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this)),
      m_ticker(new QTimer(this))
{
    setObjectName(QStringLiteral("signInPanel"));
    setFrameShape(QFrame::StyledPanel);
    m_heading->setObjectName(QStringLiteral("signInHeading"));
    m_heading->setWordWrap(true);
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    m_link->setObjectName(QStringLiteral("signInLink"));
    m_link->setWordWrap(true);
    m_link->setTextFormat(Qt::RichText);
    m_link->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_link->setOpenExternalLinks(true);
    m_code->setObjectName(QStringLiteral("signInCode"));
    m_code->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    QFont codeFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    codeFont.setPointSizeF(codeFont.pointSizeF() * 2.2);
    codeFont.setBold(true);
    m_code->setFont(codeFont);
    m_countdown->setObjectName(QStringLiteral("signInCountdown"));
    m_countdown->setForegroundRole(QPalette::PlaceholderText);
    m_copy->setObjectName(QStringLiteral("signInCopy"));
    m_open->setObjectName(QStringLiteral("signInOpen"));
    m_cancel->setObjectName(QStringLiteral("signInCancel"));

    auto *codeRow = new QHBoxLayout;
    codeRow->addWidget(m_code);
    codeRow->addWidget(m_copy);
    codeRow->addStretch(1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_countdown, 1);
    buttons->addWidget(m_open);
    buttons->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_link);
    layout->addLayout(codeRow);
    layout->addLayout(buttons);

    m_ticker->setInterval(1000);
    connect(m_ticker, &QTimer::timeout, this, &SignInPanel::showCountdown);
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_code->text()); });
    connect(m_open, &QPushButton::clicked, this, [this] { QDesktopServices::openUrl(m_openUrl); });
    connect(m_cancel, &QPushButton::clicked, this, &SignInPanel::cancelRequested);
    hide();
}

void SignInPanel::showBrowserWait(const QUrl &authorizationUrl)
{
    m_ticker->stop();
    m_openUrl = authorizationUrl;
    m_heading->setText(tr("Waiting for the browser… Sign in there; Keyway continues by itself."));
    m_link->setText(
        tr("If no browser opened, open this address yourself: %1").arg(link(authorizationUrl)));
    m_link->show();
    m_code->hide();
    m_copy->hide();
    m_countdown->clear();
    m_open->setText(tr("Open again"));
    m_open->show();
    m_cancel->setEnabled(true);
    show();
}

void SignInPanel::showBrowserReturned()
{
    m_heading->setText(tr("The browser came back; getting the tokens…"));
    m_open->hide();
}

void SignInPanel::showDeviceCode(const QString &userCode, const QUrl &verificationUri,
                                 const QUrl &verificationUriComplete, int expiresInSec)
{
    // The complete URI carries the code, so Open saves typing it; the plain one is what to
    // show, since a person may type it on another device.
    m_openUrl = verificationUriComplete.isEmpty() ? verificationUri : verificationUriComplete;
    m_heading->setText(tr("On any device, open the address below and enter this code:"));
    m_link->setText(link(verificationUri));
    m_link->show();
    m_code->setText(userCode);
    m_code->show();
    m_copy->show();
    m_open->setText(tr("Open"));
    m_open->show();
    m_cancel->setEnabled(true);
    m_expiresAtMs = expiresInSec > 0 ? m_clock->nowMs() + qint64(expiresInSec) * 1000 : 0;
    showCountdown();
    if (m_expiresAtMs)
        m_ticker->start();
    show();
}

void SignInPanel::finish()
{
    m_ticker->stop();
    hide();
}

QString SignInPanel::userCode() const
{
    return m_code->isHidden() ? QString() : m_code->text();
}

QString SignInPanel::countdownText() const
{
    return m_countdown->text();
}

void SignInPanel::showCountdown()
{
    if (!m_expiresAtMs) {
        m_countdown->setText(tr("Waiting for approval…"));
        return;
    }
    const qint64 seconds = qMax<qint64>(0, (m_expiresAtMs - m_clock->nowMs() + 999) / 1000);
    m_countdown->setText(tr("Waiting for approval; the code expires in %1:%2")
                             .arg(seconds / 60)
                             .arg(seconds % 60, 2, 10, QLatin1Char('0')));
}

} // namespace Keyway
