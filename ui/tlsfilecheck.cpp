#include "tlsfilecheck.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSslCertificate>
#include <QSslKey>

namespace Keyway {

namespace {

QString shown(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

std::optional<QByteArray> readFile(const QString &path, QString *problem)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        *problem = QObject::tr("%1 does not exist").arg(shown(path));
        return std::nullopt;
    }
    if (info.isDir()) {
        *problem = QObject::tr("%1 is a folder, not a file").arg(shown(path));
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *problem = QObject::tr("%1 cannot be read: %2").arg(shown(path), file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

bool opens(const QByteArray &pem, const QString &passphrase)
{
    // Qt needs to be told the algorithm; the core reads RSA and EC keys.
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec})
        if (!QSslKey(pem, algorithm, QSsl::Pem, QSsl::PrivateKey, passphrase.toUtf8()).isNull())
            return true;
    return false;
}

} // namespace

QString certificateFileProblem(const QString &path)
{
    QString problem;
    const auto pem = readFile(path, &problem);
    if (pem && QSslCertificate::fromData(*pem, QSsl::Pem).isEmpty())
        problem = QObject::tr("%1 holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
                      .arg(shown(path));
    return problem;
}

QString keyFileProblem(const QString &path, const std::optional<QString> &passphrase)
{
    QString problem;
    const auto pem = readFile(path, &problem);
    if (!pem || opens(*pem, passphrase.value_or(QString())))
        return problem;
    // PKCS#8 ("ENCRYPTED PRIVATE KEY") and the traditional form ("Proc-Type: 4,ENCRYPTED").
    const bool pemKey = pem->contains("-----BEGIN ") && pem->contains(" PRIVATE KEY-----");
    const bool encrypted = pemKey && pem->contains("ENCRYPTED");
    if (!encrypted)
        return QObject::tr("%1 is not a PEM RSA or EC private key (-----BEGIN PRIVATE KEY-----)")
            .arg(shown(path));
    if (!passphrase)
        return {}; // its passphrase is checked at sign-in, where it can be read
    if (passphrase->isEmpty())
        return QObject::tr("%1 is encrypted: choose where its passphrase lives").arg(shown(path));
    return QObject::tr("the passphrase does not open %1").arg(shown(path));
}

} // namespace Keyway
