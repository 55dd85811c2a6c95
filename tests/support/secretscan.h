#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Keyway {
class Sandbox;
}

namespace Keyway::Test {

struct CliRun;

// Looks for known secrets in whatever a run left behind, in the forms a secret travels in: as it
// is, base64 and base64url (a Basic header, a JWT part), percent- and form-encoded. Each finding
// names where it was and which secret in which form.
class SecretScan
{
public:
    // Every secret `sandbox` knows of: its client secret and user password, its client's Basic
    // credentials, and each access and refresh token it has issued so far.
    static SecretScan forSandbox(const Sandbox &sandbox);

    // `name` says which secret it is in a finding ("refresh token 3"); its forms are added too.
    void addSecret(const QString &name, const QByteArray &value);
    // One more exact form of a secret, e.g. base64("client-id:secret") of a Basic header.
    void addForm(const QString &name, const QByteArray &bytes);
    qsizetype formCount() const { return m_forms.size(); }

    QStringList scan(const QString &where, const QByteArray &text) const;
    // What a keyway-cli run printed (stdout, stderr) and its command line as `ps` showed it; a
    // command line that was never read is a finding too (it was not checked).
    QStringList scanRun(const QString &what, const CliRun &run) const;
    // Every file below `folder`, hidden ones included; `*scanned` counts them.
    QStringList scanTree(const QString &folder, int *scanned = nullptr) const;

private:
    struct Form
    {
        QString name;
        QByteArray bytes;
    };
    QList<Form> m_forms;
};

} // namespace Keyway::Test
