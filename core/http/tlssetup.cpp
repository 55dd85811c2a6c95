#include "http/tlssetup.h"

#include <QDir>
#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QUrl>

namespace Keyway {

namespace {

QString shown(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

std::optional<QByteArray> readFile(const QString &path, const QString &what, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("the %1 %2 cannot be read: %3")
                     .arg(what, shown(path), file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

// RSA first, the common case; then EC. Qt needs to be told the algorithm.
QSslKey readKey(const QByteArray &pem, const QString &passphrase)
{
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey, passphrase.toUtf8());
        if (!key.isNull())
            return key;
    }
    return {};
}

} // namespace

TlsSetup TlsSetup::from(const TlsSettings &settings)
{
    TlsSetup setup;
    setup.settings = settings;
    if (settings.isDefault())
        return setup;
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    if (settings.insecure)
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    for (const QString &path : settings.caCertificateFiles) {
        const auto pem = readFile(path, QStringLiteral("CA certificate file"), &setup.error);
        if (!pem)
            return setup;
        const QList<QSslCertificate> certificates = QSslCertificate::fromData(*pem, QSsl::Pem);
        if (certificates.isEmpty()) {
            setup.error = QStringLiteral("the CA certificate file %1 holds no PEM certificate "
                                         "(-----BEGIN CERTIFICATE-----)")
                              .arg(shown(path));
            return setup;
        }
        configuration.addCaCertificates(certificates);
    }
    if (settings.clientCertificateFile.isEmpty() != settings.clientKeyFile.isEmpty()) {
        setup.error = QStringLiteral("a client certificate needs both the certificate file and "
                                     "its key file");
        return setup;
    }
    if (!settings.clientCertificateFile.isEmpty()) {
        const auto pem = readFile(settings.clientCertificateFile,
                                  QStringLiteral("client certificate file"), &setup.error);
        if (!pem)
            return setup;
        const QList<QSslCertificate> chain = QSslCertificate::fromData(*pem, QSsl::Pem);
        if (chain.isEmpty()) {
            setup.error = QStringLiteral("the client certificate file %1 holds no PEM "
                                         "certificate")
                              .arg(shown(settings.clientCertificateFile));
            return setup;
        }
        const auto keyPem =
            readFile(settings.clientKeyFile, QStringLiteral("client key file"), &setup.error);
        if (!keyPem)
            return setup;
        const QSslKey key = readKey(*keyPem, settings.clientKeyPassphrase);
        if (key.isNull()) {
            setup.error = QStringLiteral("the client key file %1 is not a PEM RSA or EC private "
                                         "key, or its passphrase is wrong or missing")
                              .arg(shown(settings.clientKeyFile));
            return setup;
        }
        configuration.setLocalCertificateChain(chain);
        configuration.setPrivateKey(key);
    }
    setup.configuration = configuration;
    return setup;
}

QString describeTlsFailure(const QString &where, const QList<QSslError> &errors,
                           const QString &detail)
{
    static const QString remedy =
        QStringLiteral("add its CA with --ca-cert FILE or in the profile's TLS settings "
                       "(--insecure only for testing)");
    for (const QSslError &error : errors) {
        switch (error.error()) {
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
            return QStringLiteral("the certificate of %1 is not trusted (self-signed): %2")
                .arg(where, remedy);
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::CertificateUntrusted:
        case QSslError::CertificateRejected:
            return QStringLiteral("the certificate of %1 is not trusted (issued by a CA this "
                                  "profile does not trust): %2")
                .arg(where, remedy);
        case QSslError::HostNameMismatch:
            return QStringLiteral("the certificate of %1 is for another name (%2): use the name "
                                  "the certificate is for (--insecure only for testing)")
                .arg(where,
                     error.certificate().subjectAlternativeNames().values().join(
                         QStringLiteral(", ")));
        case QSslError::CertificateExpired:
            return QStringLiteral("the certificate of %1 expired on %2 (--insecure only for "
                                  "testing)")
                .arg(where, error.certificate().expiryDate().toString(Qt::ISODate));
        case QSslError::CertificateNotYetValid:
            return QStringLiteral("the certificate of %1 is not valid before %2: check this "
                                  "machine's clock")
                .arg(where, error.certificate().effectiveDate().toString(Qt::ISODate));
        default: break;
        }
    }
    if (!errors.isEmpty())
        return QStringLiteral("the certificate of %1 was refused (%2): %3")
            .arg(where, errors.constFirst().errorString(), remedy);
    return QStringLiteral("the TLS handshake with %1 failed (%2): if the server asks for a "
                          "client certificate, give one with --client-cert FILE --client-key "
                          "FILE or in the profile's TLS settings")
        .arg(where, detail);
}

} // namespace Keyway
