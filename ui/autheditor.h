#pragma once

#include "collection/workspacedata.h"

#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace Keyway {

// The Auth tab of a request: inherit, none, an OAuth profile (its token attached, refreshed and
// replayed by the core), a fixed Bearer token or HTTP Basic. Credentials may be `{{variables}}`;
// a literal one is moved into a secret variable when the workspace is saved.
class AuthEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuthEditor)
public:
    explicit AuthEditor(QWidget *parent = nullptr);

    RequestAuth auth() const;
    void setAuth(const RequestAuth &auth);
    // The profiles offered; `inherited` says what "Inherit" means for this request ("sandbox",
    // "Basic auth") and `from` whose it is ("folder 'Users'").
    void setProfiles(const QStringList &profiles, const QString &inherited,
                     const QString &from = {});

    QComboBox *modeBox() const { return m_mode; }

Q_SIGNALS:
    void changed();

private:
    void showFieldsFor(RequestAuth::Mode mode);

    QFormLayout *m_form;
    QComboBox *m_mode;
    QComboBox *m_profile;
    QLineEdit *m_token;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QLabel *m_note;
    QString m_inherited;
    QString m_inheritedFrom;
};

} // namespace Keyway
