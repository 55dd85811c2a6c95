#include "autheditor.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace Keyway {

AuthEditor::AuthEditor(QWidget *parent)
    : QWidget(parent),
      m_form(new QFormLayout(this)),
      m_mode(new QComboBox(this)),
      m_profile(new QComboBox(this)),
      m_token(new QLineEdit(this)),
      m_username(new QLineEdit(this)),
      m_password(new QLineEdit(this)),
      m_note(new QLabel(this))
{
    m_mode->setObjectName(QStringLiteral("authMode"));
    m_mode->addItem(tr("Inherit"), int(RequestAuth::Mode::Inherit));
    m_mode->addItem(tr("No auth"), int(RequestAuth::Mode::None));
    m_mode->addItem(tr("OAuth profile"), int(RequestAuth::Mode::Profile));
    m_mode->addItem(tr("Bearer token"), int(RequestAuth::Mode::Bearer));
    m_mode->addItem(tr("Basic auth"), int(RequestAuth::Mode::Basic));
    m_mode->setToolTip(tr("How this request is authorised"));
    m_profile->setObjectName(QStringLiteral("authProfile"));
    m_profile->setToolTip(
        tr("The profile whose token Keyway attaches, refreshes and replays with"));
    m_token->setObjectName(QStringLiteral("authToken"));
    m_token->setPlaceholderText(tr("{{token}}"));
    // Shown while typed, dots after: a literal token on screen is one screenshot from a leak.
    m_token->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_username->setObjectName(QStringLiteral("authUsername"));
    m_username->setPlaceholderText(tr("{{username}}"));
    m_password->setObjectName(QStringLiteral("authPassword"));
    m_password->setPlaceholderText(tr("{{password}}"));
    m_password->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_note->setObjectName(QStringLiteral("authNote"));
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);

    m_form->addRow(tr("Type:"), m_mode);
    m_form->addRow(tr("Profile:"), m_profile);
    m_form->addRow(tr("Token:"), m_token);
    m_form->addRow(tr("Username:"), m_username);
    m_form->addRow(tr("Password:"), m_password);
    m_form->addRow(m_note);

    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        showFieldsFor(RequestAuth::Mode(m_mode->currentData().toInt()));
        Q_EMIT changed();
    });
    connect(m_profile, &QComboBox::currentIndexChanged, this, &AuthEditor::changed);
    for (QLineEdit *edit : {m_token, m_username, m_password})
        connect(edit, &QLineEdit::textEdited, this, &AuthEditor::changed);
    showFieldsFor(RequestAuth::Mode::Inherit);
}

RequestAuth AuthEditor::auth() const
{
    RequestAuth auth;
    auth.mode = RequestAuth::Mode(m_mode->currentData().toInt());
    // Only what the chosen type uses: a token typed before switching to None is not kept.
    switch (auth.mode) {
    case RequestAuth::Mode::Inherit:
    case RequestAuth::Mode::None: break;
    case RequestAuth::Mode::Profile: auth.profile = m_profile->currentText(); break;
    case RequestAuth::Mode::Bearer: auth.token = m_token->text(); break;
    case RequestAuth::Mode::Basic:
        auth.username = m_username->text();
        auth.password = m_password->text();
        break;
    }
    return auth;
}

void AuthEditor::setAuth(const RequestAuth &auth)
{
    const QSignalBlocker blockMode(m_mode);
    const QSignalBlocker blockProfile(m_profile);
    m_mode->setCurrentIndex(qMax(0, m_mode->findData(int(auth.mode))));
    if (auth.mode == RequestAuth::Mode::Profile && m_profile->findText(auth.profile) < 0)
        m_profile->addItem(auth.profile);
    if (auth.mode == RequestAuth::Mode::Profile)
        m_profile->setCurrentIndex(m_profile->findText(auth.profile));
    m_token->setText(auth.token);
    m_username->setText(auth.username);
    m_password->setText(auth.password);
    showFieldsFor(auth.mode);
}

void AuthEditor::setProfiles(const QStringList &profiles, const QString &inherited,
                             const QString &from)
{
    const QSignalBlocker block(m_profile);
    const QString current = m_profile->currentText();
    m_profile->clear();
    m_profile->addItems(profiles);
    if (!current.isEmpty() && m_profile->findText(current) < 0)
        m_profile->addItem(current);
    m_profile->setCurrentIndex(qMax(0, m_profile->findText(current)));
    m_inherited = inherited;
    m_inheritedFrom = from;
    m_mode->setItemText(0, inherited.isEmpty() ? tr("Inherit") : tr("Inherit (%1)").arg(inherited));
    showFieldsFor(RequestAuth::Mode(m_mode->currentData().toInt()));
}

void AuthEditor::showFieldsFor(RequestAuth::Mode mode)
{
    using Mode = RequestAuth::Mode;
    m_form->setRowVisible(m_profile, mode == Mode::Profile);
    m_form->setRowVisible(m_token, mode == Mode::Bearer);
    m_form->setRowVisible(m_username, mode == Mode::Basic);
    m_form->setRowVisible(m_password, mode == Mode::Basic);
    const QString literal = tr(" Write a {{variable}}: a literal value is moved into a secret "
                               "variable, kept in the keychain, when the workspace is saved.");
    switch (mode) {
    case Mode::Inherit:
        m_note->setText(
            tr("Uses the auth of the enclosing folder, collection or workspace%1.")
                .arg(m_inherited.isEmpty() ? QString()
                         : m_inheritedFrom.isEmpty()
                         ? tr(" (here: %1)").arg(m_inherited)
                         : tr(" (here: %1, from the %2)").arg(m_inherited, m_inheritedFrom)));
        break;
    case Mode::None: m_note->setText(tr("Sent without an Authorization header.")); break;
    case Mode::Profile:
        m_note->setText(tr("Keyway attaches the profile's bearer token to each attempt, "
                           "refreshes it once when the API rejects it and replays the request. "
                           "The token never leaves the token store."));
        break;
    case Mode::Bearer:
        m_note->setText(tr("Sent as 'Authorization: Bearer …' exactly as given: a fixed token is "
                           "never refreshed.")
                        + literal);
        break;
    case Mode::Basic:
        m_note->setText(tr("Sent as 'Authorization: Basic …' (RFC 7617), username and password "
                           "in UTF-8.")
                        + literal);
        break;
    }
}

} // namespace Keyway
