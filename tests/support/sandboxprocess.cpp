#include "sandboxprocess.h"

#include "clientstack.h"
#include "clirun.h"
#include "sandbox/sandboxconfig.h"

#include <QFile>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTest>

namespace Keyway::Test {

SandboxProcess::~SandboxProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
    }
}

bool SandboxProcess::start(const QStringList &arguments, QString *error)
{
    const QString binary = builtProgram(QStringLiteral("keyway-sandbox"), error);
    if (binary.isEmpty())
        return false;
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start(binary,
                    QStringList {QStringLiteral("--port"), QStringLiteral("0")} + arguments);
    if (!m_process.waitForStarted()) {
        if (error)
            *error = m_process.errorString();
        return false;
    }
    const QRegularExpression ready(QStringLiteral("listening on (http://127\\.0\\.0\\.1:\\d+)"));
    QString output;
    const bool up = QTest::qWaitFor(
        [&] {
            output += QString::fromUtf8(m_process.readAllStandardOutput());
            return ready.match(output).hasMatch() || m_process.state() == QProcess::NotRunning;
        },
        15000);
    if (!up || !ready.match(output).hasMatch()) {
        if (error)
            *error = QStringLiteral("keyway-sandbox did not come up: ") + output
                + QString::fromUtf8(m_process.readAllStandardError());
        return false;
    }
    m_base = QUrl(ready.match(output).captured(1));
    return true;
}

QUrl SandboxProcess::url(const QString &pathAndQuery) const
{
    return m_base.resolved(QUrl(pathAndQuery));
}

Profile SandboxProcess::profile() const
{
    const SandboxConfig demo; // what keyway-sandbox runs with unless told otherwise
    Profile profile;
    profile.name = QStringLiteral("sandbox-process");
    profile.tokenUrl = url(QStringLiteral("/oauth/token"));
    profile.clientId = demo.clientId;
    profile.clientSecret = demo.clientSecret;
    profile.grant = GrantType::Password;
    profile.username = demo.username;
    profile.password = demo.password;
    return profile;
}

QByteArray SandboxProcess::passwordGrantResponse() const
{
    return Test::passwordGrantResponse(url(QStringLiteral("/oauth/token")), SandboxConfig());
}

QString SandboxProcess::accessToken() const
{
    return QJsonDocument::fromJson(passwordGrantResponse())
        .object()
        .value(QStringLiteral("access_token"))
        .toString();
}

QJsonObject SandboxProcess::admin(const QByteArray &method, const QString &pathAndQuery)
{
    QNetworkReply *reply = m_network.sendCustomRequest(QNetworkRequest(url(pathAndQuery)), method);
    // qWaitFor runs deferred deletes: the reply is released only after it has been read.
    const bool finished = QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000);
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return finished ? answer : QJsonObject {};
}

static qint64 statusFieldKb(const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(field.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

qint64 residentKb()
{
    return statusFieldKb("VmRSS:");
}

qint64 peakResidentKb()
{
    return statusFieldKb("VmHWM:");
}

bool resetPeakResident()
{
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    return clear.open(QIODevice::WriteOnly) && clear.write("5") == 1 && clear.flush();
}

} // namespace Keyway::Test
