#include "tlseditor.h"

#include "colors.h"
#include "fields.h"
#include "tlsfilecheck.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace Keyway {

namespace {

const QString NoPassphrase = QStringLiteral("none");
const QString KeychainPassphrase = QStringLiteral("keychain");
const QString EnvironmentPassphrase = QStringLiteral("env");
const QString PemFilter = QStringLiteral("PEM files (*.pem *.crt *.cer *.key);;All files (*)");

// Said under its field, in the colour errors have everywhere; hidden while there is nothing.
QLabel *problemLabel(QWidget *parent, const char *name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, Colors::forHttpStatus(500, palette));
    label->setPalette(palette);
    label->hide();
    return label;
}

void showProblem(QLabel *label, const QString &problem)
{
    label->setText(problem);
    label->setVisible(!problem.isEmpty());
}

} // namespace

TlsEditor::TlsEditor(QWidget *parent)
    : QWidget(parent),
      m_caFiles(new QListWidget(this)),
      m_clientCertificate(clearableField(this, "tlsClientCertificate", tr("PEM; for mutual TLS"))),
      m_clientKey(clearableField(this, "tlsClientKey", tr("PEM, RSA or EC private key"))),
      m_passphraseSource(new QComboBox(this)),
      m_passphraseValue(new QLineEdit(this)),
      m_insecure(new QCheckBox(tr("Do not verify certificates (insecure)"), this)),
      m_insecureWarning(new QLabel(this)),
      m_caProblem(problemLabel(this, "tlsCaFilesProblem")),
      m_certificateProblem(problemLabel(this, "tlsClientCertificateProblem")),
      m_keyProblem(problemLabel(this, "tlsClientKeyProblem"))
{
    setObjectName(QStringLiteral("tlsEditor"));
    m_caFiles->setObjectName(QStringLiteral("tlsCaFiles"));
    m_caFiles->setSelectionMode(QAbstractItemView::ExtendedSelection);
    // A few rows: most profiles add one CA, if any.
    m_caFiles->setMaximumHeight(m_caFiles->fontMetrics().height() * 4 + 8);
    m_caFiles->setToolTip(tr("PEM files whose CAs are trusted in addition to the system's"));
    auto *addCa = new QPushButton(tr("Add…"), this);
    addCa->setObjectName(QStringLiteral("tlsAddCa"));
    auto *removeCa = new QPushButton(tr("Remove"), this);
    removeCa->setObjectName(QStringLiteral("tlsRemoveCa"));
    auto *caButtons = new QVBoxLayout;
    caButtons->addWidget(addCa);
    caButtons->addWidget(removeCa);
    caButtons->addStretch(1);
    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_caFiles, 1);
    caRow->addLayout(caButtons);

    auto *caField = new QVBoxLayout;
    caField->addLayout(caRow);
    caField->addWidget(m_caProblem);

    const auto fileRow = [this](QLineEdit *edit, const char *name, const QString &title,
                                QLabel *problem) {
        auto *browse = new QPushButton(tr("Browse…"), this);
        browse->setObjectName(QLatin1String(name));
        connect(browse, &QPushButton::clicked, this,
                [this, edit, title] { this->browse(edit, title); });
        auto *row = new QHBoxLayout;
        row->addWidget(edit, 1);
        row->addWidget(browse);
        auto *field = new QVBoxLayout;
        field->addLayout(row);
        field->addWidget(problem);
        return field;
    };

    m_passphraseSource->setObjectName(QStringLiteral("tlsPassphraseSource"));
    m_passphraseSource->addItem(tr("None"), NoPassphrase);
    m_passphraseSource->addItem(tr("System keychain"), KeychainPassphrase);
    m_passphraseSource->addItem(tr("Environment variable"), EnvironmentPassphrase);
    m_passphraseValue->setObjectName(QStringLiteral("tlsPassphrase"));
    auto *passphraseRow = new QHBoxLayout;
    passphraseRow->addWidget(m_passphraseSource);
    passphraseRow->addWidget(m_passphraseValue, 1);

    m_insecure->setObjectName(QStringLiteral("tlsInsecure"));
    m_insecureWarning->setObjectName(QStringLiteral("tlsInsecureWarning"));
    m_insecureWarning->setWordWrap(true);
    m_insecureWarning->setText(
        tr("<b>Any certificate is accepted</b>, so anyone between you and the server can read and "
           "change this profile's traffic, tokens included. For testing only: every request of "
           "the profile says so in the live log (tls.insecure)."));

    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight);
    form->addRow(tr("Extra CA certificates"), caField);
    form->addRow(tr("Client certificate"),
                 fileRow(m_clientCertificate, "tlsBrowseCertificate", tr("Client certificate"),
                         m_certificateProblem));
    form->addRow(tr("Client key"),
                 fileRow(m_clientKey, "tlsBrowseKey", tr("Client key"), m_keyProblem));
    form->addRow(tr("Key passphrase"), passphraseRow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addSpacing(8);
    layout->addWidget(m_insecure);
    layout->addWidget(m_insecureWarning);
    layout->addStretch(1);

    connect(addCa, &QPushButton::clicked, this, &TlsEditor::addCaFiles);
    connect(removeCa, &QPushButton::clicked, this,
            [this] { qDeleteAll(m_caFiles->selectedItems()); });
    connect(m_passphraseSource, &QComboBox::currentIndexChanged, this, [this] {
        // Another kind of place: what the field held (a variable name, a typed passphrase)
        // meant the other one.
        const QString source = m_passphraseSource->currentData().toString();
        m_passphraseValue->setText(source == EnvironmentPassphrase
                                           && m_passphrase.kind == SecretRef::Kind::Environment
                                       ? m_passphrase.name
                                       : QString());
        updatePassphraseField();
    });
    // Checked as soon as a path is chosen or typed, not first at sign-in.
    for (QLineEdit *edit : {m_clientCertificate, m_clientKey, m_passphraseValue})
        connect(edit, &QLineEdit::textChanged, this, &TlsEditor::checkFiles);
    connect(m_passphraseSource, &QComboBox::currentIndexChanged, this, &TlsEditor::checkFiles);
    connect(m_caFiles->model(), &QAbstractItemModel::rowsInserted, this, &TlsEditor::checkFiles);
    connect(m_caFiles->model(), &QAbstractItemModel::rowsRemoved, this, &TlsEditor::checkFiles);
    connect(m_insecure, &QCheckBox::toggled, this, [this](bool on) {
        m_insecureWarning->setVisible(on);
        emit insecureChanged(on);
    });
    setSettings({}, {});
}

void TlsEditor::setSettings(const TlsSettings &tls, const SecretRef &passphrase)
{
    m_passphrase = passphrase;
    m_caFiles->clear();
    for (const QString &file : tls.caCertificateFiles)
        m_caFiles->addItem(QDir::toNativeSeparators(file));
    m_clientCertificate->setText(QDir::toNativeSeparators(tls.clientCertificateFile));
    m_clientKey->setText(QDir::toNativeSeparators(tls.clientKeyFile));
    const QString source = passphrase.kind == SecretRef::Kind::Keychain ? KeychainPassphrase
        : passphrase.kind == SecretRef::Kind::Environment               ? EnvironmentPassphrase
                                                                        : NoPassphrase;
    {
        const QSignalBlocker blocker(m_passphraseSource);
        m_passphraseSource->setCurrentIndex(m_passphraseSource->findData(source));
    }
    m_passphraseValue->setText(passphrase.kind == SecretRef::Kind::Environment ? passphrase.name
                                                                               : QString());
    updatePassphraseField();
    m_insecure->setChecked(tls.insecure);
    m_insecureWarning->setVisible(tls.insecure);
    checkFiles();
}

TlsSettings TlsEditor::settings() const
{
    TlsSettings tls;
    tls.insecure = m_insecure->isChecked();
    for (int row = 0; row < m_caFiles->count(); ++row)
        tls.caCertificateFiles << QDir::fromNativeSeparators(m_caFiles->item(row)->text());
    tls.clientCertificateFile = QDir::fromNativeSeparators(m_clientCertificate->text().trimmed());
    tls.clientKeyFile = QDir::fromNativeSeparators(m_clientKey->text().trimmed());
    return tls;
}

SecretRef TlsEditor::passphraseRef(const SecretRef &keychainRef) const
{
    const QString source = m_passphraseSource->currentData().toString();
    if (source == KeychainPassphrase) {
        if (!m_passphraseValue->text().isEmpty())
            return keychainRef;
        return m_passphrase.kind == SecretRef::Kind::Keychain ? m_passphrase : SecretRef();
    }
    if (source == EnvironmentPassphrase && !m_passphraseValue->text().trimmed().isEmpty())
        return SecretRef::environment(m_passphraseValue->text().trimmed());
    return {};
}

QString TlsEditor::typedPassphrase() const
{
    return m_passphraseSource->currentData().toString() == KeychainPassphrase
        ? m_passphraseValue->text()
        : QString();
}

QString TlsEditor::fileProblems() const
{
    QStringList problems;
    for (const QLabel *label : {m_caProblem, m_certificateProblem, m_keyProblem})
        if (!label->text().isEmpty())
            problems << label->text();
    return problems.join(QLatin1Char('\n'));
}

std::optional<QString> TlsEditor::knownPassphrase() const
{
    const QString source = m_passphraseSource->currentData().toString();
    if (source == NoPassphrase)
        return QString();
    if (source == KeychainPassphrase) {
        if (!m_passphraseValue->text().isEmpty())
            return m_passphraseValue->text();
        // Read from the keychain at sign-in; nothing there to check it against now.
        return m_passphrase.kind == SecretRef::Kind::Keychain ? std::nullopt
                                                              : std::optional(QString());
    }
    const QString variable = m_passphraseValue->text().trimmed();
    if (variable.isEmpty() || !qEnvironmentVariableIsSet(qPrintable(variable)))
        return std::nullopt; // may be set where keyway-cli runs
    return qEnvironmentVariable(qPrintable(variable));
}

void TlsEditor::checkFiles()
{
    const TlsSettings tls = settings();
    QStringList caProblems;
    for (const QString &file : tls.caCertificateFiles)
        if (const QString problem = certificateFileProblem(file); !problem.isEmpty())
            caProblems << problem;
    showProblem(m_caProblem, caProblems.join(QLatin1Char('\n')));
    const bool certificate = !tls.clientCertificateFile.isEmpty();
    const bool key = !tls.clientKeyFile.isEmpty();
    showProblem(m_certificateProblem,
                certificate ? certificateFileProblem(tls.clientCertificateFile)
                    : key   ? tr("the client key needs its certificate file")
                            : QString());
    showProblem(m_keyProblem,
                key               ? keyFileProblem(tls.clientKeyFile, knownPassphrase())
                    : certificate ? tr("the client certificate needs its key file")
                                  : QString());
    emit filesChecked(fileProblems().isEmpty());
}

void TlsEditor::addCaFiles()
{
    const QStringList files =
        QFileDialog::getOpenFileNames(this, tr("Add CA certificates"), QDir::homePath(), PemFilter);
    for (const QString &file : files)
        m_caFiles->addItem(QDir::toNativeSeparators(file));
}

void TlsEditor::browse(QLineEdit *edit, const QString &title)
{
    const QString start = edit->text().isEmpty() ? QDir::homePath() : edit->text();
    const QString file = QFileDialog::getOpenFileName(this, title, start, PemFilter);
    if (!file.isEmpty())
        edit->setText(QDir::toNativeSeparators(file));
}

void TlsEditor::updatePassphraseField()
{
    const QString source = m_passphraseSource->currentData().toString();
    const bool environment = source == EnvironmentPassphrase;
    m_passphraseValue->setEnabled(source != NoPassphrase);
    m_passphraseValue->setEchoMode(environment ? QLineEdit::Normal : QLineEdit::Password);
    m_passphraseValue->setPlaceholderText(
        environment                  ? tr("the variable's name, e.g. KEYWAY_KEY_PASSPHRASE")
            : source == NoPassphrase ? tr("the key is not encrypted")
            : m_passphrase.kind == SecretRef::Kind::Keychain
            ? tr("(in the keychain; type to replace)")
            : tr("kept in the system keychain, never in a file"));
}

} // namespace Keyway
