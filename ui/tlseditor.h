#pragma once

#include "collection/secretref.h"
#include "http/tlssettings.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;

namespace Keyway {

// The profile dialog's TLS page for a profile's TlsSettings: extra CA certificate files, the
// client certificate and key (mutual TLS), where the key's passphrase lives (the keychain, typed
// here and written there on save, or an environment variable; never the profile file) and "do
// not verify certificates" with what that costs. A page of its own keeps the main page as short
// as it is for the many profiles that need none of it.
class TlsEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TlsEditor)
public:
    explicit TlsEditor(QWidget *parent = nullptr);

    // Shows `tls` (its passphrase value is never shown) and where its passphrase lives.
    void setSettings(const TlsSettings &tls, const SecretRef &passphrase);
    // What is shown, without a passphrase value.
    TlsSettings settings() const;
    // Where the passphrase lives as edited: `keychainRef` once one is typed for the keychain
    // (the caller writes it there), the variable named for an environment one, or as it was.
    SecretRef passphraseRef(const SecretRef &keychainRef) const;
    // The passphrase typed for the keychain; empty when none was typed.
    QString typedPassphrase() const;
    // What is wrong with the files named (missing, unreadable, not PEM, a key its passphrase
    // does not open), one line per file; empty when they are good. Each is also said under its
    // field.
    QString fileProblems() const;

Q_SIGNALS:
    void insecureChanged(bool insecure);
    // The files were checked again (a path or the passphrase changed).
    void filesChecked(bool good);

private:
    void addCaFiles();
    void browse(QLineEdit *edit, const QString &title);
    void updatePassphraseField();
    void checkFiles();
    // The passphrase the key is opened with; nullopt when it cannot be known here.
    std::optional<QString> knownPassphrase() const;

    SecretRef m_passphrase; // as set: kept while nothing else is chosen or typed
    QListWidget *m_caFiles;
    QLineEdit *m_clientCertificate;
    QLineEdit *m_clientKey;
    QComboBox *m_passphraseSource;
    QLineEdit *m_passphraseValue;
    QCheckBox *m_insecure;
    QLabel *m_insecureWarning;
    QLabel *m_caProblem;
    QLabel *m_certificateProblem;
    QLabel *m_keyProblem;
};

} // namespace Keyway
