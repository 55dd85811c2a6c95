// The real keyway-cli binary against an in-process sandbox on loopback: exit codes, output, one
// refresh for many requests, and no secret in anything it prints.
#include "clientstack.h"
#include "clifixture.h"
#include "memorybound.h"
#include "secretscan.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Keyway;
using namespace Keyway::Test;

namespace {

// The peak resident set size of a running process, from /proc/<pid>/status; -1 when unreadable.
qint64 peakRssBytes(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

// A file of random bytes; returns its SHA-256.
QByteArray writeRandomFile(const QString &path, int megabytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    for (int i = 0; i < megabytes; ++i) {
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(chunk.data()),
                                              chunk.size() / 4);
        hash.addData(chunk);
        if (file.write(chunk) != chunk.size())
            return {};
    }
    return hash.result();
}

QByteArray fileSha256(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file))
        return {};
    return hash.result();
}

QStringList lines(const QByteArray &output)
{
    QStringList result;
    for (const QByteArray &line : output.split('\n')) {
        if (!line.isEmpty())
            result.append(QString::fromUtf8(line));
    }
    return result;
}

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT

    CliFixture m_cli;
    QTemporaryDir m_dir;

    void startSandbox(const SandboxConfig &config)
    {
        QString error;
        QVERIFY2(m_cli.startSandbox(config, &error), qPrintable(error));
    }

    // Secrets come only from the environment each test gives, never from the one ctest runs in;
    // workspaces and profiles live in this test's own home.
    QProcessEnvironment cleanEnvironment() const { return m_cli.environment(false); }
    QProcessEnvironment secretsEnvironment() const { return m_cli.environment(true); }

    // Runs keyway-cli while this process's event loop keeps serving the sandbox.
    CliRun run(const QStringList &arguments, const QProcessEnvironment &environment,
               int timeoutMs = 60000) const
    {
        return m_cli.run(arguments, environment, timeoutMs);
    }
    CliRun run(const QStringList &arguments) const { return m_cli.run(arguments); }

    QStringList clientArgs() const { return m_cli.clientArgs(); }
    QStringList passwordGrantArgs() const { return m_cli.passwordGrantArgs(); }
    QString api(const QString &path) const { return m_cli.api(path); }

    // A token response obtained from the sandbox by the test itself, as a user would save it
    // from another tool; written to a file for --tokens.
    QString seededTokensFile()
    {
        const QByteArray response = passwordGrantResponse(m_cli.sandbox());
        const QString path = m_dir.filePath(QStringLiteral("tokens.json"));
        QFile file(path);
        if (response.isEmpty() || !file.open(QIODevice::WriteOnly)
            || file.write(response) != response.size())
            return {};
        return path;
    }

    // GET /api/items with the token response in `tokens` and nothing else to get a token with.
    CliRun sendWithTokens(const QString &tokens) const
    {
        return run({QStringLiteral("send"), QStringLiteral("GET"),
                    api(QStringLiteral("/api/items")), QStringLiteral("--tokens"), tokens});
    }

    QString writeFile(const QString &name, const QByteArray &content) const
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            return {};
        return path;
    }

    // Every secret this run could have leaked (each token the sandbox issued, the client secret
    // and the password), in every form, in what it printed or on its command line.
    void verifyNoSecretIn(const CliRun &result) const
    {
        const QStringList found =
            SecretScan::forSandbox(m_cli.sandbox()).scanRun(QStringLiteral("keyway-cli"), result);
        QVERIFY2(found.isEmpty(),
                 qPrintable(found.join(QLatin1Char('\n')) + QLatin1Char('\n') + result.describe()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_cli.findBinary(&error), qPrintable(error));
    }
    void init()
    {
        QString error;
        QVERIFY2(m_cli.startTest({}, &error), qPrintable(error));
    }
    void cleanup() { m_cli.stopTest(); }

    void passwordGrantGet_exitsZeroAndPrintsTheBody()
    {
        const CliRun result = run(QStringList {QStringLiteral("send"), QStringLiteral("GET"),
                                               api(QStringLiteral("/api/items"))}
                                  + passwordGrantArgs());
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QCOMPARE(result.exitCode, 0);
        const QJsonObject body = QJsonDocument::fromJson(result.out).object();
        QVERIFY2(body.value(QStringLiteral("items")).isArray(), qPrintable(result.describe()));
        QVERIFY2(result.err.contains("HTTP 200"), qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().passwordGrants, 1);
        verifyNoSecretIn(result);
    }

    void expiredSeededTokens_fiftyRequestsShareOneRefresh()
    {
        const QString tokens = seededTokensFile();
        QVERIFY(!tokens.isEmpty());
        m_cli.sandbox().expireAllTokens();
        m_cli.sandbox().resetCounters();

        const CliRun result =
            run(QStringList {QStringLiteral("send"), QStringLiteral("GET"),
                             api(QStringLiteral("/api/items")), QStringLiteral("--tokens"), tokens,
                             QStringLiteral("--count"), QStringLiteral("50"),
                             QStringLiteral("--concurrency"), QStringLiteral("10"),
                             QStringLiteral("--json")}
                + clientArgs());
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QCOMPARE(result.exitCode, 0);
        const QJsonObject summary = QJsonDocument::fromJson(result.out).object();
        QVERIFY2(!summary.isEmpty(), qPrintable(result.describe()));
        QCOMPARE(summary.value(QStringLiteral("ok")).toInt(), 50);
        QCOMPARE(summary.value(QStringLiteral("failed")).toInt(), 0);
        QCOMPARE(summary.value(QStringLiteral("statuses")).toObject(),
                 QJsonObject({{QStringLiteral("200"), 50}}));
        QCOMPARE(summary.value(QStringLiteral("refreshes")).toInt(), 1);
        const int replays = summary.value(QStringLiteral("replays")).toInt();
        QVERIFY2(replays >= 1 && replays <= 10, qPrintable(result.describe()));
        QVERIFY(summary.contains(QStringLiteral("wall_ms")));
        QCOMPARE(m_cli.sandbox().counters().refreshes, 1);
        QCOMPARE(m_cli.sandbox().counters().tokenRequests, 1);
        QCOMPARE(m_cli.sandbox().counters().apiHits, 50 + replays);
        verifyNoSecretIn(result);
    }

    // Copies of one request report only their outcomes: their bodies pass through without being
    // held, so answers over the in-memory limit (256 MB) succeed, two at once.
    void countedCopies_largeAnswersPassThrough_notHeld()
    {
        constexpr qint64 size = qint64(300) << 20;
        const CliRun result = run(QStringList {QStringLiteral("send"), QStringLiteral("GET"),
                                               api(QStringLiteral("/api/huge?bytes=%1").arg(size)),
                                               QStringLiteral("--count"), QStringLiteral("2"),
                                               QStringLiteral("--concurrency"), QStringLiteral("2"),
                                               QStringLiteral("--json")}
                                  + passwordGrantArgs());
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QCOMPARE(result.exitCode, 0);
        const QJsonObject summary = QJsonDocument::fromJson(result.out).object();
        QVERIFY2(!summary.isEmpty(), qPrintable(result.describe()));
        QCOMPARE(summary.value(QStringLiteral("ok")).toInt(), 2);
        QCOMPARE(summary.value(QStringLiteral("failed")).toInt(), 0);
        QCOMPARE(summary.value(QStringLiteral("statuses")).toObject(),
                 QJsonObject({{QStringLiteral("200"), 2}}));
    }

    void expiredStatus403_refreshesOnlyWhenAskedTo_data()
    {
        QTest::addColumn<bool>("option");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<int>("refreshes");
        QTest::newRow("--expired-status 403: one refresh, then 200") << true << 0 << 1;
        QTest::newRow("without it: the 403 is the answer") << false << 1 << 0;
    }
    void expiredStatus403_refreshesOnlyWhenAskedTo()
    {
        QFETCH(bool, option);
        QFETCH(int, exitCode);
        QFETCH(int, refreshes);
        SandboxConfig config;
        config.expiredStatus = 403;
        startSandbox(config);
        const QString tokens = seededTokensFile();
        QVERIFY(!tokens.isEmpty());
        m_cli.sandbox().expireAllTokens();
        m_cli.sandbox().resetCounters();

        QStringList arguments {QStringLiteral("send"),
                               QStringLiteral("GET"),
                               api(QStringLiteral("/api/items")),
                               QStringLiteral("--tokens"),
                               tokens,
                               QStringLiteral("--json")};
        if (option)
            arguments += QStringList {QStringLiteral("--expired-status"), QStringLiteral("403")};
        const CliRun result = run(arguments + clientArgs());
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QVERIFY2(result.exitCode == exitCode, qPrintable(result.describe()));
        const QJsonObject summary = QJsonDocument::fromJson(result.out).object();
        QCOMPARE(summary.value(QStringLiteral("refreshes")).toInt(), refreshes);
        QCOMPARE(m_cli.sandbox().counters().refreshes, refreshes);
        QCOMPARE(m_cli.sandbox().counters().sent403, 1);
        QCOMPARE(summary.value(QStringLiteral("statuses")).toObject(),
                 QJsonObject({{option ? QStringLiteral("200") : QStringLiteral("403"), 1}}));
    }

    void patchFromFile_replayedAfterRefreshWithTheFilesSha256()
    {
        QByteArray content(3 << 20, Qt::Uninitialized);
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(content.data()),
                                              content.size() / 4);
        const QString path = writeFile(QStringLiteral("body.bin"), content);
        QVERIFY(!path.isEmpty());
        const QString tokens = seededTokensFile();
        QVERIFY(!tokens.isEmpty());
        m_cli.sandbox().expireAllTokens();
        m_cli.sandbox().resetCounters();

        const CliRun result =
            run(QStringList {QStringLiteral("send"), QStringLiteral("PATCH"),
                             api(QStringLiteral("/api/echo")), QStringLiteral("--data"),
                             QLatin1Char('@') + path, QStringLiteral("--tokens"), tokens}
                + clientArgs());
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QCOMPARE(result.exitCode, 0);
        const QJsonObject echo = QJsonDocument::fromJson(result.out).object();
        QCOMPARE(echo.value(QStringLiteral("method")).toString(), QStringLiteral("PATCH"));
        QCOMPARE(echo.value(QStringLiteral("length")).toInteger(), content.size());
        QCOMPARE(echo.value(QStringLiteral("sha256")).toString(),
                 QString::fromLatin1(
                     QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(echo.value(QStringLiteral("contentType")).toString(),
                 QStringLiteral("application/octet-stream"));
        QCOMPARE(m_cli.sandbox().counters().refreshes, 1);
        QVERIFY2(result.err.contains("replayed after a token refresh"),
                 qPrintable(result.describe()));
    }

    // The body is written as it arrives: a 64 MB answer costs the process far less than 64 MB.
    // Its stdout is a FIFO this test reads at its own pace, so that the process is still alive
    // (blocked writing to it) when its peak memory is read, with most of the body through.
    void largeBody_streamedToStdoutWithBoundedMemory()
    {
        constexpr int megabytes = 64;
        constexpr qint64 size = qint64(megabytes) << 20;
        const QString upload = m_dir.filePath(QStringLiteral("large-upload.bin"));
        const QByteArray sha256 = writeRandomFile(upload, megabytes);
        QVERIFY(!sha256.isEmpty());
        const QString fifo = m_dir.filePath(QStringLiteral("stdout.fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        // Opened before the process starts, so that its end of the FIFO opens at once.
        const int reader = ::open(QFile::encodeName(fifo).constData(), O_RDONLY | O_NONBLOCK);
        QVERIFY(reader >= 0);
        const auto closeReader = qScopeGuard([reader] { ::close(reader); });

        QProcess process;
        process.setProcessEnvironment(secretsEnvironment());
        process.setStandardOutputFile(fifo);
        process.start(m_cli.binary(),
                      QStringList {QStringLiteral("send"), QStringLiteral("PUT"),
                                   api(QStringLiteral("/api/echo?raw")), QStringLiteral("--data"),
                                   QLatin1Char('@') + upload}
                          + passwordGrantArgs());
        QVERIFY(process.waitForStarted());
        const auto stopProcess = qScopeGuard([&process] {
            if (process.state() != QProcess::NotRunning) {
                process.kill();
                process.waitForFinished(5000);
            }
        });

        QCryptographicHash received(QCryptographicHash::Sha256);
        qint64 total = 0;
        QByteArray buffer(1 << 16, Qt::Uninitialized);
        const auto readUpTo = [&](qint64 limit) {
            while (total < limit) {
                const ssize_t n = ::read(reader, buffer.data(),
                                         size_t(qMin<qint64>(buffer.size(), limit - total)));
                if (n <= 0)
                    return;
                received.addData(QByteArrayView(buffer.constData(), n));
                total += n;
            }
        };
        // Three quarters of the body through, then the process waits on the full FIFO.
        const qint64 held = size / 4 * 3;
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         readUpTo(held);
                         return total >= held || process.state() == QProcess::NotRunning;
                     },
                     120000),
                 qPrintable(QStringLiteral("%1 bytes read").arg(total)));
        QCOMPARE(total, held);
        QCOMPARE(process.state(), QProcess::Running);
        const qint64 peak = peakRssBytes(process.processId());
        QVERIFY2(peak > 0, "no VmHWM in /proc/<pid>/status");
        qInfo("keyway-cli peak RSS with %lld of %lld body bytes through: %lld KiB", total, size,
              peak / 1024);
        // Holding the body would cost at least the 48 MB already written; streaming costs what
        // the process needs anyway plus a few buffers.
        KEYWAY_VERIFY_MEMORY_BOUND(peak < size / 2,
                                   qPrintable(QStringLiteral("peak RSS %1 KiB").arg(peak / 1024)));

        QVERIFY(QTest::qWaitFor(
            [&] {
                readUpTo(size + 1);
                return process.state() == QProcess::NotRunning;
            },
            120000));
        readUpTo(size + 1);
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        const QByteArray err = process.readAllStandardError();
        QVERIFY2(process.exitCode() == 0, err.constData());
        QCOMPARE(total, size); // exactly the bytes sent: no newline added for a pipe
        QCOMPARE(received.result().toHex(), sha256.toHex());
        QVERIFY2(err.contains("HTTP 200"), err.constData());
    }

    void ctrlC_cancelsTheRequestsInFlight_printsTheSummary_exits130()
    {
        bool interrupted = false;
        const CliRun result = runCliInterrupted(
            m_cli.binary(),
            QStringList {QStringLiteral("send"), QStringLiteral("GET"),
                         api(QStringLiteral("/api/slow?ms=60000")), QStringLiteral("--count"),
                         QStringLiteral("3"), QStringLiteral("--concurrency"), QStringLiteral("3"),
                         QStringLiteral("--json")}
                + passwordGrantArgs(),
            secretsEnvironment(), [this] { return m_cli.sandbox().counters().apiHits >= 3; },
            &interrupted, 30000);
        QVERIFY2(interrupted, qPrintable(result.describe()));
        QVERIFY2(result.finished && result.exitCode == 130, qPrintable(result.describe()));
        QVERIFY2(result.err.contains("interrupted: cancelling the requests in flight"),
                 qPrintable(result.describe()));
        const QJsonObject summary = QJsonDocument::fromJson(result.out).object();
        QCOMPARE(summary.value(QStringLiteral("requests")).toInt(), 3);
        QCOMPARE(summary.value(QStringLiteral("failed")).toInt(), 3);
    }

    // Ctrl-C while the token endpoint keeps the sign-in waiting: nothing is sent, and it says so.
    void ctrlC_whileSigningIn_cancelsTheSignIn_sendsNothing_exits130()
    {
        m_cli.sandbox().setTokenFault(TokenFault::Hang);
        bool interrupted = false;
        const CliRun result = runCliInterrupted(
            m_cli.binary(),
            QStringList {QStringLiteral("send"), QStringLiteral("GET"),
                         api(QStringLiteral("/api/items"))}
                + passwordGrantArgs(),
            secretsEnvironment(), [this] { return m_cli.sandbox().counters().tokenRequests >= 1; },
            &interrupted, 30000);
        QVERIFY2(interrupted, qPrintable(result.describe()));
        QVERIFY2(result.finished && result.exitCode == 130, qPrintable(result.describe()));
        QVERIFY2(result.err.contains("keyway-cli: sign-in cancelled (Ctrl-C); nothing was sent, "
                                     "and nothing was stored"),
                 qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().tokenRequests, 1);
        QCOMPARE(m_cli.sandbox().counters().apiHits, 0);
    }

    void outputFile_getsTheBodyAndIsLeftAsItWasWhenTheAnswerFails()
    {
        const QString upload = m_dir.filePath(QStringLiteral("upload-8.bin"));
        const QByteArray sha256 = writeRandomFile(upload, 8);
        QVERIFY(!sha256.isEmpty());
        const QString output = m_dir.filePath(QStringLiteral("answer.bin"));
        CliRun result =
            run(QStringList {QStringLiteral("send"), QStringLiteral("PUT"),
                             api(QStringLiteral("/api/echo?raw")), QStringLiteral("--data"),
                             QLatin1Char('@') + upload, QStringLiteral("-o"), output}
                + passwordGrantArgs());
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QVERIFY2(result.out.isEmpty(), qPrintable(result.describe()));
        QCOMPARE(fileSha256(output).toHex(), sha256.toHex());
        QVERIFY2(result.err.contains(QByteArray::number(8 << 20) + " bytes written to"),
                 qPrintable(result.describe()));

        // No complete answer: the file from before stays as it was.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        result = run(QStringList {QStringLiteral("send"), QStringLiteral("GET"),
                                  QStringLiteral("http://127.0.0.1:%1/api/items").arg(port),
                                  QStringLiteral("-o"), output}
                     + passwordGrantArgs());
        QVERIFY2(result.exitCode == 1, qPrintable(result.describe()));
        QVERIFY2(result.err.contains("left as it was"), qPrintable(result.describe()));
        QCOMPARE(fileSha256(output).toHex(), sha256.toHex());
    }

    void tokensFileThatIsNoTokenResponse_saysWhatItFound_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("stderrHas");
        QTest::newRow("no access_token") << QByteArray(R"({"token": "x"})")
                                         << QStringLiteral(R"(has no "access_token" string (found )"
                                                           "nothing; its keys are: token)");
        QTest::newRow("access_token a number")
            << QByteArray(R"({"access_token": 5})")
            << QStringLiteral(R"(has no "access_token" string (found a number; )");
        QTest::newRow("refresh_token a number")
            << QByteArray(R"({"access_token": "a", "token_type": "Bearer", "refresh_token": 3})")
            << QStringLiteral(R"("refresh_token" is a number, not a string)");
    }
    void tokensFileThatIsNoTokenResponse_saysWhatItFound()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, stderrHas);
        const QString tokens = writeFile(QStringLiteral("not-tokens.json"), content);
        QVERIFY(!tokens.isEmpty());
        m_cli.sandbox().resetCounters();
        const CliRun result = sendWithTokens(tokens);
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(QString::fromUtf8(result.err).contains(stderrHas), qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().apiHits, 0);
    }

    void expiredTokensWithoutTokenUrl_failSayingWhatIsMissing()
    {
        const QString tokens = seededTokensFile();
        QVERIFY(!tokens.isEmpty());
        m_cli.sandbox().expireAllTokens();
        m_cli.sandbox().resetCounters();
        const CliRun result = sendWithTokens(tokens);
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("HTTP 401"), qPrintable(result.describe()));
        QVERIFY2(result.err.contains("--token-url"), qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().tokenRequests, 0);
    }

    void expiredTokensAndARefusedRefresh_failWithTheServersError()
    {
        const QString tokens = seededTokensFile();
        QVERIFY(!tokens.isEmpty());
        m_cli.sandbox().expireAllTokens();
        m_cli.sandbox().resetCounters();
        m_cli.sandbox().setTokenFault(TokenFault::InvalidGrant);
        const CliRun result =
            run(QStringList {QStringLiteral("send"), QStringLiteral("GET"),
                             api(QStringLiteral("/api/items")), QStringLiteral("--tokens"), tokens,
                             QStringLiteral("--count"), QStringLiteral("3"),
                             QStringLiteral("--concurrency"), QStringLiteral("3"),
                             QStringLiteral("--json")}
                + clientArgs());
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QVERIFY2(!result.crashed, qPrintable(result.describe()));
        QCOMPARE(result.exitCode, 1);
        const QJsonObject summary = QJsonDocument::fromJson(result.out).object();
        QCOMPARE(summary.value(QStringLiteral("failed")).toInt(), 3);
        QCOMPARE(summary.value(QStringLiteral("refreshes")).toInt(), 1);
        QVERIFY2(result.err.contains("invalid_grant"), qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().refreshGrants, 1);
        verifyNoSecretIn(result);
    }

    void secretsFromTheEnvironment_signIn_data()
    {
        QTest::addColumn<bool>("withSecrets");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stderrHas");
        QTest::newRow("KEYWAY_CLIENT_SECRET and KEYWAY_PASSWORD set") << true << 0 << QString();
        QTest::newRow("not set: the password is asked for")
            << false << 2 << QStringLiteral("KEYWAY_PASSWORD");
    }
    void secretsFromTheEnvironment_signIn()
    {
        QFETCH(bool, withSecrets);
        QFETCH(int, exitCode);
        QFETCH(QString, stderrHas);
        const CliRun result = run(QStringList {QStringLiteral("send"), QStringLiteral("GET"),
                                               api(QStringLiteral("/api/items"))}
                                      + passwordGrantArgs(),
                                  withSecrets ? secretsEnvironment() : cleanEnvironment());
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QVERIFY2(result.exitCode == exitCode, qPrintable(result.describe()));
        QVERIFY2(QString::fromUtf8(result.err).contains(stderrHas), qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().passwordGrants, withSecrets ? 1 : 0);
    }

    void missingClientSecret_failsWithTheServersInvalidClient()
    {
        QProcessEnvironment environment = cleanEnvironment();
        environment.insert(QStringLiteral("KEYWAY_PASSWORD"), m_cli.sandbox().config().password);
        const CliRun result = run(QStringList {QStringLiteral("send"), QStringLiteral("GET"),
                                               api(QStringLiteral("/api/items"))}
                                      + passwordGrantArgs(),
                                  environment);
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QCOMPARE(result.exitCode, 1);
        const QString err = QString::fromUtf8(result.err);
        QVERIFY2(err.contains(QStringLiteral("invalid_client")), qPrintable(result.describe()));
        QVERIFY2(err.contains(QStringLiteral("KEYWAY_CLIENT_SECRET")),
                 qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().apiHits, 0);
    }

    void wrongPassword_failsWithInvalidGrantAndNeverEchoesIt()
    {
        const QString wrong = QStringLiteral("not-the-password-4711");
        // From a file: the refusal is the one line on stderr.
        const QString passwordFile =
            writeFile(QStringLiteral("wrong-password.txt"), wrong.toUtf8() + '\n');
        QVERIFY(!passwordFile.isEmpty());
        const CliRun result = run(QStringList {QStringLiteral("send"), QStringLiteral("GET"),
                                               api(QStringLiteral("/api/items")),
                                               QStringLiteral("--password-file"), passwordFile}
                                  + passwordGrantArgs());
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QCOMPARE(result.exitCode, 1);
        const QString err = QString::fromUtf8(result.err);
        QVERIFY2(err.contains(QStringLiteral("invalid_grant")), qPrintable(result.describe()));
        QVERIFY2(err.contains(QStringLiteral("--username")), qPrintable(result.describe()));
        QVERIFY2(!err.contains(wrong), qPrintable(result.describe()));
        QCOMPARE(lines(result.err).size(), 1);
        QVERIFY(result.out.isEmpty());

        // From the flag: the same refusal, after a warning that `ps` shows the password.
        const CliRun flagged =
            run(QStringList {QStringLiteral("send"), QStringLiteral("GET"),
                             api(QStringLiteral("/api/items")), QStringLiteral("--password"), wrong}
                + passwordGrantArgs());
        QVERIFY2(flagged.finished, qPrintable(flagged.describe()));
        QCOMPARE(flagged.exitCode, 1);
        const QStringList flaggedLines = lines(flagged.err);
        QCOMPARE(flaggedLines.size(), 2);
        QVERIFY2(flaggedLines.constFirst().contains(QStringLiteral("WARNING: --password")),
                 qPrintable(flagged.describe()));
        QVERIFY2(flaggedLines.constLast().contains(QStringLiteral("invalid_grant")),
                 qPrintable(flagged.describe()));
        QVERIFY2(!flagged.err.contains(wrong.toUtf8()), qPrintable(flagged.describe()));
        QCOMPARE(m_cli.sandbox().counters().apiHits, 0);
    }

    // GitHub's OAuth server says 200 with {"error":"invalid_grant"}: that is the server's refusal,
    // not a token response that lacks its access_token.
    void errorMemberWith200_isShownAsTheServersRefusal()
    {
        m_cli.sandbox().setTokenFault(TokenFault::InvalidGrant200);
        const CliRun result = run(QStringList {QStringLiteral("send"), QStringLiteral("GET"),
                                               api(QStringLiteral("/api/items"))}
                                  + passwordGrantArgs());
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QCOMPARE(result.exitCode, 1);
        const QString err = QString::fromUtf8(result.err);
        QVERIFY2(err.contains(QStringLiteral("the token endpoint refused the sign-in: "
                                             "invalid_grant (Injected fault: the grant is not "
                                             "valid), HTTP 200")),
                 qPrintable(result.describe()));
        QVERIFY2(!err.contains(QStringLiteral("access_token")), qPrintable(result.describe()));
        QVERIFY2(!err.contains(QStringLiteral("again later")), qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().tokenRequests, 1);
        QCOMPARE(m_cli.sandbox().counters().apiHits, 0);
    }

    void unreachableHost_namesHostAndPortThatNothingListensOn_data()
    {
        QTest::addColumn<bool>("tokenEndpoint");
        QTest::newRow("the API") << false;
        QTest::newRow("the token endpoint") << true;
    }
    void unreachableHost_namesHostAndPortThatNothingListensOn()
    {
        QFETCH(bool, tokenEndpoint);
        // A port that was free a moment ago: nothing listens on it.
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            port = probe.serverPort();
        }
        const QString dead = QStringLiteral("http://127.0.0.1:%1").arg(port);
        QStringList arguments {QStringLiteral("send"), QStringLiteral("GET")};
        if (tokenEndpoint) {
            arguments +=
                QStringList {api(QStringLiteral("/api/items")),     QStringLiteral("--token-url"),
                             dead + QStringLiteral("/oauth/token"), QStringLiteral("--client-id"),
                             QStringLiteral("keyway-demo"),         QStringLiteral("--grant"),
                             QStringLiteral("client_credentials")};
        } else {
            const QString tokens = seededTokensFile();
            QVERIFY(!tokens.isEmpty());
            arguments += QStringList {dead + QStringLiteral("/api/items"),
                                      QStringLiteral("--tokens"), tokens};
        }
        const CliRun result = run(arguments);
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QCOMPARE(result.exitCode, 1);
        const QString err = QString::fromUtf8(result.err);
        QVERIFY2(err.contains(QStringLiteral("nothing is listening on 127.0.0.1:%1").arg(port)),
                 qPrintable(result.describe()));
        QVERIFY2(err.contains(tokenEndpoint ? QStringLiteral("token endpoint")
                                            : QStringLiteral("cannot reach")),
                 qPrintable(result.describe()));
        QVERIFY(result.out.isEmpty());
    }

    void brokenTokensFile_failsSayingWhatIsWrong_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("stderrHas");
        QTest::newRow("not JSON") << QByteArray("access_token=leaky-value-1&x=y")
                                  << QStringLiteral("not valid JSON");
        QTest::newRow("cut short") << QByteArray("{\"access_token\": \"leaky-value-1\", ")
                                   << QStringLiteral("not valid JSON");
        QTest::newRow("an array") << QByteArray("[\"leaky-value-1\"]")
                                  << QStringLiteral("not an object");
        QTest::newRow("no access_token") << QByteArray("{\"token\": \"leaky-value-1\"}")
                                         << QStringLiteral("no \"access_token\"");
        QTest::newRow("empty") << QByteArray("\n") << QStringLiteral("is empty");
        QTest::newRow("not a Bearer token")
            << QByteArray("{\"access_token\": \"leaky-value-1\", \"token_type\": \"mac\"}")
            << QStringLiteral("Bearer");
    }
    void brokenTokensFile_failsSayingWhatIsWrong()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, stderrHas);
        const QString path = writeFile(QStringLiteral("broken.json"), content);
        QVERIFY(!path.isEmpty());
        const CliRun result =
            run(QStringList {QStringLiteral("send"), QStringLiteral("GET"),
                             api(QStringLiteral("/api/items")), QStringLiteral("--tokens"), path}
                + clientArgs());
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QCOMPARE(result.exitCode, 1);
        const QString err = QString::fromUtf8(result.err);
        QVERIFY2(err.contains(stderrHas), qPrintable(result.describe()));
        QVERIFY2(err.contains(path), qPrintable(result.describe()));
        QVERIFY2(!err.contains(QStringLiteral("leaky-value-1")), qPrintable(result.describe()));
        QCOMPARE(m_cli.sandbox().counters().apiHits, 0);
    }

    void missingTokensFile_failsNamingIt()
    {
        const QString path = m_dir.filePath(QStringLiteral("does-not-exist.json"));
        const CliRun result =
            run({QStringLiteral("send"), QStringLiteral("GET"), api(QStringLiteral("/api/items")),
                 QStringLiteral("--tokens"), path});
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(QString::fromUtf8(result.err)
                     .contains(QStringLiteral("cannot read --tokens file '%1'").arg(path)),
                 qPrintable(result.describe()));
    }

    void events_areJsonLinesWithoutSecrets_data()
    {
        QTest::addColumn<bool>("seeded");
        QTest::newRow("sign-in") << false;
        QTest::newRow("expired seeded tokens, refresh and replays") << true;
    }
    void events_areJsonLinesWithoutSecrets()
    {
        QFETCH(bool, seeded);
        QStringList arguments {QStringLiteral("send"),
                               QStringLiteral("POST"),
                               api(QStringLiteral("/api/echo")),
                               QStringLiteral("--data"),
                               QStringLiteral("{\"hello\": 1}"),
                               QStringLiteral("-H"),
                               QStringLiteral("Content-Type: application/json"),
                               QStringLiteral("--count"),
                               QStringLiteral("4"),
                               QStringLiteral("--concurrency"),
                               QStringLiteral("4"),
                               QStringLiteral("--events"),
                               QStringLiteral("--quiet")};
        if (seeded) {
            const QString tokens = seededTokensFile();
            QVERIFY(!tokens.isEmpty());
            m_cli.sandbox().expireAllTokens();
            arguments += QStringList {QStringLiteral("--tokens"), tokens} + clientArgs();
        } else {
            arguments += passwordGrantArgs();
        }
        const CliRun result = run(arguments);
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QCOMPARE(result.exitCode, 0);

        QStringList types;
        for (const QString &line : lines(result.err)) {
            QJsonParseError error;
            const QJsonDocument event = QJsonDocument::fromJson(line.toUtf8(), &error);
            QVERIFY2(error.error == QJsonParseError::NoError && event.isObject(),
                     qPrintable(QStringLiteral("not a JSON object: ") + line));
            types.append(event.object().value(QStringLiteral("event")).toString());
        }
        QCOMPARE(types.count(QStringLiteral("request.finished")), 4);
        // One token request either way: the sign-in, or the refresh of the seeded tokens.
        QCOMPARE(types.count(seeded ? QStringLiteral("refresh.started")
                                    : QStringLiteral("signin.started")),
                 1);
        QCOMPARE(types.count(QStringLiteral("refresh.started"))
                     + types.count(QStringLiteral("signin.started")),
                 1);
        QVERIFY(types.contains(seeded ? QStringLiteral("request.replayed")
                                      : QStringLiteral("signed_in")));
        QVERIFY(result.out.isEmpty()); // --quiet: no summary line
        verifyNoSecretIn(result);
    }

    void usageErrors_exitTwoWithAHint_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("stderrHas");
        const QString url = QStringLiteral("http://127.0.0.1:1/api/items");
        const QStringList tokenArgs {QStringLiteral("--tokens"), QStringLiteral("-")};
        QTest::newRow("no command") << QStringList() << QStringLiteral("no command");
        QTest::newRow("unknown command")
            << QStringList {QStringLiteral("fetch")} << QStringLiteral("unknown command 'fetch'");
        QTest::newRow("unknown option")
            << (QStringList {QStringLiteral("send"), QStringLiteral("GET"), url,
                             QStringLiteral("--frobnicate")}
                + tokenArgs)
            << QStringLiteral("frobnicate");
        QTest::newRow("bad URL") << (QStringList {QStringLiteral("send"), QStringLiteral("GET"),
                                                  QStringLiteral("htp:/nowhere")}
                                     + tokenArgs)
                                 << QStringLiteral("'htp:/nowhere' is not a valid http");
        QTest::newRow("missing URL") << QStringList {QStringLiteral("send"), QStringLiteral("GET")}
                                     << QStringLiteral("METHOD and a URL");
        QTest::newRow("-o with --count")
            << (QStringList {QStringLiteral("send"), QStringLiteral("GET"), url,
                             QStringLiteral("-o"), QStringLiteral("x.json"),
                             QStringLiteral("--count"), QStringLiteral("2")}
                + tokenArgs)
            << QStringLiteral("-o takes the body of one request");
        QTest::newRow("grant without token URL")
            << QStringList {QStringLiteral("send"), QStringLiteral("GET"), url,
                            QStringLiteral("--grant"), QStringLiteral("client_credentials")}
            << QStringLiteral("--grant needs --token-url");
        QTest::newRow("nothing to get a token with")
            << QStringList {QStringLiteral("send"), QStringLiteral("GET"), url}
            << QStringLiteral("no way to get a token");
        QTest::newRow("header without colon")
            << (QStringList {QStringLiteral("send"), QStringLiteral("GET"), url,
                             QStringLiteral("-H"), QStringLiteral("X-Api-Key secret-ish")}
                + tokenArgs)
            << QStringLiteral("Name: value");
        QTest::newRow("count zero")
            << (QStringList {QStringLiteral("send"), QStringLiteral("GET"), url,
                             QStringLiteral("--count"), QStringLiteral("0")}
                + tokenArgs)
            << QStringLiteral("--count");
        QTest::newRow("expired status 500")
            << (QStringList {QStringLiteral("send"), QStringLiteral("GET"), url,
                             QStringLiteral("--expired-status"), QStringLiteral("500")}
                + tokenArgs)
            << QStringLiteral("401 or 403");
    }
    void usageErrors_exitTwoWithAHint()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, stderrHas);
        const CliRun result = run(arguments, cleanEnvironment());
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QCOMPARE(result.exitCode, 2);
        const QStringList err = lines(result.err);
        QCOMPARE(err.size(), 2);
        QVERIFY2(err.at(0).contains(stderrHas), qPrintable(result.describe()));
        QVERIFY2(err.at(1).contains(QStringLiteral("--help")), qPrintable(result.describe()));
        QVERIFY(!err.join(QLatin1Char('\n')).contains(QStringLiteral("secret-ish")));
        QVERIFY(result.out.isEmpty());
    }

    void help_listsOptionsAndExamples_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("stdoutHas");
        QTest::newRow("keyway-cli --help")
            << QStringList {QStringLiteral("--help")} << QStringLiteral("Examples:");
        QTest::newRow("keyway-cli send --help")
            << QStringList {QStringLiteral("send"), QStringLiteral("--help")}
            << QStringLiteral("--concurrency");
        QTest::newRow("keyway-cli --help send")
            << QStringList {QStringLiteral("--help"), QStringLiteral("send")}
            << QStringLiteral("KEYWAY_CLIENT_SECRET");
        QTest::newRow("keyway-cli demo --help")
            << QStringList {QStringLiteral("demo"), QStringLiteral("--help")}
            << QStringLiteral("sandbox");
    }
    void help_listsOptionsAndExamples()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, stdoutHas);
        const CliRun result = run(arguments, cleanEnvironment());
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(QString::fromUtf8(result.out).contains(stdoutHas), qPrintable(result.describe()));
        QVERIFY(result.err.isEmpty());
    }

    void demo_narratesOneRefreshForFiveRequests()
    {
        const CliRun result = run({QStringLiteral("demo")}, cleanEnvironment());
        QVERIFY2(result.finished, qPrintable(result.describe()));
        QCOMPARE(result.exitCode, 0);
        const QString out = QString::fromUtf8(result.out);
        QVERIFY2(out.contains(QStringLiteral("refresh.started")), qPrintable(result.describe()));
        QVERIFY2(out.contains(QStringLiteral("5 requests: 1 refresh, 5 replays, all 200")),
                 qPrintable(result.describe()));
        QVERIFY2(!out.contains(m_cli.sandbox().config().password), qPrintable(result.describe()));
        QVERIFY2(!out.contains(m_cli.sandbox().config().clientSecret),
                 qPrintable(result.describe()));
    }
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
