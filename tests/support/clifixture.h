#pragma once

#include "clirun.h"
#include "sandbox/sandbox.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace Keyway::Test {

// What the keyway-cli tests set up around each test: the binary, a home of the children's own
// (XDG data and config) and an in-process sandbox on loopback that the children sign in to.
// A test that needs the keychain store starts its own KeyringSession before this.
class CliFixture
{
    Q_DISABLE_COPY_MOVE(CliFixture)
public:
    CliFixture();
    ~CliFixture();

    // For initTestCase: finds keyway-cli.
    bool findBinary(QString *error);
    // For init: a new empty home and a started sandbox with `config`.
    bool startTest(const SandboxConfig &config, QString *error);
    // Another sandbox with `config` in place of the one there (its tokens and counters go with
    // it); the home stays.
    bool startSandbox(const SandboxConfig &config, QString *error);
    // For cleanup: the sandbox closes its ports and the home is removed.
    void stopTest();

    const QString &binary() const { return m_binary; }
    Sandbox &sandbox() const { return *m_sandbox; }
    QString home() const { return m_home->path(); }
    // Where the children keep their workspaces: XDG_DATA_HOME.
    QString dataHome() const;

    // isolatedCliEnvironment() of this home, with the sandbox's client secret and password when
    // `withSecrets` (without them a child cannot sign in by itself).
    QProcessEnvironment environment(bool withSecrets = true) const;
    CliRun run(const QStringList &arguments, bool withSecrets = true) const;
    CliRun run(const QStringList &arguments, const QProcessEnvironment &environment,
               int timeoutMs = 60000) const;

    // The sandbox's confidential client at its token endpoint.
    QStringList clientArgs() const;
    // clientArgs() with the password grant for the sandbox's user.
    QStringList passwordGrantArgs() const;
    QString api(const QString &pathAndQuery) const;

private:
    QString m_binary;
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<Sandbox> m_sandbox;
};

} // namespace Keyway::Test
