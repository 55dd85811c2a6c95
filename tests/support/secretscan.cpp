#include "secretscan.h"

#include "clirun.h"
#include "sandbox/sandbox.h"

#include <QDirIterator>
#include <QFile>
#include <QUrl>

namespace Keyway::Test {

SecretScan SecretScan::forSandbox(const Sandbox &sandbox)
{
    const SandboxConfig &config = sandbox.config();
    SecretScan scan;
    scan.addSecret(QStringLiteral("client secret"), config.clientSecret.toUtf8());
    scan.addSecret(QStringLiteral("password"), config.password.toUtf8());
    scan.addForm(QStringLiteral("Basic client credentials"),
                 (config.clientId + QLatin1Char(':') + config.clientSecret).toUtf8().toBase64());
    const QStringList issued = sandbox.issuedSecrets();
    for (qsizetype i = 0; i < issued.size(); ++i)
        scan.addSecret(QStringLiteral("issued token %1").arg(i + 1), issued.at(i).toUtf8());
    return scan;
}

void SecretScan::addSecret(const QString &name, const QByteArray &value)
{
    addForm(name, value);
    addForm(name + QStringLiteral(" (base64)"), value.toBase64());
    addForm(name + QStringLiteral(" (base64url)"),
            value.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    const QString text = QString::fromUtf8(value);
    addForm(name + QStringLiteral(" (percent-encoded)"), QUrl::toPercentEncoding(text));
    addForm(name + QStringLiteral(" (form-encoded)"),
            QUrl::toPercentEncoding(text, " ").replace(' ', '+'));
}

void SecretScan::addForm(const QString &name, const QByteArray &bytes)
{
    for (const Form &form : std::as_const(m_forms)) {
        if (form.bytes == bytes)
            return; // the same bytes are found once, under the first name
    }
    m_forms.append({name, bytes});
}

QStringList SecretScan::scan(const QString &where, const QByteArray &text) const
{
    QStringList found;
    for (const Form &form : m_forms) {
        if (text.contains(form.bytes))
            found.append(QStringLiteral("%1: %2").arg(where, form.name));
    }
    return found;
}

QStringList SecretScan::scanRun(const QString &what, const CliRun &run) const
{
    QStringList found = scan(what + QStringLiteral(" stdout"), run.out);
    found += scan(what + QStringLiteral(" stderr"), run.err);
    if (run.commandLine.isEmpty())
        found.append(what + QStringLiteral(" /proc/PID/cmdline: not read, so it was not checked"));
    found += scan(what + QStringLiteral(" /proc/PID/cmdline"), run.commandLine);
    return found;
}

QStringList SecretScan::scanTree(const QString &folder, int *scanned) const
{
    QStringList found;
    QDirIterator files(folder, QDir::Files | QDir::Hidden | QDir::System,
                       QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString path = files.next();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            found.append(path + QStringLiteral(": cannot be read, so it was not checked"));
            continue;
        }
        found += scan(path, file.readAll());
        if (scanned)
            ++*scanned;
    }
    return found;
}

} // namespace Keyway::Test
