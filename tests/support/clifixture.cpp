#include "clifixture.h"

namespace Keyway::Test {

CliFixture::CliFixture() = default;
CliFixture::~CliFixture() = default;

bool CliFixture::findBinary(QString *error)
{
    m_binary = cliBinary(error);
    return !m_binary.isEmpty();
}

bool CliFixture::startTest(const SandboxConfig &config, QString *error)
{
    m_home = std::make_unique<QTemporaryDir>();
    if (!m_home->isValid()) {
        if (error)
            *error = QStringLiteral("no temporary folder for the children's home: ")
                + m_home->errorString();
        return false;
    }
    return startSandbox(config, error);
}

bool CliFixture::startSandbox(const SandboxConfig &config, QString *error)
{
    m_sandbox.reset(); // its ports first: the new one may want them
    m_sandbox = std::make_unique<Sandbox>(config);
    return m_sandbox->start(error);
}

void CliFixture::stopTest()
{
    m_sandbox.reset();
    m_home.reset();
}

QString CliFixture::dataHome() const
{
    return environment(false).value(QStringLiteral("XDG_DATA_HOME"));
}

QProcessEnvironment CliFixture::environment(bool withSecrets) const
{
    return isolatedCliEnvironment(m_home->path(),
                                  withSecrets ? m_sandbox->config().clientSecret : QString(),
                                  withSecrets ? m_sandbox->config().password : QString());
}

CliRun CliFixture::run(const QStringList &arguments, bool withSecrets) const
{
    return run(arguments, environment(withSecrets));
}

CliRun CliFixture::run(const QStringList &arguments, const QProcessEnvironment &environment,
                       int timeoutMs) const
{
    return runCli(m_binary, arguments, environment, timeoutMs);
}

QStringList CliFixture::clientArgs() const
{
    return {QStringLiteral("--token-url"), m_sandbox->tokenUrl().toString(),
            QStringLiteral("--client-id"), m_sandbox->config().clientId};
}

QStringList CliFixture::passwordGrantArgs() const
{
    return clientArgs()
        + QStringList {QStringLiteral("--grant"), QStringLiteral("password"),
                       QStringLiteral("--username"), m_sandbox->config().username};
}

QString CliFixture::api(const QString &pathAndQuery) const
{
    return m_sandbox->apiUrl(pathAndQuery).toString();
}

} // namespace Keyway::Test
