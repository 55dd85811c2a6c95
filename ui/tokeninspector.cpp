#include "tokeninspector.h"

#include "auth/clock.h"
#include "auth/profilesessions.h"
#include "auth/signin/jwt.h"
#include "auth/signin/logout.h"
#include "auth/signin/revoker.h"
#include "auth/tokenmanager.h"
#include "colors.h"
#include "followtokens.h"
#include "tokenaction.h"
#include "tokenstatetext.h"

#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace Keyway {

namespace {

QLabel *valueLabel(QWidget *parent, const char *name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString countdown(qint64 ms)
{
    const qint64 seconds = ms / 1000;
    if (seconds <= 0)
        return TokenInspector::tr("expired %1 s ago").arg(-seconds);
    if (seconds < 120)
        return TokenInspector::tr("in %1 s").arg(seconds);
    return TokenInspector::tr("in %1:%2 min")
        .arg(seconds / 60)
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

TokenInspector::TokenInspector(ProfileSessions *profiles, QWidget *parent)
    : QWidget(parent),
      m_profiles(profiles),
      m_revoker(new Revoker(profiles->events(), profiles->clock(), this)),
      m_profile(new QComboBox(this)),
      m_state(valueLabel(this, "inspectorState")),
      m_generation(valueLabel(this, "inspectorGeneration")),
      m_expiry(valueLabel(this, "inspectorExpiry")),
      m_access(valueLabel(this, "inspectorAccess")),
      m_refresh(valueLabel(this, "inspectorRefresh")),
      m_store(valueLabel(this, "inspectorStore")),
      m_scope(valueLabel(this, "inspectorScope")),
      m_tlsBox(new QWidget(this)),
      m_tlsAdvice(valueLabel(m_tlsBox, "inspectorTlsAdvice")),
      m_claims(new QPlainTextEdit(this)),
      m_refreshButton(new QPushButton(tr("Refresh now"), this)),
      m_revokeButton(new QPushButton(tr("Revoke"), this)),
      m_signOutButton(new QPushButton(tr("Sign out"), this)),
      m_ticker(new QTimer(this))
{
    setObjectName(QStringLiteral("tokenInspector"));
    m_profile->setObjectName(QStringLiteral("inspectorProfile"));
    m_profile->setToolTip(tr("The profile whose tokens are shown here"));
    QFont bold = m_state->font();
    bold.setBold(true);
    m_state->setFont(bold);
    for (QLabel *label : {m_access, m_refresh})
        label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_store->setWordWrap(true);

    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight);
    form->addRow(tr("Profile"), m_profile);
    form->addRow(tr("State"), m_state);
    form->addRow(tr("Generation"), m_generation);
    form->addRow(tr("Expires"), m_expiry);
    form->addRow(tr("Access token"), m_access);
    form->addRow(tr("Refresh token"), m_refresh);
    form->addRow(tr("Scope"), m_scope);
    form->addRow(tr("Store"), m_store);

    // Right above the Try again it explains; hidden (taking no room) unless a certificate was
    // refused.
    m_tlsBox->setObjectName(QStringLiteral("inspectorTlsRefusal"));
    m_tlsAdvice->setWordWrap(true);
    auto *tlsSettings = new QPushButton(tr("TLS settings…"), m_tlsBox);
    tlsSettings->setObjectName(QStringLiteral("inspectorTlsSettings"));
    tlsSettings->setToolTip(tr("Open the profile's TLS page: CA files, client certificate, "
                               "insecure"));
    auto *tlsLayout = new QVBoxLayout(m_tlsBox);
    tlsLayout->setContentsMargins(0, 0, 0, 0);
    tlsLayout->addWidget(m_tlsAdvice);
    tlsLayout->addWidget(tlsSettings, 0, Qt::AlignLeft);
    m_tlsBox->hide();
    connect(tlsSettings, &QPushButton::clicked, this, &TokenInspector::tlsSettingsRequested);

    m_claims->setObjectName(QStringLiteral("inspectorClaims"));
    m_claims->setReadOnly(true);
    m_claims->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_claims->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto *claimsTitle = new QLabel(tr("Claims (decoded, signature not verified)"), this);
    claimsTitle->setFont(bold);

    m_refreshButton->setObjectName(QStringLiteral("inspectorRefreshNow"));
    m_revokeButton->setObjectName(QStringLiteral("inspectorRevoke"));
    m_signOutButton->setObjectName(QStringLiteral("inspectorSignOut"));
    m_revokeButton->setToolTip(tr("Revoke the refresh token at the server (RFC 7009) and "
                                  "forget the tokens"));
    m_signOutButton->setToolTip(tr("Revoke where the server allows it, and clear the tokens "
                                   "from the store"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_refreshButton);
    buttons->addWidget(m_revokeButton);
    buttons->addWidget(m_signOutButton);
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->addLayout(form);
    layout->addWidget(m_tlsBox);
    layout->addLayout(buttons);
    layout->addWidget(claimsTitle);
    layout->addWidget(m_claims, 1);

    connect(m_refreshButton, &QPushButton::clicked, this, &TokenInspector::refreshNow);
    connect(m_revokeButton, &QPushButton::clicked, this, &TokenInspector::revoke);
    connect(m_signOutButton, &QPushButton::clicked, this, &TokenInspector::signOut);
    connect(m_profile, &QComboBox::currentIndexChanged, this, [this] {
        follow(m_profiles->tokens(m_profile->currentText()));
        Q_EMIT profileSelected(selectedProfile());
    });
    connect(m_profiles, &ProfileSessions::profilesChanged, this, &TokenInspector::fillProfiles);
    // The countdown and Fresh → Stale → Expired go by the clock, without a signal.
    m_ticker->setInterval(1000);
    connect(m_ticker, &QTimer::timeout, this, &TokenInspector::showState);
    m_ticker->start();
    fillProfiles();
}

QString TokenInspector::selectedProfile() const
{
    return m_tokens ? m_tokens->profile().name : QString();
}

void TokenInspector::selectProfile(const QString &profile)
{
    const int index = m_profile->findText(profile);
    if (index >= 0)
        m_profile->setCurrentIndex(index);
}

void TokenInspector::fillProfiles()
{
    const QString selected = m_profile->currentText();
    {
        const QSignalBlocker blocker(m_profile);
        m_profile->clear();
        m_profile->addItems(m_profiles->names());
        m_profile->setCurrentIndex(qMax(0, m_profile->findText(selected)));
    }
    // The same name may now be another TokenManager (the workspace was opened again).
    TokenManager *tokens = m_profiles->tokens(m_profile->currentText());
    const bool changed = tokens != m_tokens;
    follow(tokens);
    if (changed)
        Q_EMIT profileSelected(selectedProfile());
}

void TokenInspector::follow(TokenManager *tokens)
{
    followTokens(this, m_tokens, tokens, &TokenInspector::showState);
    m_claimsGeneration = ~quint64(0);
    showState();
}

QString TokenInspector::stateText() const
{
    return QStringList {m_state->text(), m_generation->text(), m_expiry->text(), m_access->text(),
                        m_refresh->text()}
        .join(QLatin1Char(' '));
}

QString TokenInspector::adviceText() const
{
    return m_tlsBox->isHidden() ? QString() : m_tlsAdvice->text();
}

QString TokenInspector::claimsText() const
{
    return m_claims->toPlainText();
}

void TokenInspector::showState()
{
    if (!m_tokens) {
        for (QLabel *label : {m_state, m_generation, m_expiry, m_access, m_refresh, m_scope})
            label->setText(QStringLiteral("–"));
        m_store->setText(tr("No profile: create one in Profile > New profile"));
        for (QPushButton *button : {m_refreshButton, m_revokeButton, m_signOutButton})
            button->setEnabled(false);
        m_claims->clear();
        m_claims->setPlaceholderText(tr("Not signed in."));
        m_tlsBox->hide();
        return;
    }
    const TokenSet &tokens = m_tokens->tokens();
    const TokenStateText shown(*m_tokens);
    m_state->setText(shown.name);
    m_tlsAdvice->setText(shown.advice);
    m_tlsAdvice->setToolTip(shown.detail);
    m_tlsBox->setVisible(shown.tlsRefused);
    const QColor colour = Colors::forTokenState(shown.state, palette());
    m_state->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(colour.name()));
    // describe() carries fingerprints only; the tokens never reach a widget.
    const QJsonObject described = tokens.describe();
    m_generation->setText(tokens.isValid() ? QString::number(tokens.generation)
                                           : QStringLiteral("–"));
    m_expiry->setText(
        tokens.isValid() && tokens.expiresAtMs ? QStringLiteral("%1 (%2)").arg(
            countdown(tokens.expiresAtMs - m_profiles->clock()->nowMs()),
            QDateTime::fromMSecsSinceEpoch(tokens.expiresAtMs).toString(QStringLiteral("HH:mm:ss")))
                                               : QStringLiteral("–"));
    m_access->setText(
        described.value(QStringLiteral("access_token")).toString(QStringLiteral("–")));
    m_refresh->setText(tokens.hasRefreshToken()
                           ? described.value(QStringLiteral("refresh_token")).toString()
                           : tr("none"));
    m_scope->setText(tokens.scope.isEmpty() ? QStringLiteral("–") : tokens.scope);
    m_store->setText(m_tokens->store()->describe());
    const TokenAction action(*m_tokens);
    m_refreshButton->setText(action.label);
    m_refreshButton->setToolTip(action.toolTip);
    m_refreshButton->setEnabled(action.enabled);
    m_revokeButton->setEnabled(tokens.isValid() && m_tokens->profile().revocationUrl.isValid());
    m_signOutButton->setEnabled(tokens.isValid());
    if (m_claimsGeneration != tokens.generation)
        showClaims();
}

void TokenInspector::showClaims()
{
    const TokenSet &tokens = m_tokens->tokens();
    m_claimsGeneration = tokens.generation;
    QStringList parts;
    QString error;
    // Decoded for the person who asked to see them; never logged.
    if (const auto access = DecodedJwt::decode(tokens.accessToken, &error))
        parts << tr("access token") + QLatin1Char('\n')
                + QString::fromUtf8(QJsonDocument(access->claims).toJson(QJsonDocument::Indented));
    if (const auto id = DecodedJwt::decode(tokens.idToken, &error))
        parts << tr("id token") + QLatin1Char('\n')
                + QString::fromUtf8(QJsonDocument(id->claims).toJson(QJsonDocument::Indented));
    m_claims->setPlainText(parts.join(QLatin1Char('\n')));
    m_claims->setPlaceholderText(tokens.isValid() ? tr("The tokens are opaque: no claims to show.")
                                                  : tr("Not signed in."));
}

void TokenInspector::refreshNow()
{
    if (!m_tokens)
        return;
    runTokenAction(m_tokens, this, [this](const QString &text) { Q_EMIT message(text); });
}

void TokenInspector::revoke()
{
    if (!m_tokens)
        return;
    // The refresh token dies at the server; the access token lives out its lifetime, and the
    // next refresh shows in the log what a revoked grant looks like.
    const TokenSet &tokens = m_tokens->tokens();
    const bool refresh = tokens.hasRefreshToken();
    m_revoker->revoke(m_tokens->profile(), refresh ? tokens.refreshToken : tokens.accessToken,
                      refresh ? Revoker::TokenKind::RefreshToken : Revoker::TokenKind::AccessToken);
    Q_EMIT message(
        tr("Revoking the %1 token at the server").arg(refresh ? tr("refresh") : tr("access")));
}

void TokenInspector::signOut()
{
    if (!m_tokens)
        return;
    auto *logout = new Logout(m_tokens, m_revoker, m_profiles->events(), this);
    const QString profile = m_tokens->profile().name;
    connect(logout, &Logout::finished, this, [this, logout, profile](const SignInResult &) {
        logout->deleteLater();
        Q_EMIT message(tr("Signed out of %1: tokens cleared from the store").arg(profile));
        showState();
    });
    logout->start();
}

} // namespace Keyway
