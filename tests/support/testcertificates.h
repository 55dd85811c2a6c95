#pragma once

#include <QString>
#include <QTemporaryDir>

namespace Keyway::Test {

// Certificates made at test time with the openssl command into a temporary folder: a CA and a
// server certificate for 127.0.0.1 it issued, a self-signed server certificate, and a second CA
// with a client certificate for mutual TLS (its key in plain PEM and encrypted with
// `clientKeyPassphrase`). Nothing is checked in: no key ever outlives the test.
class TestCertificates
{
public:
    // False, with openssl's complaint in *error, when one step failed.
    bool generate(QString *error);

    QString file(const QString &name) const { return m_dir.filePath(name); }
    QString caCertificate() const { return file(QStringLiteral("ca.pem")); }
    QString serverCertificate() const { return file(QStringLiteral("server.pem")); }
    QString serverKey() const { return file(QStringLiteral("server.key")); }
    QString selfSignedCertificate() const { return file(QStringLiteral("self.pem")); }
    QString selfSignedKey() const { return file(QStringLiteral("self.key")); }
    QString clientCaCertificate() const { return file(QStringLiteral("client-ca.pem")); }
    QString clientCertificate() const { return file(QStringLiteral("client.pem")); }
    QString clientKey() const { return file(QStringLiteral("client.key")); }
    QString encryptedClientKey() const { return file(QStringLiteral("client-encrypted.key")); }
    static QString clientKeyPassphrase() { return QStringLiteral("test-key-passphrase"); }

private:
    bool openssl(const QStringList &arguments, QString *error);

    QTemporaryDir m_dir;
};

} // namespace Keyway::Test
