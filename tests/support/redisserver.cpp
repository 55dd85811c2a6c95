#include "redisserver.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <csignal>

namespace Keyway::Test {

namespace {

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace

RedisServer::RedisServer(QStringList extraArgs) : m_extraArgs(std::move(extraArgs))
{
    const qsizetype pass = m_extraArgs.indexOf(QStringLiteral("--requirepass"));
    if (pass >= 0 && pass + 1 < m_extraArgs.size())
        m_password = m_extraArgs.at(pass + 1);
}

RedisServer::~RedisServer()
{
    stop();
}

QString RedisServer::socketPath() const
{
    return m_dir.filePath(QStringLiteral("redis.sock"));
}

RedisUrl RedisServer::url(const QString &password, const QString &user, int db) const
{
    RedisUrl url;
    url.host = QStringLiteral("127.0.0.1");
    url.port = m_port;
    url.password = password;
    url.user = user;
    url.db = db;
    return url;
}

bool RedisServer::start(QString *error)
{
    QString why;
    if (!m_dir.isValid()) {
        why = QStringLiteral("no temporary directory: %1").arg(m_dir.errorString());
    } else if (QStandardPaths::findExecutable(QStringLiteral("redis-server")).isEmpty()) {
        why = QStringLiteral("redis-server is not installed");
    } else {
        const bool pickPort = m_port == 0;
        // A port found free can be taken before redis-server binds it: try a few.
        for (int attempt = 0; attempt < (pickPort ? 5 : 1); ++attempt) {
            if (pickPort)
                m_port = freeLoopbackPort();
            if (launch(&why))
                return true;
        }
        if (pickPort)
            m_port = 0;
    }
    if (error)
        *error = why;
    return false;
}

bool RedisServer::launch(QString *error)
{
    stop();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setWorkingDirectory(m_dir.path());
    QStringList args {QStringLiteral("--port"),
                      QString::number(m_port),
                      QStringLiteral("--bind"),
                      QStringLiteral("127.0.0.1"),
                      QStringLiteral("--unixsocket"),
                      socketPath(),
                      QStringLiteral("--unixsocketperm"),
                      QStringLiteral("700"),
                      QStringLiteral("--save"),
                      QString(),
                      QStringLiteral("--appendonly"),
                      QStringLiteral("no"),
                      QStringLiteral("--dir"),
                      m_dir.path(),
                      QStringLiteral("--daemonize"),
                      QStringLiteral("no")};
    args += m_extraArgs;
    m_process->start(QStringLiteral("redis-server"), args);
    if (!m_process->waitForStarted(5000)) {
        *error = QStringLiteral("redis-server did not start: %1").arg(m_process->errorString());
        m_process.reset();
        return false;
    }
    if (!waitUntilAnswering(10000)) {
        m_process->kill();
        m_process->waitForFinished(5000);
        *error = QStringLiteral("redis-server on port %1 did not answer PING: %2")
                     .arg(m_port)
                     .arg(QString::fromLocal8Bit(m_process->readAll()));
        m_process.reset();
        return false;
    }
    return true;
}

bool RedisServer::waitUntilAnswering(int timeoutMs) const
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process->state() != QProcess::Running)
            return false;
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        if (socket.waitForConnected(500)) {
            socket.write("PING\r\n");
            if (socket.waitForBytesWritten(500) && socket.waitForReadyRead(1000)) {
                const QByteArray answer = socket.readAll();
                // A server with a password answers NOAUTH: up all the same.
                if (answer.startsWith("+PONG") || answer.startsWith("-NOAUTH"))
                    return true;
            }
        }
        QThread::msleep(20);
    }
    return false;
}

void RedisServer::stop()
{
    if (!m_process)
        return;
    resume();
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

void RedisServer::kill()
{
    if (!m_process)
        return;
    m_process->kill(); // SIGKILL, also for a paused process
    m_process->waitForFinished(5000);
    m_paused = false;
    m_process.reset();
}

void RedisServer::pause()
{
    if (m_process && m_process->state() == QProcess::Running && !m_paused) {
        ::kill(pid_t(m_process->processId()), SIGSTOP);
        m_paused = true;
    }
}

void RedisServer::resume()
{
    if (m_process && m_paused) {
        ::kill(pid_t(m_process->processId()), SIGCONT);
        m_paused = false;
    }
}

bool RedisServer::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QByteArray RedisServer::cli(const QStringList &args) const
{
    QProcess process;
    QStringList all {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                     QString::number(m_port)};
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!m_password.isEmpty())
        env.insert(QStringLiteral("REDISCLI_AUTH"), m_password); // not on the command line
    process.setProcessEnvironment(env);
    all += args;
    process.start(QStringLiteral("redis-cli"), all);
    if (!process.waitForFinished(10000))
        return {};
    QByteArray out = process.readAllStandardOutput();
    if (out.endsWith('\n'))
        out.chop(1);
    return out;
}

} // namespace Keyway::Test
