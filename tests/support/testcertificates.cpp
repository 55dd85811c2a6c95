#include "testcertificates.h"

#include <QFile>
#include <QProcess>

namespace Keyway::Test {

bool TestCertificates::openssl(const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.start(QStringLiteral("openssl"), arguments);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        *error = QStringLiteral("openssl %1: %2 %3")
                     .arg(arguments.join(QLatin1Char(' ')), process.errorString(),
                          QString::fromLocal8Bit(process.readAllStandardError()));
        return false;
    }
    return true;
}

bool TestCertificates::generate(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("no temporary folder: ") + m_dir.errorString();
        return false;
    }
    const auto extensions = [this](const QString &name, const QByteArray &text) {
        QFile file(m_dir.filePath(name));
        return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
    };
    if (!extensions(QStringLiteral("server.ext"),
                    "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
                    "subjectAltName=IP:127.0.0.1\n")
        || !extensions(QStringLiteral("client.ext"),
                       "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n")) {
        *error = QStringLiteral("cannot write the extension files");
        return false;
    }
    const QStringList ec {QStringLiteral("-newkey"), QStringLiteral("ec"),
                          QStringLiteral("-pkeyopt"),
                          QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
    const auto ca = [&](const QString &name, const QString &subject) {
        return openssl(QStringList {QStringLiteral("req"), QStringLiteral("-x509")} + ec
                           + QStringList {QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                                          QStringLiteral("-out"), name + QStringLiteral(".pem"),
                                          QStringLiteral("-days"), QStringLiteral("2"),
                                          QStringLiteral("-subj"), subject,
                                          QStringLiteral("-addext"),
                                          QStringLiteral("basicConstraints=critical,CA:TRUE"),
                                          QStringLiteral("-addext"),
                                          QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")},
                       error);
    };
    // `keyArguments` make the key: EC for the server, RSA for the client (both kinds are read).
    const auto issued = [&](const QString &name, const QString &issuer, const QString &subject,
                            const QStringList &keyArguments) {
        return openssl(QStringList {QStringLiteral("req")} + keyArguments
                           + QStringList {QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                                          QStringLiteral("-out"), name + QStringLiteral(".csr"),
                                          QStringLiteral("-subj"), subject},
                       error)
            && openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                        name + QStringLiteral(".csr"), QStringLiteral("-CA"),
                        issuer + QStringLiteral(".pem"), QStringLiteral("-CAkey"),
                        issuer + QStringLiteral(".key"), QStringLiteral("-CAcreateserial"),
                        QStringLiteral("-out"), name + QStringLiteral(".pem"),
                        QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"),
                        name + QStringLiteral(".ext")},
                       error);
    };
    const QStringList rsa {QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                           QStringLiteral("-nodes")};
    return ca(QStringLiteral("ca"), QStringLiteral("/CN=Keyway Test CA"))
        && issued(QStringLiteral("server"), QStringLiteral("ca"), QStringLiteral("/CN=127.0.0.1"),
                  ec)
        && openssl(QStringList {QStringLiteral("req"), QStringLiteral("-x509")} + ec
                       + QStringList {QStringLiteral("-keyout"), QStringLiteral("self.key"),
                                      QStringLiteral("-out"), QStringLiteral("self.pem"),
                                      QStringLiteral("-days"), QStringLiteral("2"),
                                      QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                                      QStringLiteral("-addext"),
                                      QStringLiteral("subjectAltName=IP:127.0.0.1")},
                   error)
        && ca(QStringLiteral("client-ca"), QStringLiteral("/CN=Keyway Test Client CA"))
        && issued(QStringLiteral("client"), QStringLiteral("client-ca"),
                  QStringLiteral("/CN=keyway-test-client"), rsa)
        && openssl({QStringLiteral("pkey"), QStringLiteral("-in"), QStringLiteral("client.key"),
                    QStringLiteral("-aes256"), QStringLiteral("-passout"),
                    QStringLiteral("pass:") + clientKeyPassphrase(), QStringLiteral("-out"),
                    QStringLiteral("client-encrypted.key")},
                   error);
}

} // namespace Keyway::Test
